/**
 * A repeatable stream of numbers in [0, 1) from a 32-bit seed (mulberry32, Tommy Ettinger's
 * public-domain generator): the same seed gives the same histories in tests and benches.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
