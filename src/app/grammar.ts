// One grammar for Slack, Teams and the CLI: text in, a Command or a UserError out.
import { likelyTypoOf } from '../engine/index.ts';
import type { UserError } from './user-errors.ts';

export type Command =
  | { readonly kind: 'done'; readonly node: string; readonly force: boolean }
  | { readonly kind: 'undo'; readonly node: string }
  | { readonly kind: 'start'; readonly node: string }
  | { readonly kind: 'skip'; readonly rest: string }
  | { readonly kind: 'unskip'; readonly node: string }
  | { readonly kind: 'next'; readonly team?: string }
  | { readonly kind: 'status'; readonly team?: string }
  | { readonly kind: 'show'; readonly node: string }
  | { readonly kind: 'why'; readonly node: string }
  | { readonly kind: 'tree'; readonly treeId?: string }
  | { readonly kind: 'trees' }
  | { readonly kind: 'team' }
  | { readonly kind: 'teamCreate'; readonly name: string }
  | { readonly kind: 'teamLink'; readonly team: string }
  | { readonly kind: 'teamJoin'; readonly team: string }
  | { readonly kind: 'teamTrack'; readonly treeId: string }
  | { readonly kind: 'council' }
  | { readonly kind: 'councilHere' }
  | { readonly kind: 'councilOff' }
  | { readonly kind: 'councilSchedule'; readonly cron: string; readonly timeZone: string }
  | { readonly kind: 'councilAdd'; readonly team: string }
  | { readonly kind: 'councilRemove'; readonly team: string }
  | { readonly kind: 'councilStall'; readonly days: string }
  | { readonly kind: 'digest' }
  | { readonly kind: 'help'; readonly topic?: string };

export type Parsed = { readonly ok: true; readonly command: Command } | { readonly ok: false; readonly error: UserError };

export const MAX_INPUT = 2000;

export const USAGE: Readonly<Record<string, string>> = {
  done: 'done <node> [--force]',
  undo: 'undo <node>',
  start: 'start <node>',
  skip: 'skip <node> <reason>',
  unskip: 'unskip <node>',
  show: 'show <node>',
  why: 'why <node>',
  'team create': 'team create <name>',
  'team link': 'team link <team>',
  'team join': 'team join <team>',
  'team track': 'team track <tree-id>',
  'council schedule': 'council schedule "<cron>" <IANA time zone>',
  'council add': 'council add <team>',
  'council remove': 'council remove <team>',
  'council stall': 'council stall <days>',
};

/** Every command `help` lists, grouped as it shows them. "Did you mean" suggests only these. */
export const COMMAND_GROUPS: readonly (readonly [string, readonly string[]])[] = [
  ['Progress', ['done <node> [--force]', 'undo <node>', 'start <node>', 'skip <node> <reason>', 'unskip <node>']],
  ['Questions', ['next [team]', 'status [team]', 'show <node>', 'why <node>', 'tree [tree-id]', 'trees']],
  ['Teams', ['team', 'team create <name>', 'team link <team>', 'team join <team>', 'team track <tree-id>']],
  ['Council (admins)', ['council', 'council here', 'council schedule "<cron>" <IANA tz>', 'council add <team>', 'council remove <team>', 'council stall <days>', 'council off', 'digest']],
];

const LISTED = [...new Set(COMMAND_GROUPS.flatMap(([, usages]) => usages.map((u) => u.split(' ')[0]!))), 'help'];
const SUBCOMMANDS: Readonly<Record<'team' | 'council', readonly string[]>> = {
  team: ['create', 'link', 'join', 'track'],
  council: ['here', 'schedule', 'add', 'remove', 'stall', 'off'],
};

const VERBS: Readonly<Record<string, string>> = {
  done: 'done', complete: 'done', completed: 'done', finished: 'done', finish: 'done',
  undo: 'undo', undone: 'undo',
  start: 'start', started: 'start', begin: 'start',
  skip: 'skip', unskip: 'unskip',
  next: 'next', status: 'status', progress: 'status',
  show: 'show', info: 'show', why: 'why',
  tree: 'tree', map: 'tree', trees: 'trees',
  team: 'team', teams: 'team', council: 'council', digest: 'digest',
  help: 'help', '?': 'help',
};

