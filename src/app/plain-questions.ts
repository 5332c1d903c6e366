// Plain questions in DMs and mentions, turned into commands of the grammar.
// Only clear phrasings are understood; anything else falls through to the grammar (and its help).

const RULES: readonly (readonly [RegExp, (m: RegExpMatchArray) => string])[] = [
  [/^(?:so\s+)?(?:what(?:'s| is)?|whats)\s+(?:up\s+)?next\b|^what should (?:we|i|my team) (?:do|work on|tackle)|^(?:any )?suggestions?\b|^recommend/i, () => 'next'],
  [/^(?:we(?:'ve| have)?|i(?:'ve| have)?|team)?\s*(?:just\s+)?(?:finished|completed|shipped|rolled out|are done with|done with|deployed|adopted)\s+(?:the\s+)?(.+?)(?:\s+today|\s+yesterday|\s+now)?$/i, (m) => `done ${m[1]}`],
  [/^(?:we(?:'re| are)?|i(?:'m| am)?)\s*(?:just\s+)?(?:started|starting|begun|beginning|working on)\s+(?:on\s+)?(?:the\s+)?(.+)$/i, (m) => `start ${m[1]}`],
  [/^why\s+(?:is|are|'s)?\s*(.+?)\s+(?:still\s+)?(?:locked|blocked|unavailable|not available)\b/i, (m) => `why ${m[1]}`],
  [/^why\s+(?:can'?t|cannot)\s+(?:we|i)\s+(?:do|start)\s+(.+)$/i, (m) => `why ${m[1]}`],
  [/^how(?:'s| is| are)\s+(?:we|my team|our team|the team|it)\s+(?:doing|going|progressing)|^how far\b|^(?:our|my team'?s?)\s+(?:status|progress)\b|^where are we\b/i, () => 'status'],
  [/^how\s+(?:is|are)\s+(.+?)\s+doing\b/i, (m) => `status ${m[1]}`],
  [/^(?:tell me about|what(?:'s| is)|explain|describe)\s+(?:the\s+)?(.+)$/i, (m) => `show ${m[1]}`],
  [/^(?:show|draw)\s+(?:me\s+)?(?:our|the|my team'?s?)\s+(?:tech\s+)?tree\b/i, () => 'tree'],
  [/^(?:hi|hello|hey|what can you do)\b/i, () => 'help'],
];

/** Returns the command the question asks for, or undefined to parse the text as a command. */
export function fromPlainQuestion(text: string): string | undefined {
  const cleaned = text.trim().replace(/[?!.]+$/, '').replace(/\s+for (?:my|our|the) team$/i, '').trim();
  for (const [re, make] of RULES) {
    const m = cleaned.match(re);
    if (m) return make(m).trim();
  }
  return undefined;
}
