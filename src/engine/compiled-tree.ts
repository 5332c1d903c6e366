// A validated tree turned into integer-indexed arrays, built once and shared by every query,
// so per-team work is linear in nodes + edges + events with no string lookups in the loops.
import type { Tree, TreeNode } from './types.ts';

export interface CompiledTree {
  readonly tree: Tree;
  readonly nodes: readonly TreeNode[];
  readonly indexOf: ReadonlyMap<string, number>;
  readonly requires: readonly Int32Array[];
  readonly dependants: readonly Int32Array[];
  readonly tierOf: Int32Array;
  readonly trackOf: Int32Array;
  /** Prerequisites before dependants; ties by tier, track, then file order. */
  readonly topo: Int32Array;
  /** Position of each node in `topo`. */
  readonly topoRank: Int32Array;
  /** Midpoint of the person-weeks range: the "effort" that value is divided by. */
  readonly effortWeeks: Float64Array;
}

/** Assumes a tree that passed validation (known references, no cycles). */
export function compileTree(tree: Tree): CompiledTree {
  const n = tree.nodes.length;
  const indexOf = new Map(tree.nodes.map((node, i) => [node.id, i]));
  const tierIdx = new Map(tree.tiers.map((t, i) => [t.id, i]));
  const trackIdx = new Map(tree.tracks.map((t, i) => [t.id, i]));
  const tierOf = new Int32Array(n);
  const trackOf = new Int32Array(n);
  const effortWeeks = new Float64Array(n);
  const requires: Int32Array[] = [];
  const depLists: number[][] = tree.nodes.map(() => []);
  tree.nodes.forEach((node, i) => {
    tierOf[i] = tierIdx.get(node.tier) ?? 0;
    trackOf[i] = trackIdx.get(node.track) ?? 0;
    effortWeeks[i] = Math.max(0.5, (node.effort.weeks[0] + node.effort.weeks[1]) / 2);
    const req = node.requires.map((r) => indexOf.get(r)).filter((k): k is number => k !== undefined);
    requires.push(Int32Array.from(req));
    for (const r of req) depLists[r]!.push(i);
  });
  const dependants = depLists.map((d) => Int32Array.from(d));

  // Kahn's algorithm; the ready set is kept ordered so the order is stable and readable.
  const indegree = Int32Array.from(requires.map((r) => r.length));
  const order = (a: number, b: number) => tierOf[a]! - tierOf[b]! || trackOf[a]! - trackOf[b]! || a - b;
  let ready = tree.nodes.map((_, i) => i).filter((i) => indegree[i] === 0).sort(order);
  const topo = new Int32Array(n);
  let filled = 0;
  while (ready.length > 0) {
    const next: number[] = [];
    for (const i of ready) {
      topo[filled++] = i;
      for (const d of dependants[i]!) if (--indegree[d]! === 0) next.push(d);
    }
    ready = next.sort(order);
  }
  if (filled !== n) throw new Error(`compileTree: tree "${tree.id}" has a prerequisite cycle; validate it first`);
  const topoRank = new Int32Array(n);
  topo.forEach((node, rank) => (topoRank[node] = rank));
  return { tree, nodes: tree.nodes, indexOf, requires, dependants, tierOf, trackOf, topo, topoRank, effortWeeks };
}
