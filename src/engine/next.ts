// "What's next?": available nodes ranked by what they unlock per unit of effort, the team's
// earliest open tier first unless a later node unlocks more than anything in it.
import { AVAILABLE, isSatisfied, type TeamProgress } from './progress.ts';
import type { Effort } from './types.ts';

export type Reason =
  | { readonly kind: 'unlocks'; readonly nodeIds: readonly string[] }
  | { readonly kind: 'leadsTo'; readonly count: number }
  | { readonly kind: 'effort'; readonly effort: Effort }
  | { readonly kind: 'peers'; readonly teams: readonly string[] }
  /**
   * Where the node's tier put it: `earliest`, in the earliest tier with available work;
   * `ahead`, in a later tier but ranked with the earliest because it unlocks more than anything
   * there; `after`, in a later tier, so after the earliest tier's work.
   */
  | { readonly kind: 'tier'; readonly tierId: string; readonly place: TierPlace; readonly earliestTierId: string };

export type TierPlace = 'earliest' | 'ahead' | 'after';

export interface Suggestion {
  readonly nodeId: string;
  /** Unlock value per person-week; only the order matters. */
  readonly score: number;
  /** Earliest-tier work (and later work that unlocks more) is `first`; the rest comes `later`. */
  readonly band: 'first' | 'later';
  /** Index of the node's tier in its tree (0 = first tier). */
  readonly tierIndex: number;
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

// Scores within a rounding error are a tie, so tier and peers decide rather than float noise.
const same = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * The order of suggestions, also across trees: the `first` band by unlock value per effort
 * (then tier), the `later` band by tier (then unlock value per effort). Equal ones compare 0,
 * so a stable sort keeps their given order.
 */
export function compareSuggestions(a: Pick<Suggestion, 'band' | 'score' | 'tierIndex'>, b: Pick<Suggestion, 'band' | 'score' | 'tierIndex'>): number {
  if (a.band !== b.band) return a.band === 'first' ? -1 : 1;
  const byScore = same(a.score, b.score) ? 0 : b.score - a.score;
  const byTier = a.tierIndex - b.tierIndex;
  return a.band === 'first' ? byScore || byTier : byTier || byScore;
}

/**
 * Ranks the available nodes of one tree for a team, best first, each with its reasons.
 * The earliest tier with available work comes first; a node of a later tier joins it only when
 * its unlock value beats every node there. Within that band nodes go by unlock value per
 * person-week, the rest by tier, then value per person-week. Ties: peers who did it, then id.
 */
export function rankNext(p: TeamProgress, options: NextOptions = {}): Suggestion[] {
  const { ct, status } = p;
  const limit = options.limit ?? 5;
  const value = unlockValues(p);
  const peerCount = (i: number) => options.peers?.get(ct.nodes[i]!.id)?.length ?? 0;

  const open: number[] = [];
  for (let i = 0; i < ct.nodes.length; i++) if (status[i] === AVAILABLE) open.push(i);
  if (open.length === 0) return [];
  const earliestTier = Math.min(...open.map((i) => ct.tierOf[i]!));
  const bestEarliest = Math.max(...open.filter((i) => ct.tierOf[i] === earliestTier).map((i) => value[i]!));
  const place = (i: number): TierPlace => (ct.tierOf[i] === earliestTier ? 'earliest' : value[i]! > bestEarliest && !same(value[i]!, bestEarliest) ? 'ahead' : 'after');

  const ranked = open.map((i) => {
    const where = place(i);
    const suggestion = { score: (1 + value[i]!) / ct.effortWeeks[i]!, band: where === 'after' ? 'later' : 'first', tierIndex: ct.tierOf[i]! } as const;
    return { i, where, suggestion };
  });
  ranked.sort(
    (a, b) =>
      compareSuggestions(a.suggestion, b.suggestion) ||
      peerCount(b.i) - peerCount(a.i) ||
      ct.nodes[a.i]!.id.localeCompare(ct.nodes[b.i]!.id),
  );
  // Reasons only for what is shown: what a node leads to is a walk of its dependants.
  return ranked.slice(0, limit).map(({ i, where, suggestion }) => {
    const node = ct.nodes[i]!;
    const unlocks = directUnlocks(p, i);
    const leadsTo = openDescendants(p, i) - unlocks.length;
    const peers = options.peers?.get(node.id) ?? [];
    const reasons: Reason[] = [];
    if (unlocks.length > 0) reasons.push({ kind: 'unlocks', nodeIds: unlocks });
    if (leadsTo > 0) reasons.push({ kind: 'leadsTo', count: leadsTo });
    reasons.push({ kind: 'effort', effort: node.effort });
    if (peers.length > 0) reasons.push({ kind: 'peers', teams: peers });
    reasons.push({ kind: 'tier', tierId: node.tier, place: where, earliestTierId: ct.tree.tiers[earliestTier]!.id });
    return { nodeId: node.id, ...suggestion, reasons };
  });
}
