// Text that fits: labels are cleaned to what the bundled fonts can draw, measured with their
// real advance widths, then wrapped or cut. Pure functions, shared by the builders and by the
// renderer's text measurement.
import { ASCII_WIDTHS, ASCII_WIDTHS_BOLD, CJK_WIDTH, HANGUL_SYLLABLE_WIDTH, OTHER_WIDTH, OTHER_WIDTH_BOLD } from './dejavu-metrics.ts';
import { CJK_RANGES, DEJAVU_RANGES, HANGUL_RANGES } from './font-coverage.ts';

const ELLIPSIS = '\u2026';

type Ranges = readonly (readonly [number, number])[];

function parseRanges(text: string): Ranges {
  return text.split(' ').map((r) => {
    const [a = '0', b = a] = r.split('-');
    return [parseInt(a, 16), parseInt(b, 16)] as const;
  });
}

const dejavu = parseRanges(DEJAVU_RANGES);
const cjk = parseRanges(CJK_RANGES);
const hangul = parseRanges(HANGUL_RANGES);

function inRanges(ranges: Ranges, cp: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = ranges[mid] as readonly [number, number];
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Whether DejaVu Sans, the CJK fallback font or the Korean fallback font has a glyph for `cp`. */
function isCovered(cp: number): boolean {
  return inRanges(dejavu, cp) || inRanges(cjk, cp) || inRanges(hangul, cp);
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const INVISIBLE = /[\p{Mn}\p{Me}\p{Cf}]/u;
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff01-\uff60\uffe0-\uffe6]/u;
const JOINER = /^(?:\u200d|\ufe0e|\ufe0f|\u20e3)$/u;
const EDGE_JOINERS = /(?:^|\s)(?:\u200d|\ufe0e|\ufe0f)+|(?:\u200d|\ufe0e|\ufe0f)+(?:\s|$)/gu;

/**
 * What the fonts can draw. Emoji and other pictographs they lack are dropped (a rocket in a
 * team name carries no meaning a reader would miss), and so are letters of scripts no bundled
 * font has: {@link readableName} decides what a name shows instead. Control characters and
 * runs of whitespace collapse to one space.
 */
export function drawable(text: string): string {
  let out = '';
  let droppedLast = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    // Joiners and variation selectors belong to the emoji beside them; alone they are noise.
    const dropped: boolean = (JOINER.test(ch) && droppedLast) || !isCovered(cp);
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) out += ' ';
    else if (!dropped) out += ch;
    droppedLast = dropped;
  }
  return out.replace(EDGE_JOINERS, ' ').replace(/\s+/gu, ' ').trim();
}

/** Whether some letter or digit of `text` has no glyph in any bundled font. */
export function losesLetters(text: string): boolean {
  for (const ch of text) if (LETTER_OR_DIGIT.test(ch) && !isCovered(ch.codePointAt(0) ?? 0)) return true;
  return false;
}

/**
 * A name as the picture can show it. When a letter of it cannot be drawn (a script no bundled
 * font has, such as Thai), the picture shows `fallback` (a slug or id) if given and
 * drawable, else what can be drawn plus a short code from the whole name (`team #3fa2`), so
 * two different names never look the same and nothing is drawn as "?" or an empty box.
 */
export function readableName(name: string, fallback?: string): string {
  const shown = drawable(name);
  if (!losesLetters(name) && shown !== '') return shown;
  if (fallback !== undefined && !losesLetters(fallback) && drawable(fallback) !== '') return drawable(fallback);
  if (!losesLetters(name)) return '';
  return `${shown || 'team'} #${shortHash(name)}`;
}

// FNV-1a, 16 bits as hex: stable across runs and machines, enough to tell names of one chart apart.
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return ((h ^ (h >>> 16)) & 0xffff).toString(16).padStart(4, '0');
}

/** Width in px of `text` set in the bundled fonts (DejaVu, then Noto Sans JP or KR for what DejaVu lacks) at `fontSize`. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const table = bold ? ASCII_WIDTHS_BOLD : ASCII_WIDTHS;
  const other = bold ? OTHER_WIDTH_BOLD : OTHER_WIDTH;
  let em = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x20 && cp < 0x7f) em += table[cp - 0x20] ?? other;
    else if (cp >= 0xac00 && cp <= 0xd7a3) em += HANGUL_SYLLABLE_WIDTH;
    else if (WIDE.test(ch)) em += CJK_WIDTH;
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

/** Like {@link truncate}, but cuts between words when a whole word fits, never inside one. */
function truncateWords(text: string, maxWidth: number, fontSize: number, bold: boolean): string {
  if (textWidth(text, fontSize, bold) <= maxWidth) return text;
  const pieces = breakable(text);
  for (let n = pieces.length - 1; n >= 1; n--) {
    const cut = joinPieces(pieces, 0, n).replace(/[\s,;:+&/-]+$/u, '') + ELLIPSIS;
    if (textWidth(cut, fontSize, bold) <= maxWidth) return cut;
  }
  return truncate(text, maxWidth, fontSize, bold);
}

