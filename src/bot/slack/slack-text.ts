// What Slack sends as text, turned into what the user meant, once, at the edge: every listener
// (slash command, app_mention, DM, button value) passes its text through `fromSlackText` before
// the app sees it. Slack escapes `&`, `<` and `>` as entities and wraps users, channels, links
// and broadcasts in `<…>` markup (https://api.slack.com/reference/surfaces/formatting).
// This is Slack's encoding, so it is decoded here and nowhere else; typography that every chat
// client "smartens" (dashes, curly quotes) is platform-neutral and folded in the app's grammar.

export interface SlackTextOptions {
  /** The bot's own user id: a mention of it only addresses the bot, so it is dropped. */
  readonly botUserId?: string;
}

/**
 * `<@U1|bob>`, `<#C1|general>`, `<!here>`, `<!subteam^S1|@devs>`, `<https://x|label>`: a sigil
 * (`@`, `#`, `!`) or a URL scheme, an id or address without `|`, then an optional label.
 * Real markup never nests, since Slack sends a typed `<` as `&lt;`.
 */
const MARKUP = /<(?:([@#!])([^<>|]*)|([a-z][a-z0-9+.-]*:[^<>|]*))(?:\|([^<>]*))?>/gi;
const ENTITY = /&(amp|lt|gt);/g;
const CHARACTERS: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>' };
/** Broadcasts are never acted on nor repeated: nothing a reply echoes may notify a channel. */
const BROADCASTS = new Set(['channel', 'here', 'everyone']);

const decodeEntities = (text: string) => text.replace(ENTITY, (_, name: string) => CHARACTERS[name]!);

/** A mention or link as the words a person reads; '' for what is dropped. */
function readable(sigil: string | undefined, id: string, address: string | undefined, rawLabel: string | undefined, options: SlackTextOptions): string {
  const label = decodeEntities(rawLabel ?? '').trim();
  if (address !== undefined) return label || decodeEntities(address);
  if (sigil === '@') {
    // A user is never a node or team name: "@bob" (or "@U123" when Slack sent no name) reads as
    // the person and, as plain text, pings no one.
    if (options.botUserId && id === options.botUserId) return '';
    return `@${(label || id).replace(/^@+/, '')}`;
  }
  if (sigil === '#') return `#${(label || id).replace(/^#+/, '')}`;
  const keyword = id.split('^', 1)[0]!.toLowerCase();
  if (BROADCASTS.has(keyword)) return '';
  // A user group reads as its handle; a date as the fallback text Slack sent along.
  if (keyword === 'subteam') return label ? `@${label.replace(/^@+/, '')}` : 'a user group';
  return label;
}

/**
 * Slack message or command text -> plain text: entities decoded, `<url|label>` -> label (a bare
 * `<url>` -> the URL), `<@U1|bob>` -> `@bob` (`<@U1>` -> `@U1`), `<#C1|general>` -> `#general`,
 * `<!channel>` / `<!here>` / `<!everyone>` and the bot's own mention dropped, `<!subteam^S1|@devs>`
 * -> `@devs`. The result never holds a `<` before `!`, `@` or `#`, so even markup a user typed
 * literally (`&lt;!here&gt;`) cannot ping anyone when a reply repeats it. Spaces left around a
 * dropped mention are closed up; the ends are trimmed. Never throws.
 */
export function fromSlackText(text: string, options: SlackTextOptions = {}): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(MARKUP)) {
    out += decodeEntities(text.slice(last, m.index));
    const words = readable(m[1], m[2] ?? '', m[3], m[4], options);
    // "<@BOT>: status" addresses the bot; the colon goes with the mention.
    const after = m.index + m[0].length;
    last = words === '' && /^[:,]/.test(text.slice(after, after + 1)) ? after + 1 : after;
    out += words;
  }
  out += decodeEntities(text.slice(last));
  return out
    .replace(/<+(?=[!@#])/g, '')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}
