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

/** The `n` candidates nearest to `input` by edit distance (relative to length), nearest first. */
export function closest(input: string, candidates: readonly string[], n: number): string[] {
  const key = compactKey(input);
  return candidates
    .map((c) => {
      const ck = compactKey(c);
      return { c, d: distance(key, ck) / Math.max(key.length, ck.length, 1) };
    })
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, n)
    .map((x) => x.c);
}
