// "What's next?": available nodes ranked by what they unlock per unit of effort.
import { AVAILABLE, isSatisfied, type TeamProgress } from './progress.ts';
import type { Effort } from './types.ts';

export type Reason =
  | { readonly kind: 'unlocks'; readonly nodeIds: readonly string[] }
  | { readonly kind: 'leadsTo'; readonly count: number }
  | { readonly kind: 'effort'; readonly effort: Effort }
  | { readonly kind: 'peers'; readonly teams: readonly string[] }
  | { readonly kind: 'tier'; readonly tierId: string; readonly earliestOpen: boolean };

export interface Suggestion {
  readonly nodeId: string;
  /** Unlock value per person-week; only the order matters. */
  readonly score: number;
  readonly reasons: readonly Reason[];
}

export interface NextOptions {
  /** Node id -> names of other teams of the org that have it done. */
  readonly peers?: ReadonlyMap<string, readonly string[]>;
  readonly limit?: number;
}

/**
 * Credit flows backwards from every open node: a dependant that still misses k prerequisites
 * gives each of them 1/k of (itself + its own credit). A prerequisite that is the last thing
 * missing gets the full share. One pass in reverse topological order: O(nodes + edges).
 */
function unlockValues(p: TeamProgress): Float64Array {
  const { ct, status } = p;
  const n = ct.nodes.length;
  const missing = new Int32Array(n);
  for (let d = 0; d < n; d++) {
    let k = 0;
    for (const r of ct.requires[d]!) if (!isSatisfied(status[r]!)) k++;
    missing[d] = k;
  }
  const value = new Float64Array(n);
  for (let t = n - 1; t >= 0; t--) {
    const i = ct.topo[t]!;
    if (isSatisfied(status[i]!)) continue;
    let v = 0;
    for (const d of ct.dependants[i]!) {
      if (isSatisfied(status[d]!)) continue;
      v += (1 + value[d]!) / Math.max(1, missing[d]!);
    }
    value[i] = v;
  }
  return value;
}

/** Open dependants of `i`, transitively: what this node eventually leads to. */
function openDescendants(p: TeamProgress, i: number): number {
  const { ct, status } = p;
  const seen = new Uint8Array(ct.nodes.length);
  const stack = [i];
  let count = 0;
  while (stack.length > 0) {
    for (const d of ct.dependants[stack.pop()!]!) {
      if (seen[d] || isSatisfied(status[d]!)) continue;
      seen[d] = 1;
      count++;
      stack.push(d);
    }
  }
  return count;
}

function directUnlocks(p: TeamProgress, i: number): string[] {
  const { ct, status } = p;
  const out: string[] = [];
  for (const d of ct.dependants[i]!) {
    if (isSatisfied(status[d]!)) continue;
    let onlyThis = true;
    for (const r of ct.requires[d]!) {
      if (r !== i && !isSatisfied(status[r]!)) {
        onlyThis = false;
        break;
      }
    }
    if (onlyThis) out.push(ct.nodes[d]!.id);
  }
  return out;
}

export function rankNext(p: TeamProgress, options: NextOptions = {}): Suggestion[] {
  const { ct, status } = p;
  const limit = options.limit ?? 5;
  const value = unlockValues(p);
  const peerCount = (i: number) => options.peers?.get(ct.nodes[i]!.id)?.length ?? 0;

  const candidates: { i: number; score: number }[] = [];
  let earliestTier = Number.POSITIVE_INFINITY;
  for (let i = 0; i < ct.nodes.length; i++) {
    if (status[i] !== AVAILABLE) continue;
    candidates.push({ i, score: (1 + value[i]!) / ct.effortWeeks[i]! });
    earliestTier = Math.min(earliestTier, ct.tierOf[i]!);
  }
  // Scores within a rounding error are a tie, so tier and peers decide rather than float noise.
  const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  candidates.sort(
    (a, b) =>
      (same(a.score, b.score) ? 0 : b.score - a.score) ||
      ct.tierOf[a.i]! - ct.tierOf[b.i]! ||
      peerCount(b.i) - peerCount(a.i) ||
      ct.nodes[a.i]!.id.localeCompare(ct.nodes[b.i]!.id),
  );

  return candidates.slice(0, limit).map(({ i, score }) => {
    const node = ct.nodes[i]!;
    const unlocks = directUnlocks(p, i);
    const leadsTo = openDescendants(p, i) - unlocks.length;
    const peers = options.peers?.get(node.id) ?? [];
    const reasons: Reason[] = [];
    if (unlocks.length > 0) reasons.push({ kind: 'unlocks', nodeIds: unlocks });
    if (leadsTo > 0) reasons.push({ kind: 'leadsTo', count: leadsTo });
    reasons.push({ kind: 'effort', effort: node.effort });
    if (peers.length > 0) reasons.push({ kind: 'peers', teams: peers });
    reasons.push({ kind: 'tier', tierId: node.tier, earliestOpen: ct.tierOf[i] === earliestTier });
    return { nodeId: node.id, score, reasons };
  });
}