/** The text starts with a command word of the grammar ("undo falco", "complete keda"). */
export function isCommand(text: string): boolean {
  const word = text.trim().split(/\s+/, 1)[0]!.toLowerCase();
  return Object.hasOwn(VERBS, word);
}

/**
 * Removes control characters (binary pastes), folds the typography chat clients "smarten", and
 * disarms channel-wide mentions (`<!channel>`, `<!here>`, `@everyone`, user groups) so that no
 * text a user typed can ping a channel when a reply repeats it.
 *
 * Typography is folded here, not in an adapter, because every client does it (Slack, Teams,
 * a terminal pasting from a document): curly and low double quotes and double primes become `"`,
 * curly single quotes and primes `'`, and a dash run at the start of a word (`—force`, `–force`,
 * what `--force` turns into) becomes `--`. A dash between spaces is punctuation and stays.
 * Each platform's own encoding (Slack's `&amp;` and `<…>` markup) is decoded at its edge.
 */
export function cleanInput(text: string): string {
  const folded = text
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\ufffd]/g, '')
    .replace(/[\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb]/g, '"')
    .replace(/[\u2018\u2019\u201a\u201b\u2032\u2035]/g, "'")
    .replace(/(^|\s)[-\u2010-\u2015\u2212]*[\u2012-\u2015\u2212][-\u2010-\u2015\u2212]*(?=\p{L})/gu, '$1--')
    .replace(/\u00a0/g, ' ');
  return disarmMentions(folded).trim();
}

const SPECIAL_MENTION = /<!([^>|]*)(?:\|([^>]*))?>/g;
const AT_MENTION = /[@\uff20]+(channel|here|everyone)\b/gi;

/** Until none is left: taking one apart may join the text around it into another ("<<!!here>>"). */
function disarmMentions(text: string): string {
  let out = text;
  for (let before = ''; before !== out; ) {
    before = out;
    out = out
      .replace(SPECIAL_MENTION, (_, keyword: string, label?: string) => (label || (keyword.startsWith('subteam^') ? 'user group' : keyword)).replace(/[<>@\uff20]/g, ''))
      .replace(AT_MENTION, '$1')
      // An unclosed "<!here" is harmless alone, but not beside a ">" that a reply adds later.
      .replace(/<!/g, '<');
  }
  return out;
}

/**
 * Splits on spaces, keeping "double quoted" and 'single quoted' parts together. A single quote
 * opens only at the start of a word and closes only at the end of one, so apostrophes
 * ("we've", "don't") never group words.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /"([^"]*)"|'([^']*)'(?=\s|$)|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) tokens.push(m[1] ?? m[2] ?? m[3]!);
  return tokens;
}

const ok = (command: Command): Parsed => ({ ok: true, command });
const missing = (command: string): Parsed => ({ ok: false, error: { kind: 'MissingArgument', command, usage: USAGE[command]! } });

function badCommand(input: string, suggestion?: string): Parsed {
  return { ok: false, error: { kind: 'BadCommand', input: input.slice(0, 80), ...(suggestion ? { suggestion: suggestion.slice(0, 80) } : {}) } };
}

/** The text after its first `n` words, as typed (quotes kept). */
function afterWords(text: string, n: number): string {
  return text.replace(new RegExp(`^\\s*(?:\\S+\\s+){0,${n - 1}}\\S+\\s*`), '');
}

/** The command with its first `n` words replaced by `words`, for a suggestion. */
function retyped(text: string, n: number, words: readonly string[]): string {
  return [...words, afterWords(text, n)].filter(Boolean).join(' ');
}

/** `team craete X` suggests `team create X`; anything further off lists the subcommands. */
function badSubcommand(command: 'team' | 'council', text: string, args: readonly string[]): Parsed {
  const typo = likelyTypoOf(args[0] ?? '', SUBCOMMANDS[command]);
  return badCommand(text, typo ? retyped(text, 2, [command, typo]) : `${command} ${SUBCOMMANDS[command].join('|')}`);
}

function withArg(command: string, rest: string, make: (arg: string) => Command): Parsed {
  return rest ? ok(make(rest)) : missing(command);
}

