// The loaded trees: read once at start, validated, compiled, and indexed for matching.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildMatcher,
  compileTree,
  formatProblem,
  loadTrees,
  TREE_FILE_LIMITS,
  type CompiledTree,
  type NodeMatcher,
  type TreeNode,
  type TreeProblem,
  type TreeSource,
} from '../engine/index.ts';
import { count } from './plural.ts';

export const DEFAULT_TREE_ID = 'cncf-adoption';

export interface Catalog {
  readonly trees: readonly CompiledTree[];
  readonly matcher: NodeMatcher;
  tree(id: string): CompiledTree | undefined;
  /** The tree a node belongs to (node ids are unique across trees). */
  treeOf(nodeId: string): CompiledTree | undefined;
  node(nodeId: string): TreeNode | undefined;
  readonly defaultTreeId: string;
}

export class CatalogError extends Error {
  readonly code = 'BadTrees';
  constructor(readonly problems: readonly TreeProblem[]) {
    super(`The tree files have ${count(problems.length, 'problem')}:\n${problems.map(formatProblem).join('\n')}\nFix them, then check with: npx techtree trees validate`);
    this.name = 'CatalogError';
  }
}

/** Reads tree files; one over the size limit is not read at all (the loader reports its size). */
export function readTreeSources(paths: readonly string[]): TreeSource[] {
  return paths.map((file) => {
    const size = statSync(file).size;
    return { file, size, text: size > TREE_FILE_LIMITS.maxBytes ? '' : readFileSync(file, 'utf8') };
  });
}

export function treeFilesIn(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new CatalogError([{ file: dir, message: `cannot read the trees folder (${(error as Error).message}); set TECHTREE_TREES to the folder holding the *.yaml tree files` }]);
  }
  // `B.YAML` is a tree file too: extensions are matched whatever their case.
  return names.filter((f) => /\.ya?ml$/i.test(f)).sort().map((f) => join(dir, f));
}

export function catalogFromSources(sources: readonly TreeSource[]): Catalog {
  const result = loadTrees(sources);
  if (!result.ok) throw new CatalogError(result.problems);
  if (result.trees.length === 0) throw new CatalogError([{ file: '(trees)', message: 'no tree files found' }]);
  // The default tree leads: it is what a new team tracks and what pictures show first.
  const trees = [...result.trees]
    .sort((a, b) => Number(b.id === DEFAULT_TREE_ID) - Number(a.id === DEFAULT_TREE_ID))
    .map(compileTree);
  const byId = new Map(trees.map((ct) => [ct.tree.id, ct]));
  const byNode = new Map(trees.flatMap((ct) => ct.nodes.map((n) => [n.id, ct] as const)));
  return {
    trees,
    matcher: buildMatcher(result.trees),
    tree: (id) => byId.get(id),
    treeOf: (nodeId) => byNode.get(nodeId),
    node: (nodeId) => {
      const ct = byNode.get(nodeId);
      return ct ? ct.nodes[ct.indexOf.get(nodeId)!] : undefined;
    },
    defaultTreeId: byId.has(DEFAULT_TREE_ID) ? DEFAULT_TREE_ID : trees[0]!.tree.id,
  };
}

export function loadCatalog(dir: string): Catalog {
  return catalogFromSources(readTreeSources(treeFilesIn(dir)));
}
