import damerauLevenshtein from 'damerau-levenshtein';
import { distance } from 'fastest-levenshtein';

/** Folds case, accents, punctuation and spacing so "Argo CD", "argo-cd" and "argocd" compare equal. */
export function compactKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

export function editDistance(a: string, b: string): number {
  return distance(a, b);
}

// Validation asks for the nearest of one list of ids once per unknown reference: keep each
// list's keys rather than folding every candidate again on every call.
const keysOf = new WeakMap<readonly string[], readonly string[]>();

/** The `n` candidates nearest to `input` by edit distance (relative to length), nearest first. */
export function closest(input: string, candidates: readonly string[], n: number): string[] {
  if (n <= 0) return [];
  const key = compactKey(input);
  let keys = keysOf.get(candidates);
  if (!keys) keysOf.set(candidates, (keys = candidates.map(compactKey)));
  // The nearest n by insertion: n is small and the candidates many, so no full sort.
  const best: { c: string; d: number }[] = [];
  const before = (x: { c: string; d: number }, y: { c: string; d: number }) => x.d < y.d || (x.d === y.d && x.c.localeCompare(y.c) < 0);
  candidates.forEach((c, k) => {
    const ck = keys[k]!;
    const entry = { c, d: distance(key, ck) / Math.max(key.length, ck.length, 1) };
    if (best.length === n && !before(entry, best[n - 1]!)) return;
    let at = best.length;
    while (at > 0 && before(entry, best[at - 1]!)) at--;
    best.splice(at, 0, entry);
    if (best.length > n) best.pop();
  });
  return best.map((x) => x.c);
}

/** Words longer than this are never a typo of a short word such as a command. */
const MAX_TYPO_WORD = 32;

/**
 * The candidate `word` is most plausibly a typo of, or undefined when none is close enough to
 * be one. Typing slips are counted the way people make them (Damerau-Levenshtein: a swapped
 * pair of letters is one slip, so "dnoe" is one slip from "done"), and the slips allowed grow
 * with the length typed: none up to 2 letters, 1 up to 5, 2 beyond. Ties go to the earlier
 * candidate.
 */
export function likelyTypoOf(word: string, candidates: readonly string[]): string | undefined {
  const key = word.toLowerCase();
  if (key.length > MAX_TYPO_WORD) return undefined;
  const allowed = key.length <= 2 ? 0 : key.length <= 5 ? 1 : 2;
  let best: { c: string; d: number } | undefined;
  for (const c of candidates) {
    const d = damerauLevenshtein(key, c.toLowerCase()).steps;
    if (d <= allowed && (!best || d < best.d)) best = { c, d };
  }
  return best && best.d > 0 ? best.c : undefined;
}
