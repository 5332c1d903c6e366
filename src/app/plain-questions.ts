// Plain questions in DMs and mentions, turned into commands of the grammar.
// Only clear phrasings are understood; anything else falls through to the grammar (and its help).
import { isCommand } from './grammar.ts';

const US = /^(?:my|our|the)\s+team$|^us$|^we$/i;

/** Words that only make a request polite, a greeting, or a name for the bot: "hey, can you…". */
const POLITE = /^(?:(?:hi|hello|hey)\b[,!]?\s*)?(?:(?:techtree|bot)\b[,:]?\s*)?(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?|please\s+|pls\s+|kindly\s+)?(.+?)(?:[,]?\s+(?:please|pls|thanks|thank you))?$/i;

const RULES: readonly (readonly [RegExp, (m: RegExpMatchArray) => string])[] = [
  [/^mark\s+(?:the\s+)?(.+?)\s+(?:as\s+)?(?:not done|undone|not finished)$/i, (m) => `undo ${m[1]}`],
  [/^mark\s+(?:the\s+)?(.+?)\s+(?:as\s+)?(?:done|finished|complete|completed)$/i, (m) => `done ${m[1]}`],
  [/^mark\s+(?:the\s+)?(.+?)\s+(?:as\s+)?(?:started|in progress|in-progress)$/i, (m) => `start ${m[1]}`],
  [/^(?:we(?:'ve| have)?|i(?:'ve| have)?)\s+(?:now\s+)?(?:got|have)\s+(?:the\s+)?(.+?)\s+(?:up and running|running|working|in place|set up|in production|live|deployed)(?:\s+(?:now|today))?$/i, (m) => `done ${m[1]}`],
  [/^(?:so\s+|and\s+|ok\s+)?(?:what(?:'s| is)?|whats)\s+(?:up\s+)?next(?:\s+for\s+(.+))?$/i, (m) => (m[1] && !US.test(m[1].trim()) ? `next ${m[1]}` : 'next')],
  [/^(?:so\s+|and\s+|ok\s+)?what should (?:we|i|my team|our team) (?:do|work on|tackle|pick up|start)(?: next)?\b|^(?:any )?suggestions?\b|^recommend/i, () => 'next'],
  [/^(?:we(?:'ve| have)?|i(?:'ve| have)?|team)?\s*(?:just\s+)?(?:finished|completed|shipped|rolled out|are done with|done with|deployed|adopted)\s+(?:with\s+)?(?:the\s+)?(.+?)(?:\s+today|\s+yesterday|\s+now)?$/i, (m) => `done ${m[1]}`],
  [/^(?:we(?:'re| are)?|i(?:'m| am)?)\s*(?:just\s+)?(?:started|starting|begun|beginning|working on)\s+(?:on\s+)?(?:the\s+)?(.+)$/i, (m) => `start ${m[1]}`],
  [/^why\s+(?:isn'?t|aren'?t|is|are|'s)?\s*(?:the\s+)?(.+?)\s+(?:still\s+)?(?:locked|blocked|unavailable|not available|available|open)\b/i, (m) => `why ${m[1]}`],
  [/^why\s+(?:can'?t|cannot)\s+(?:we|i)\s+(?:do|start|have)\s+(?:the\s+)?(.+)$/i, (m) => `why ${m[1]}`],
  [/^how(?:'s| is| are)\s+(?:we|my team|our team|the team|it)\s+(?:doing|going|progressing)|^how far\b|^(?:what(?:'s| is)\s+)?(?:our|my team'?s?)\s+(?:status|progress)\b|^where are we\b|^what(?:'s| is| have we)\s+(?:done|finished|completed)\b/i, () => 'status'],
  [/^(?:what(?:'s| is)\s+)?the\s+(?:status|progress)\s+of\s+(.+)$/i, (m) => `status ${m[1]}`],
  [/^how\s+(?:is|are)\s+(.+?)\s+doing\b/i, (m) => `status ${m[1]}`],
  [/^(?:show|draw)\s+(?:me\s+)?(?:our|the|my team'?s?)\s+(?:tech\s+)?tree\b/i, () => 'tree'],
  [/^(?:tell me about|what(?:'s| is| are)|explain|describe)\s+(?:the\s+|an?\s+)?(.+)$/i, (m) => `show ${m[1]}`],
  [/^(?:hi|hello|hey|what can you do)\b/i, () => 'help'],
];

/** Returns the command the question asks for, or undefined to parse the text as a command. */
export function fromPlainQuestion(text: string): string | undefined {
  const trimmed = text.trim().replace(/[?!.]+$/, '').replace(/\s+for (?:my|our|the) team$/i, '').trim();
  const request = trimmed.match(POLITE)?.[1]?.trim() ?? trimmed;
  const byRule = (candidate: string) => {
    for (const [re, make] of RULES) {
      const m = candidate.match(re);
      if (m) return make(m).trim();
    }
    return undefined;
  };
  if (request === trimmed) return byRule(trimmed);
  // "can you undo falco": a command wrapped in polite words is that command.
  return byRule(request) ?? (isCommand(request) ? request : byRule(trimmed));
}
