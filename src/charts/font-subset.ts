// Per-render font subsets. resvg-js 2.6 re-reads a font file from disk for every glyph it
// draws, so drawing time grows with the file: a chart's text took ~80 ms with the 740 KB
// DejaVu Sans and about half that with a subset. A subset keeps every table and every glyph id
// (so cmap, hmtx, GSUB and GPOS stay valid) and only empties the outlines no text here needs.
import { closeOverSubstitutions, substitutionRules, type SubstitutionRule } from './gsub-closure.ts';
import { componentsOf, glyphRanges, readCmap, readSfnt, table, writeSfnt, type SfntFont } from './sfnt-tables.ts';

// Tables that change nothing drawn: FFTM and DSIG are never read, and the shaper kerns from
// GPOS whenever a font has it, so the old kern table is dead weight (tests compare pixels).
const DROPPED = new Set(['FFTM', 'DSIG', 'kern']);

/** Returns a function that builds the smallest font able to draw `text` as the full font would. */
export function fontSubsetter(fontFile: Buffer): (text: string) => Buffer {
  const font = readSfnt(fontFile);
  const cmap = readCmap(font);
  const ranges = glyphRanges(font);
  const glyf = table(font, 'glyf');
  const rules: readonly SubstitutionRule[] = font.tables.has('GSUB') ? substitutionRules(table(font, 'GSUB')) : [];
  return (text) => build(font, ranges, glyf, neededGlyphs(text, cmap, rules, ranges, glyf));
}

function neededGlyphs(
  text: string,
  cmap: ReadonlyMap<number, number>,
  rules: readonly SubstitutionRule[],
  ranges: readonly (readonly [number, number])[],
  glyf: Buffer,
): Set<number> {
  const glyphs = new Set<number>([0]);
  for (const ch of text) {
    const g = cmap.get(ch.codePointAt(0) ?? 0);
    if (g !== undefined) glyphs.add(g);
  }
  // Ellipsis and space are added by layout rather than typed; keep them always.
  for (const cp of [0x20, 0xa0, 0x2026]) {
    const g = cmap.get(cp);
    if (g !== undefined) glyphs.add(g);
  }
  closeOverSubstitutions(rules, glyphs);
  const queue = [...glyphs];
  while (queue.length > 0) {
    const [from, to] = ranges[queue.pop() as number] ?? [0, 0];
    for (const part of componentsOf(glyf.subarray(from, to))) {
      if (!glyphs.has(part)) {
        glyphs.add(part);
        queue.push(part);
      }
    }
  }
  return glyphs;
}

function build(font: SfntFont, ranges: readonly (readonly [number, number])[], glyf: Buffer, keep: ReadonlySet<number>): Buffer {
  const parts: Buffer[] = [];
  const loca = Buffer.alloc(4 * (ranges.length + 1));
  let offset = 0;
  ranges.forEach(([from, to], g) => {
    loca.writeUInt32BE(offset, 4 * g);
    if (!keep.has(g) || to <= from) return;
    parts.push(glyf.subarray(from, to));
    offset += to - from;
  });
  loca.writeUInt32BE(offset, 4 * ranges.length);

  const head = Buffer.from(table(font, 'head'));
  head.writeUInt32BE(0, 8); // checkSumAdjustment: no renderer verifies it
  head.writeInt16BE(1, 50); // long loca offsets
  // post format 3: no glyph names, which are a twelfth of DejaVu Sans and never drawn.
  const post = Buffer.from(table(font, 'post').subarray(0, 32));
  post.writeUInt32BE(0x00030000, 0);
  const replaced: Record<string, Buffer> = { glyf: Buffer.concat(parts), loca, head, post };

  const tables = [...font.tables.keys()]
    .filter((tag) => !DROPPED.has(tag))
    .map((tag) => [tag, replaced[tag] ?? table(font, tag)] as const);
  return writeSfnt(font.data.readUInt32BE(0), tables);
}
