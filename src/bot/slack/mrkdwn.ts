// Slack mrkdwn out, pure: the app's markdown-light text (reply.ts) escaped, its `[label](url)`
// links turned into `<url|label>`, and cut to Block Kit's limits. Text is cut first, between
// whole characters of the unescaped text, and escaped after; a link is never cut. So a cut never
// lands inside `&amp;`, a surrogate pair or a link, and the escaped length is what is counted
// against the limit.
import { REPLY_LINK } from '../../app/reply.ts';
import { cutIndex } from './block-limits.ts';

/** Slack mrkdwn needs only these three escaped; *bold*, `code` and bullets pass through. */
export function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `<url|label>`, with the URL and the label escaped separately and the markup built around them,
 * so the markup itself is never escaped. Slack ends a URL at its first `|`, so one there is
 * percent-encoded. An empty label shows the URL.
 */
export function link(url: string, label: string): string {
  const shown = label.trim() || url;
  return `<${escape(url).replace(/\|/g, '%7C')}|${escape(shown)}>`;
}

/** Longest link markup kept whole; past it the label is shown as text, which may be cut. */
const MAX_LINK = 1000;

export interface MrkdwnOptions {
  /** Turn `[label](url)` into links (default). Off for text that is not a Reply's, such as digest names. */
  readonly links?: boolean;
}

/** Unescaped text, or finished link markup that is shown whole or not at all. */
type Piece = { readonly text: string } | { readonly markup: string };

function piecesOf(text: string, { links = true }: MrkdwnOptions): Piece[] {
  if (!links) return [{ text }];
  const out: Piece[] = [];
  let last = 0;
  for (const m of text.matchAll(REPLY_LINK)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    const markup = link(m[2]!, m[1]!);
    out.push(markup.length <= MAX_LINK ? { markup } : { text: m[1]! || m[2]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

const escapedLength = (c: string) => (c === '&' ? 5 : c === '<' || c === '>' ? 4 : 1);

/** How much of `text` fits in `room` characters once escaped, cut between whole characters. */
function fittingPrefix(text: string, room: number): number {
  let used = 0;
  let i = 0;
  for (; i < text.length; i++) {
    used += escapedLength(text[i]!);
    if (used > room) break;
  }
  return cutIndex(text, i);
}

/** One line's pieces as parts of at most `max` characters, cut between whole characters, never inside a link. */
function cutLine(line: readonly Piece[], max: number): string[] {
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    if (current) parts.push(current);
    current = '';
  };
  for (const piece of line) {
    if ('markup' in piece) {
      if (current.length + piece.markup.length > max) flush();
      current += piece.markup;
      continue;
    }
    let rest = piece.text;
    while (current.length + escape(rest).length > max) {
      let cut = fittingPrefix(rest, max - current.length);
      if (cut === 0 && current) {
        flush();
        continue;
      }
      // Nothing fits even alone (a limit below one character): take one code point and go on.
      if (cut === 0) cut = rest.codePointAt(0)! > 0xffff ? 2 : 1;
      current += escape(rest.slice(0, cut));
      flush();
      rest = rest.slice(cut);
    }
    current += escape(rest);
  }
  parts.push(current);
  return parts;
}

/** The whole text as mrkdwn, uncut. */
export function toMrkdwn(text: string, options: MrkdwnOptions = {}): string {
  return piecesOf(text, options).map((p) => ('markup' in p ? p.markup : escape(p.text))).join('');
}

/** The text as mrkdwn of at most `max` characters (escaped), ending with an ellipsis when cut. */
export function fitMrkdwn(text: string, max: number, options: MrkdwnOptions = {}): string {
  const whole = toMrkdwn(text, options);
  if (whole.length <= max) return whole;
  let out = '';
  for (const piece of piecesOf(text, options)) {
    const room = max - 1 - out.length;
    if ('markup' in piece) {
      if (piece.markup.length > room) break;
      out += piece.markup;
      continue;
    }
    const cut = fittingPrefix(piece.text, room);
    out += escape(piece.text.slice(0, cut));
    if (cut < piece.text.length) break;
  }
  return `${out}…`;
}

/**
 * The text as mrkdwn parts of at most `max` characters each (escaped): whole lines packed
 * together, a line longer than a part cut between whole characters, never inside a link.
 * Nothing is lost but the line breaks between parts.
 */
export function chunkMrkdwn(text: string, max: number, options: MrkdwnOptions = {}): string[] {
  const whole = toMrkdwn(text, options);
  if (whole.length <= max) return [whole];
  const parts: string[] = [];
  let current: string | undefined;
  for (const line of text.split('\n')) {
    const pieces = piecesOf(line, options);
    const out = pieces.map((p) => ('markup' in p ? p.markup : escape(p.text))).join('');
    const candidate = current === undefined ? out : `${current}\n${out}`;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current) parts.push(current);
    const cut = out.length <= max ? [out] : cutLine(pieces, max);
    parts.push(...cut.slice(0, -1));
    current = cut.at(-1)!;
  }
  if (current) parts.push(current);
  return parts;
}
