// Which extra glyphs shaping may substitute in: Arabic joining forms, ligatures like "fi",
// decomposed accents. Every single, multiple, alternate, ligature and reverse-chaining
// substitution in GSUB is applied regardless of context, until nothing new is reached: an
// over-approximation, so a subset font never lacks a glyph the shaper asks for.

export interface SubstitutionRule {
  readonly from: readonly number[];
  readonly to: readonly number[];
}

type Rule = SubstitutionRule;

/** Adds to `glyphs` everything the rules can substitute in, repeatedly, until nothing changes. */
export function closeOverSubstitutions(rules: readonly Rule[], glyphs: Set<number>): void {
  for (let grew = true; grew;) {
    grew = false;
    for (const rule of rules) {
      if (!rule.from.every((g) => glyphs.has(g))) continue;
      for (const g of rule.to) {
        if (!glyphs.has(g)) {
          glyphs.add(g);
          grew = true;
        }
      }
    }
  }
}

/** Every substitution in a GSUB table as input glyphs -> output glyphs, context ignored. */
export function substitutionRules(gsub: Buffer): Rule[] {
  const rules: Rule[] = [];
  const lookupList = gsub.readUInt16BE(8);
  const lookups = gsub.readUInt16BE(lookupList);
  for (let l = 0; l < lookups; l++) {
    const lookup = lookupList + gsub.readUInt16BE(lookupList + 2 + 2 * l);
    const type = gsub.readUInt16BE(lookup);
    const subtables = gsub.readUInt16BE(lookup + 4);
    for (let s = 0; s < subtables; s++) {
      let sub = lookup + gsub.readUInt16BE(lookup + 6 + 2 * s);
      let subType = type;
      if (type === 7) {
        subType = gsub.readUInt16BE(sub + 2);
        sub += gsub.readUInt32BE(sub + 4);
      }
      subtableRules(gsub, subType, sub, rules);
    }
  }
  return rules;
}

function subtableRules(b: Buffer, type: number, sub: number, rules: Rule[]): void {
  const format = b.readUInt16BE(sub);
  const covered = () => coverage(b, sub + b.readUInt16BE(sub + 2));
  if (type === 1) {
    covered().forEach((g, i) => {
      const to = format === 1 ? (g + b.readInt16BE(sub + 4)) & 0xffff : b.readUInt16BE(sub + 6 + 2 * i);
      rules.push({ from: [g], to: [to] });
    });
  } else if (type === 2 || type === 3) {
    // Multiple and alternate substitution share a layout: per covered glyph, a list of glyphs.
    covered().forEach((g, i) => {
      const list = sub + b.readUInt16BE(sub + 6 + 2 * i);
      rules.push({ from: [g], to: Array.from({ length: b.readUInt16BE(list) }, (_, k) => b.readUInt16BE(list + 2 + 2 * k)) });
    });
  } else if (type === 4) {
    covered().forEach((first, i) => {
      const set = sub + b.readUInt16BE(sub + 6 + 2 * i);
      for (let k = 0; k < b.readUInt16BE(set); k++) {
        const lig = set + b.readUInt16BE(set + 2 + 2 * k);
        const parts = b.readUInt16BE(lig + 2);
        const rest = Array.from({ length: parts - 1 }, (_, p) => b.readUInt16BE(lig + 4 + 2 * p));
        rules.push({ from: [first, ...rest], to: [b.readUInt16BE(lig)] });
      }
    });
  } else if (type === 8) {
    const backtrack = b.readUInt16BE(sub + 4);
    const lookahead = b.readUInt16BE(sub + 6 + 2 * backtrack);
    const substitutes = sub + 8 + 2 * backtrack + 2 * lookahead;
    covered().forEach((g, i) => rules.push({ from: [g], to: [b.readUInt16BE(substitutes + 2 + 2 * i)] }));
  }
  // Types 5 and 6 only point at other lookups, which are read in their own right.
}

/** Glyph ids of a Coverage table, in coverage-index order. */
function coverage(b: Buffer, at: number): number[] {
  const format = b.readUInt16BE(at);
  const count = b.readUInt16BE(at + 2);
  if (format === 1) return Array.from({ length: count }, (_, i) => b.readUInt16BE(at + 4 + 2 * i));
  const out: number[] = [];
  for (let r = 0; r < count; r++) {
    const [start, end] = [b.readUInt16BE(at + 4 + 6 * r), b.readUInt16BE(at + 6 + 6 * r)];
    for (let g = start; g <= end; g++) out.push(g);
  }
  return out;
}
