// Text that fits: labels are cleaned to what DejaVu Sans can draw, measured with its real
// advance widths, then wrapped or cut with an ellipsis. Pure functions, shared by the builders
// and by the renderer's text measurement.
import { ASCII_WIDTHS, ASCII_WIDTHS_BOLD, COVERED_RANGES, OTHER_WIDTH, OTHER_WIDTH_BOLD } from './dejavu-metrics.ts';

const ELLIPSIS = '\u2026';

const covered: readonly (readonly [number, number])[] = COVERED_RANGES.split(' ').map((r) => {
  const [a = '0', b = '0'] = r.split('-');
  return [parseInt(a, 16), parseInt(b, 16)] as const;
});

function isCovered(cp: number): boolean {
  let lo = 0;
  let hi = covered.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = covered[mid] as readonly [number, number];
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const INVISIBLE = /[\p{Mn}\p{Me}\p{Cf}]/u;
const JOINER = /^(?:\u200d|\ufe0e|\ufe0f|\u20e3)$/u;
const EDGE_JOINERS = /(?:^|\s)(?:\u200d|\ufe0e|\ufe0f)+|(?:\u200d|\ufe0e|\ufe0f)+(?:\s|$)/gu;

/**
 * What the font can draw. Emoji and other pictographs DejaVu lacks are dropped (a rocket in a
 * team name carries no meaning a reader would miss); letters from scripts it lacks (CJK, Thai…)
 * become "?" so a name never silently shrinks to nothing. Control characters and runs of
 * whitespace collapse to one space.
 */
export function drawable(text: string): string {
  let out = '';
  let droppedLast = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    // Joiners and variation selectors belong to the emoji beside them; alone they are noise.
    const dropped: boolean = (JOINER.test(ch) && droppedLast) || (!isCovered(cp) && !LETTER_OR_DIGIT.test(ch));
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) out += ' ';
    else if (!dropped) out += isCovered(cp) ? ch : '?';
    droppedLast = dropped;
  }
  return out.replace(EDGE_JOINERS, ' ').replace(/\s+/gu, ' ').trim();
}

/** Width in px of `text` set in DejaVu Sans at `fontSize`. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const table = bold ? ASCII_WIDTHS_BOLD : ASCII_WIDTHS;
  const other = bold ? OTHER_WIDTH_BOLD : OTHER_WIDTH;
  let em = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x20 && cp < 0x7f) em += table[cp - 0x20] ?? other;
    else if (!INVISIBLE.test(ch)) em += other;
  }
  return (em / 1000) * fontSize;
}

/** `text` cut to fit `maxWidth`, ending in an ellipsis when anything was cut. */
export function truncate(text: string, maxWidth: number, fontSize: number, bold = false): string {
  if (textWidth(text, fontSize, bold) <= maxWidth) return text;
  const chars = [...text];
  const room = maxWidth - textWidth(ELLIPSIS, fontSize, bold);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (textWidth(chars.slice(0, mid).join(''), fontSize, bold) <= room) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('').trimEnd() + ELLIPSIS;
}

/**
 * Word-wrap into at most `maxLines` lines of `maxWidth`; whatever does not fit goes on the last
 * line, cut with an ellipsis. Lines may also break after a hyphen or slash, since titles like
 * "Infrastructure-as-Kubernetes" are otherwise one unbreakable word. A piece longer than a line
 * is cut rather than split at an arbitrary letter, which would read as two words.
 */
export function wrap(text: string, maxWidth: number, fontSize: number, maxLines: number, bold = false): string[] {
  const pieces = breakable(text);
  const join = (from: number, to: number) => pieces.slice(from, to).map((p, i) => (i === 0 ? '' : p.glue) + p.piece).join('');
  const starts: number[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const start = starts[starts.length - 1];
    if (start === undefined || textWidth(join(start, i + 1), fontSize, bold) > maxWidth) starts.push(i);
  }
  return starts.slice(0, maxLines).map((start, line) => {
    const end = line === maxLines - 1 ? pieces.length : (starts[line + 1] ?? pieces.length);
    return truncate(join(start, end), maxWidth, fontSize, bold);
  });
}

/** Pieces a line may end after, each with what joins it to the piece before (" " or ""). */
function breakable(text: string): { piece: string; glue: string }[] {
  return text.split(' ').filter((w) => w.length > 0).flatMap((word) =>
    (word.match(/[^-/]+[-/]*|[-/]+/g) ?? [word]).map((piece, i) => ({ piece, glue: i === 0 ? ' ' : '' })));
}

/**
 * One short, drawable, unique label per name, in input order. Charts key marks by label, so
 * two teams that clean or truncate to the same text would otherwise merge into one bar.
 */
export function uniqueLabels(names: readonly string[], maxWidth: number, fontSize: number): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = truncate(drawable(name) || '?', maxWidth, fontSize);
    let label = base;
    for (let n = 2; used.has(label); n++) {
      const suffix = ` (${n})`;
      label = truncate(base, maxWidth - textWidth(suffix, fontSize), fontSize) + suffix;
    }
    used.add(label);
    return label;
  });
}