export function parseCommand(raw: string): Parsed {
  if (raw.length > MAX_INPUT) return { ok: false, error: { kind: 'TooLong', length: raw.length, max: MAX_INPUT } };
  const text = cleanInput(raw).replace(/^\/?techtree\b\s*/i, '');
  if (!text) return { ok: false, error: { kind: 'EmptyCommand' } };
  const tokens = tokenize(text);
  const word = tokens[0]!.toLowerCase();
  const verb = VERBS[word];
  const args = tokens.slice(1);
  const rest = args.join(' ').trim();
  switch (verb) {
    case 'done': {
      const force = args.some((a) => /^(--force|-f|--anyway)$/i.test(a));
      const node = args.filter((a) => !/^(--force|-f|--anyway)$/i.test(a)).join(' ').trim();
      return node ? ok({ kind: 'done', node, force }) : missing('done');
    }
    case 'undo': return withArg('undo', rest, (node) => ({ kind: 'undo', node }));
    case 'start': return withArg('start', rest, (node) => ({ kind: 'start', node }));
    case 'skip': return withArg('skip', rest, (r) => ({ kind: 'skip', rest: r }));
    case 'unskip': return withArg('unskip', rest, (node) => ({ kind: 'unskip', node }));
    case 'next':
    case 'status': {
      const team = rest.replace(/^(?:for|of)\s+/i, '').trim();
      return ok(team ? { kind: verb, team } : { kind: verb });
    }
    case 'show': return withArg('show', rest, (node) => ({ kind: 'show', node }));
    case 'why': return withArg('why', rest, (node) => ({ kind: 'why', node }));
    case 'tree': return ok(rest ? { kind: 'tree', treeId: rest } : { kind: 'tree' });
    case 'trees': return ok({ kind: 'trees' });
    case 'digest': return ok({ kind: 'digest' });
    case 'help': return ok(rest ? { kind: 'help', topic: rest.toLowerCase() } : { kind: 'help' });
    case 'team': return parseTeam(text, args);
    case 'council': return parseCouncil(text, args);
    default: {
      // Only a plausible slip of a listed command is worth suggesting, with the rest kept.
      const typo = likelyTypoOf(word, LISTED);
      return badCommand(text, typo && retyped(text, 1, [typo]));
    }
  }
}

function parseTeam(text: string, args: readonly string[]): Parsed {
  const sub = args[0]?.toLowerCase();
  const rest = args.slice(1).join(' ').trim();
  switch (sub) {
    case undefined: return ok({ kind: 'team' });
    case 'create': case 'new': return withArg('team create', rest, (name) => ({ kind: 'teamCreate', name }));
    case 'link': return withArg('team link', rest, (team) => ({ kind: 'teamLink', team }));
    case 'join': return withArg('team join', rest, (team) => ({ kind: 'teamJoin', team }));
    case 'track': return withArg('team track', rest, (treeId) => ({ kind: 'teamTrack', treeId }));
    default: return badSubcommand('team', text, args);
  }
}

function parseCouncil(text: string, args: readonly string[]): Parsed {
  const sub = args[0]?.toLowerCase();
  const rest = args.slice(1).join(' ').trim();
  switch (sub) {
    case undefined: return ok({ kind: 'council' });
    case 'here': return ok({ kind: 'councilHere' });
    case 'off': return ok({ kind: 'councilOff' });
    case 'schedule': {
      // The cron may be quoted or not: the last word is the time zone when there are six or more words.
      const parts = args.slice(1);
      if (parts.length === 0) return missing('council schedule');
      if (parts.length === 1) return ok({ kind: 'councilSchedule', cron: parts[0]!, timeZone: 'UTC' });
      if (parts.length === 2) return ok({ kind: 'councilSchedule', cron: parts[0]!, timeZone: parts[1]! });
      const tzLike = /^[A-Za-z_]+(\/[A-Za-z_+-]+)*$|^UTC$/.test(parts.at(-1)!);
      return tzLike
        ? ok({ kind: 'councilSchedule', cron: parts.slice(0, -1).join(' '), timeZone: parts.at(-1)! })
        : ok({ kind: 'councilSchedule', cron: parts.join(' '), timeZone: 'UTC' });
    }
    case 'add': return withArg('council add', rest, (team) => ({ kind: 'councilAdd', team }));
    case 'remove': return withArg('council remove', rest, (team) => ({ kind: 'councilRemove', team }));
    case 'stall': return withArg('council stall', rest, (days) => ({ kind: 'councilStall', days }));
    default: return badSubcommand('council', text, args);
  }
}
