// Checks that need the whole tree (or every tree): references, uniqueness, cycles, tier order.
import { closest } from './text-distance.ts';
import type { TreeLocator, TreeProblem } from './tree-problem.ts';
import type { Tree } from './types.ts';

interface Located {
  readonly tree: Tree;
  readonly locator: TreeLocator;
  readonly brokenIds?: readonly string[];
}

function suggestion(input: string, known: readonly string[]): string {
  const near = closest(input, known, 1)[0];
  return near ? ` (did you mean "${near}"?)` : '';
}

function checkTree({ tree, locator, brokenIds = [] }: Located): TreeProblem[] {
  const problems: TreeProblem[] = [];
  const at = (path: (string | number)[], message: string, nodeId?: string) =>
    problems.push({ file: locator.file, line: locator.lineOf(path), nodeId, message });

  const tierIndex = new Map<string, number>();
  tree.tiers.forEach((t, i) => {
    if (tierIndex.has(t.id)) at(['tiers', i, 'id'], `duplicate tier id "${t.id}"`);
    else tierIndex.set(t.id, i);
  });
  const trackIds = new Set<string>();
  tree.tracks.forEach((t, i) => {
    if (trackIds.has(t.id)) at(['tracks', i, 'id'], `duplicate track id "${t.id}"`);
    trackIds.add(t.id);
  });

  const byId = new Map<string, number>();
  tree.nodes.forEach((n, i) => {
    if (byId.has(n.id)) at(['nodes', i, 'id'], `duplicate node id "${n.id}" (first defined as node #${byId.get(n.id)! + 1})`, n.id);
    else byId.set(n.id, i);
  });
  const nodeIds = [...byId.keys()];

  tree.nodes.forEach((n, i) => {
    if (!tierIndex.has(n.tier) && !brokenIds.includes(n.tier)) {
      at(['nodes', i, 'tier'], `unknown tier "${n.tier}"${suggestion(n.tier, [...tierIndex.keys()])}; tiers are: ${[...tierIndex.keys()].join(', ')}`, n.id);
    }
    if (!trackIds.has(n.track) && !brokenIds.includes(n.track)) {
      at(['nodes', i, 'track'], `unknown track "${n.track}"${suggestion(n.track, [...trackIds])}; tracks are: ${[...trackIds].join(', ')}`, n.id);
    }
    n.requires.forEach((r, j) => {
      const path = ['nodes', i, 'requires', j];
      if (n.requires.indexOf(r) !== j) return at(path, `lists prerequisite "${r}" twice; keep one`, n.id);
      if (r === n.id) return at(path, 'requires itself', n.id);
      const k = byId.get(r);
      if (k === undefined && brokenIds.includes(r)) return;
      // A node cannot need itself: never offer it as the prerequisite meant.
      if (k === undefined) return at(path, `unknown prerequisite "${r}"${suggestion(r, nodeIds.filter((id) => id !== n.id))}`, n.id);
      const mine = tierIndex.get(n.tier);
      const theirs = tierIndex.get(tree.nodes[k]!.tier);
      if (mine !== undefined && theirs !== undefined && theirs > mine) {
        at(path, `prerequisite "${r}" is in a later tier (${tree.nodes[k]!.tier}) than this node (${n.tier}); move one of them`, n.id);
      }
    });
  });

  for (const cycle of findCycles(tree, byId)) {
    const first = byId.get(cycle[0]!)!;
    at(['nodes', first, 'requires'], `prerequisite cycle: ${cycle.join(' -> ')}`, cycle[0]);
  }
  return problems;
}

/** Each cycle once, printed from its first node in file order back to itself. */
function findCycles(tree: Tree, byId: ReadonlyMap<string, number>): string[][] {
  const colour = new Uint8Array(tree.nodes.length); // 0 new, 1 on stack, 2 finished
  const stack: number[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (i: number): void => {
    colour[i] = 1;
    stack.push(i);
    for (const r of new Set(tree.nodes[i]!.requires)) {
      const k = byId.get(r);
      if (k === undefined || k === i) continue;
      if (colour[k] === 1) {
        const ring = stack.slice(stack.indexOf(k));
        const key = [...ring].sort((a, b) => a - b).join(',');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push([...ring, k].map((x) => tree.nodes[x]!.id));
        }
      } else if (colour[k] === 0) visit(k);
    }
    stack.pop();
    colour[i] = 2;
  };
  tree.nodes.forEach((_, i) => colour[i] === 0 && visit(i));
  return cycles;
}

function compact(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Tree ids, node ids and aliases are shared by every tree a team may track, so they must be unique across files. */
function checkAcross(all: readonly Located[]): TreeProblem[] {
  const problems: TreeProblem[] = [];
  const treeIds = new Map<string, string>();
  const nodeOwners = new Map<string, string>();
  const nameOwners = new Map<string, { nodeId: string; file: string }>();
  for (const { tree, locator } of all) {
    const prior = treeIds.get(tree.id);
    if (prior) problems.push({ file: locator.file, line: locator.lineOf(['id']), message: `duplicate tree id "${tree.id}" (also in ${prior})` });
    else treeIds.set(tree.id, locator.file);
    tree.nodes.forEach((n) => {
      const owner = nodeOwners.get(n.id);
      if (owner && owner !== locator.file) {
        problems.push({ file: locator.file, line: locator.lineOf(['nodes', tree.nodes.indexOf(n), 'id']), nodeId: n.id, message: `duplicate node id "${n.id}" (also in ${owner}); node ids are unique across all trees` });
      } else nodeOwners.set(n.id, locator.file);
      nameOwners.set(compact(n.id), { nodeId: n.id, file: locator.file });
    });
  }
  for (const { tree, locator } of all) {
    tree.nodes.forEach((n, i) => {
      n.aliases.forEach((alias, j) => {
        const key = compact(alias);
        const owner = nameOwners.get(key);
        if (!key) {
          problems.push({ file: locator.file, line: locator.lineOf(['nodes', i, 'aliases', j]), nodeId: n.id, message: `alias "${alias}" has no letters or digits` });
        } else if (owner && owner.nodeId !== n.id) {
          problems.push({ file: locator.file, line: locator.lineOf(['nodes', i, 'aliases', j]), nodeId: n.id, message: `alias "${alias}" already names "${owner.nodeId}" (${owner.file}); an alias must point to one node — use a tag for shared words` });
        } else nameOwners.set(key, { nodeId: n.id, file: locator.file });
      });
    });
  }
  return problems;
}

export function validateTrees(all: readonly Located[]): TreeProblem[] {
  return [...all.flatMap(checkTree), ...checkAcross(all)];
}
