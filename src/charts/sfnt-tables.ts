// Just enough of the TrueType (sfnt) container to read a font's tables and write a new font
// from them: the table directory, cmap lookups and glyf/loca access. Pure: buffers in and out.

export interface SfntFont {
  readonly data: Buffer;
  /** Table tag -> [offset, length] in `data`, in file order. */
  readonly tables: ReadonlyMap<string, readonly [number, number]>;
}

export function readSfnt(data: Buffer): SfntFont {
  const tables = new Map<string, readonly [number, number]>();
  const count = data.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const at = 12 + 16 * i;
    tables.set(data.toString('latin1', at, at + 4), [data.readUInt32BE(at + 8), data.readUInt32BE(at + 12)]);
  }
  return { data, tables };
}

export function table(font: SfntFont, tag: string): Buffer {
  const entry = font.tables.get(tag);
  if (!entry) throw new Error(`font has no ${tag} table`);
  return font.data.subarray(entry[0], entry[0] + entry[1]);
}

/** Writes a font from tables in the given order; checksums are left zero (no renderer checks). */
export function writeSfnt(sfntVersion: number, tables: readonly (readonly [string, Buffer])[]): Buffer {
  const header = Buffer.alloc(12 + 16 * tables.length);
  const log2 = Math.floor(Math.log2(tables.length));
  header.writeUInt32BE(sfntVersion, 0);
  header.writeUInt16BE(tables.length, 4);
  header.writeUInt16BE(16 * 2 ** log2, 6);
  header.writeUInt16BE(log2, 8);
  header.writeUInt16BE(16 * tables.length - 16 * 2 ** log2, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  tables.forEach(([tag, body], i) => {
    const at = 12 + 16 * i;
    header.write(tag, at, 'latin1');
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(body.length, at + 12);
    const padded = Buffer.alloc((body.length + 3) & ~3);
    body.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([header, ...bodies]);
}

/** Code point -> glyph id, from the font's format 12 (or else format 4) cmap subtable. */
export function readCmap(font: SfntFont): Map<number, number> {
  const cmap = table(font, 'cmap');
  const map = new Map<number, number>();
  const subtables = cmap.readUInt16BE(2);
  const offsets = Array.from({ length: subtables }, (_, i) => cmap.readUInt32BE(8 + 8 * i));
  const format12 = offsets.find((o) => cmap.readUInt16BE(o) === 12);
  if (format12 !== undefined) {
    const groups = cmap.readUInt32BE(format12 + 12);
    for (let g = 0; g < groups; g++) {
      const at = format12 + 16 + 12 * g;
      const [start, end, glyph] = [cmap.readUInt32BE(at), cmap.readUInt32BE(at + 4), cmap.readUInt32BE(at + 8)];
      for (let cp = start; cp <= end; cp++) map.set(cp, glyph + cp - start);
    }
    return map;
  }
  const s = offsets.find((o) => cmap.readUInt16BE(o) === 4);
  if (s === undefined) throw new Error('font has no usable cmap subtable');
  const segments = cmap.readUInt16BE(s + 6) / 2;
  const ends = s + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  for (let k = 0; k < segments; k++) {
    const [end, start] = [cmap.readUInt16BE(ends + 2 * k), cmap.readUInt16BE(starts + 2 * k)];
    const [delta, rangeOffset] = [cmap.readUInt16BE(deltas + 2 * k), cmap.readUInt16BE(rangeOffsets + 2 * k)];
    for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
      let glyph = rangeOffset === 0 ? cp : cmap.readUInt16BE(rangeOffsets + 2 * k + rangeOffset + 2 * (cp - start));
      if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      if (glyph !== 0) map.set(cp, glyph);
    }
  }
  return map;
}

/** Byte range of each glyph in glyf, from loca (short or long format per head). */
export function glyphRanges(font: SfntFont): (readonly [number, number])[] {
  const loca = table(font, 'loca');
  const long = table(font, 'head').readInt16BE(50) === 1;
  const count = table(font, 'maxp').readUInt16BE(4);
  const at = (g: number) => (long ? loca.readUInt32BE(4 * g) : 2 * loca.readUInt16BE(2 * g));
  return Array.from({ length: count }, (_, g) => [at(g), at(g + 1)] as const);
}

/** Glyph ids a composite glyph is built from (none for a simple glyph). */
export function componentsOf(glyph: Buffer): number[] {
  if (glyph.length < 10 || glyph.readInt16BE(0) >= 0) return [];
  const MORE = 0x20;
  const WORDS = 0x01;
  const SCALE = 0x08;
  const XY_SCALE = 0x40;
  const TWO_BY_TWO = 0x80;
  const out: number[] = [];
  let at = 10;
  for (;;) {
    const flags = glyph.readUInt16BE(at);
    out.push(glyph.readUInt16BE(at + 2));
    at += 4 + (flags & WORDS ? 4 : 2);
    at += flags & SCALE ? 2 : flags & XY_SCALE ? 4 : flags & TWO_BY_TWO ? 8 : 0;
    if (!(flags & MORE)) return out;
  }
}
