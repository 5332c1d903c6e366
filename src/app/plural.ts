// Counted words in English: "1 team", "6 teams", "1 capability", "3 capabilities".
const rules = new Intl.PluralRules('en');

/** `one` or `other` as English uses them for `n` (Intl.PluralRules, CLDR), without the number. */
export function plural(n: number, one: string, other = `${one}s`): string {
  return rules.select(n) === 'one' ? one : other;
}

/** The count and the word in its form for that count: `count(6, 'team')` is "6 teams". */
export function count(n: number, one: string, other = `${one}s`): string {
  return `${n.toLocaleString('en')} ${plural(n, one, other)}`;
}
