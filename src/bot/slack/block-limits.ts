// Block Kit's limits, and plain-text helpers that stay inside them without cutting a character in
// half. Escaping mrkdwn, and cutting it, is mrkdwn.ts.

export const LIMITS = {
  messageBlocks: 50,
  homeBlocks: 100,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  contextText: 3000,
  actionsPerBlock: 25,
  buttonText: 75,
  buttonValue: 2000,
  /** Top-level `text` of a message: notifications and fallbacks. */
  messageText: 3000,
} as const;

/** A character longer than this (a letter under a pile of combining marks) may be cut inside. */
const MAX_CHARACTER = 32;
/** How much text around a cut the segmenter reads: enough to see any character up to MAX_CHARACTER whole. */
const WINDOW = 2 * MAX_CHARACTER;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * The last index at or before `i` where `text` may be cut between whole characters as a reader
 * sees them (Unicode grapheme clusters, by Intl.Segmenter): never inside a surrogate pair, an
 * emoji sequence, a flag or a letter with its accents. A character longer than 32 UTF-16 units
 * is cut between its code points instead. Only the text around the cut is segmented, so a cut
 * in a long text costs no more than one in a short one.
 */
export function cutIndex(text: string, i: number): number {
  const end = Math.max(0, Math.min(i, text.length));
  if (end === 0 || end === text.length) return end;
  const from = Math.max(0, end - WINDOW);
  let last = from;
  for (const { index } of graphemes.segment(text.slice(from, end + WINDOW))) {
    if (from + index > end) break;
    last = from + index;
  }
  if (end - last <= MAX_CHARACTER) return last;
  return isHigh(text.charCodeAt(end - 1)) && isLow(text.charCodeAt(end)) ? end - 1 : end;
}

/** Plain text cut to at most `max` UTF-16 units between whole characters, ending with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, cutIndex(text, max - 1))}…`;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
