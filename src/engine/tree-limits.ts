// Bounds on a tree file, checked before its content is: a file from an untrusted author (huge,
// deeply nested, an alias bomb, thousands of nodes) is refused with a message saying which
// limit it passed, within time and memory that the limits themselves bound.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { TreeProblem, TreeSource } from './tree-problem.ts';

export const TREE_FILE_LIMITS = {
  /** Size of one file in bytes (its text in UTF-16 code units when no size is given); the shipped trees are about 35 KB. */
  maxBytes: 256 * 1024,
  /** Nesting of mappings and lists; a tree needs 5 (file, nodes, node, effort, weeks). */
  maxDepth: 12,
  /** Nodes in one file; the shipped trees have 23 to 25. */
  maxNodes: 500,
  /** Entries of any other list or mapping: tiers, tracks, a node's keys, tags, aliases, steps, prerequisites, links. */
  maxEntries: 50,
  /** Characters of one text value. */
  maxTextLength: 5000,
  /**
   * YAML alias expansion (`*name`), as the `yaml` package's `maxAliasCount` counts it: uses of
   * an anchor times the aliases inside it. 100 is the package's default.
   */
  maxAliasCount: 100,
} as const;

const kb = (bytes: number) => `${Math.ceil(bytes / 1024).toLocaleString('en')} KB`;

/** A file over the size limit, before any of it is parsed. */
export function sizeProblem(source: TreeSource): TreeProblem | undefined {
  const size = Math.max(source.size ?? 0, source.text.length);
  if (size <= TREE_FILE_LIMITS.maxBytes) return undefined;
  return { file: source.file, message: `the file is ${kb(size)}; a tree file may be at most ${kb(TREE_FILE_LIMITS.maxBytes)}. Split it into several trees` };
}

/** The YAML parser gives up on very deep nesting by running out of stack; say what that means. */
export function isNestingOverflow(message: string): boolean {
  return /Maximum call stack size exceeded/i.test(message);
}

export const NESTING_MESSAGE = `nested too deeply: a tree file may nest lists and mappings at most ${TREE_FILE_LIMITS.maxDepth} levels deep`;

/**
 * Walks the parsed document once, without recursion, for nesting, list and text sizes, and
 * reports each limit passed once, at the first place it is passed.
 */
export function shapeProblems(file: string, doc: Document, counter: LineCounter): TreeProblem[] {
  const problems = new Map<string, TreeProblem>();
  const report = (limit: string, node: Node, message: string) => {
    if (!problems.has(limit)) problems.set(limit, { file, line: node.range ? counter.linePos(node.range[0]).line : undefined, message });
  };
  const L = TREE_FILE_LIMITS;
  const stack: { node: Node; depth: number; key?: unknown }[] = doc.contents ? [{ node: doc.contents, depth: 1 }] : [];
  while (stack.length > 0) {
    const { node, depth, key } = stack.pop()!;
    if (isAlias(node)) continue;
    if (isScalar(node)) {
      if (typeof node.value === 'string' && node.value.length > L.maxTextLength) {
        report('text', node, `a text of ${node.value.length.toLocaleString('en')} characters; texts may be at most ${L.maxTextLength.toLocaleString('en')}`);
      }
      continue;
    }
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > L.maxDepth) {
      report('depth', node, NESTING_MESSAGE);
      continue;
    }
    const isNodeList = depth === 2 && key === 'nodes' && isSeq(node);
    const max = isNodeList ? L.maxNodes : L.maxEntries;
    if (node.items.length > max) {
      report(isNodeList ? 'nodes' : 'entries', node, isNodeList
        ? `${node.items.length.toLocaleString('en')} nodes; a tree file may have at most ${max.toLocaleString('en')}. Split it into several trees`
        : `a list or mapping of ${node.items.length.toLocaleString('en')} entries; at most ${max} are allowed here`);
      continue;
    }
    if (isSeq(node)) {
      for (const item of node.items) if (item) stack.push({ node: item as Node, depth: depth + 1 });
    } else {
      for (const pair of node.items) {
        if (isScalar(pair.key) || isMap(pair.key) || isSeq(pair.key)) stack.push({ node: pair.key as Node, depth: depth + 1 });
        const k = isScalar(pair.key) ? pair.key.value : undefined;
        if (pair.value) stack.push({ node: pair.value as Node, depth: depth + 1, key: k });
      }
    }
  }
  return [...problems.values()];
}