/**
 * Word-wrap into at most `maxLines` lines of `maxWidth`; whatever does not fit goes on the last
 * line, cut with an ellipsis between words. Lines may also break after a hyphen or slash
 * ("Infrastructure-as-" / "Kubernetes") and between CJK characters, which have no spaces. A
 * single word longer than a line is cut rather than split at an arbitrary letter.
 */
export function wrap(text: string, maxWidth: number, fontSize: number, maxLines: number, bold = false): string[] {
  const pieces = breakable(text);
  const starts: number[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const start = starts[starts.length - 1];
    if (start === undefined || textWidth(joinPieces(pieces, start, i + 1), fontSize, bold) > maxWidth) starts.push(i);
  }
  return starts.slice(0, maxLines).map((start, line) => {
    const end = line === maxLines - 1 ? pieces.length : (starts[line + 1] ?? pieces.length);
    return truncateWords(joinPieces(pieces, start, end), maxWidth, fontSize, bold);
  });
}

/** Whether {@link wrap} had to cut `text` to fit it in `lines`. */
export function isCut(text: string, lines: readonly string[]): boolean {
  return lines.join(' ').replace(/\s+/gu, '') !== text.replace(/\s+/gu, '');
}

// "Infrastructure-as-Kubernetes (Crossplane)": the parenthesis names the product; "People at
// Build: Aligned Leaders": what follows the colon is what tells the node from its row.
const TRAILING_NAME = /^(.*\S)\s+(\([^()]+\))$/u;
const AFTER_COLON = /^[^:]{2,}:\s+(.+)$/u;

/**
 * A title wrapped into at most `maxLines` lines of `maxWidth`. When it cannot fit whole, the
 * distinctive part survives the cut: a trailing "(Product)" is kept and the words before it
 * are shortened; for "Row at Column: Point", the point is kept and the repeated prefix goes.
 */
export function fitLabel(text: string, maxWidth: number, fontSize: number, maxLines: number, bold = false): string[] {
  const whole = wrap(text, maxWidth, fontSize, maxLines, bold);
  if (!isCut(text, whole)) return whole;
  const point = AFTER_COLON.exec(text)?.[1];
  if (point) return fitLabel(point, maxWidth, fontSize, maxLines, bold);
  const named = TRAILING_NAME.exec(text);
  if (named && maxLines >= 2) {
    const [, head = '', tail = ''] = named;
    const tailLines = wrap(tail, maxWidth, fontSize, maxLines - 1, bold);
    // wrap() ends the head's last line with an ellipsis when it had to cut it.
    return [...wrap(head, maxWidth, fontSize, maxLines - tailLines.length, bold), ...tailLines];
  }
  return whole;
}

interface Piece {
  readonly piece: string;
  /** What joins it to the piece before: " " or "". */
  readonly glue: string;
}

function joinPieces(pieces: readonly Piece[], from: number, to: number): string {
  return pieces.slice(from, to).map((p, i) => (i === 0 ? '' : p.glue) + p.piece).join('');
}

// A dash or sign standing alone between words ("Level 4 — Measured", "Auth + Signing") stays
// at the end of the line before: a line that starts with one, or holds only one, reads badly.
const LONE_SIGN = /^[\p{Pd}+&|·]$/u;

/** Pieces a line may end after. */
function breakable(text: string): Piece[] {
  const pieces: Piece[] = [];
  for (const word of text.split(' ').filter((w) => w.length > 0)) {
    const last = pieces[pieces.length - 1];
    if (last && LONE_SIGN.test(word)) {
      pieces[pieces.length - 1] = { piece: `${last.piece} ${word}`, glue: last.glue };
      continue;
    }
    const parts = word.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}][\u3000-\u303f\uff01-\uff60]*|[^-/\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+[-/]*|[-/]+/gu) ?? [word];
    parts.forEach((piece, i) => pieces.push({ piece, glue: i === 0 ? ' ' : '' }));
  }
  return pieces;
}

/**
 * One short, drawable, unique label per name, in input order. Charts key marks by label, so
 * two teams that clean or truncate to the same text would otherwise merge into one bar.
 */
export function uniqueLabels(names: readonly string[], maxWidth: number, fontSize: number): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = truncate(readableName(name) || `team #${shortHash(name)}`, maxWidth, fontSize);
    let label = base;
    for (let n = 2; used.has(label); n++) {
      const suffix = ` (${n})`;
      label = truncate(base, maxWidth - textWidth(suffix, fontSize), fontSize) + suffix;
    }
    used.add(label);
    return label;
  });
}
