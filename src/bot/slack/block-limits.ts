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
/** What continues the character before it: combining marks, variation selectors, emoji modifiers, tags, a joiner. */
const CONTINUES = /^(?:\p{M}|\u200d|[\u{1f3fb}-\u{1f3ff}]|[\u{e0020}-\u{e007f}])/u;
const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
/** A regional indicator (half of a flag) ending just before `i`. */
const indicatorBefore = (text: string, i: number) => i >= 2 && text.charCodeAt(i - 2) === 0xd83c && text.charCodeAt(i - 1) >= 0xdde6 && text.charCodeAt(i - 1) <= 0xddff;

/** Whether a cut before index `i` falls between two whole characters as a reader sees them. */
function isBoundary(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return true;
  const prev = text.charCodeAt(i - 1);
  const next = text.charCodeAt(i);
  if (isHigh(prev) && isLow(next)) return false;
  if (prev === 0x200d || (prev === 0x0d && next === 0x0a)) return false;
  if (CONTINUES.test(text.slice(i, i + 2))) return false;
  if (indicatorBefore(text, i) && indicatorBefore(text, i + 2)) {
    // Flags are pairs of indicators: a cut inside a run must leave an even number before it.
    let n = 0;
    for (let j = i; indicatorBefore(text, j); j -= 2) n++;
    return n % 2 === 0;
  }
  return true;
}

/**
 * The last index at or before `i` where `text` may be cut: never inside a surrogate pair, and
 * not inside an emoji sequence, a flag or a letter with its accents, unless that character is
 * longer than 32 UTF-16 units, when it is cut between code points.
 */
export function cutIndex(text: string, i: number): number {
  const end = Math.max(0, Math.min(i, text.length));
  for (let j = end; j >= 0 && end - j <= MAX_CHARACTER; j--) if (isBoundary(text, j)) return j;
  return end > 0 && isHigh(text.charCodeAt(end - 1)) && isLow(text.charCodeAt(end)) ? end - 1 : end;
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
