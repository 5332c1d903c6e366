// Parses tree files (text in, trees or every problem out). Reading the files is the caller's job.
import { isMap, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { nodeSchema, nodeShapeSchema, sectionSchema, treeHeadSchema } from './tree-schema.ts';
import { isNestingOverflow, NESTING_MESSAGE, shapeProblems, sizeProblem, TREE_FILE_LIMITS } from './tree-limits.ts';
import type { TreeLocator, TreeProblem, TreeSource } from './tree-problem.ts';
import { validateTrees } from './tree-validate.ts';
import type { Tree, TreeNode } from './types.ts';

export { formatProblem, type TreeLocator, type TreeProblem, type TreeSource } from './tree-problem.ts';

export type LoadResult =
  | { readonly ok: true; readonly trees: readonly Tree[] }
  | { readonly ok: false; readonly problems: readonly TreeProblem[]; readonly trees: readonly Tree[] };

function locatorFor(file: string, doc: Document, counter: LineCounter): TreeLocator {
  return {
    file,
    lineOf(path) {
      // Walk up until a path resolves: a missing key is reported on its parent's line.
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
        if (node && typeof node === 'object' && node.range) return counter.linePos(node.range[0]).line;
      }
      return undefined;
    },
  };
}

function nodeIdAt(raw: unknown, path: readonly PropertyKey[]): string | undefined {
  if (path[0] !== 'nodes' || typeof path[1] !== 'number') return undefined;
  const nodes = (raw as { nodes?: unknown })?.nodes;
  const node = Array.isArray(nodes) ? (nodes[path[1]] as { id?: unknown }) : undefined;
  return typeof node?.id === 'string' ? node.id : `#${path[1] + 1}`;
}

function valueAt(raw: unknown, path: readonly (string | number)[]): unknown {
  let v = raw;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

interface ParsedFile {
  readonly tree?: Tree;
  readonly locator?: TreeLocator;
  /** Ids of tiers, tracks and nodes too broken to check further: references to them are not "unknown". */
  readonly brokenIds?: readonly string[];
  readonly problems: readonly TreeProblem[];
}

export function parseTreeFile(source: TreeSource): ParsedFile {
  const tooBig = sizeProblem(source);
  if (tooBig) return { problems: [tooBig] };
  const counter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // Nesting deep enough to exhaust the parser's stack fails in one or more places, depending
    // on how much stack there was: report it once.
    const overflow = doc.errors.find((e) => isNestingOverflow(e.message));
    const errors = overflow ? [overflow] : doc.errors;
    return {
      problems: errors.map((e) => ({
        file: source.file,
        line: counter.linePos(e.pos[0]).line,
        message: e === overflow ? NESTING_MESSAGE : `YAML syntax: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  if (!isMap(doc.contents)) {
    return { problems: [{ file: source.file, line: 1, message: 'a tree file must be a mapping with id, title, summary, tiers, tracks and nodes' }] };
  }
  const over = shapeProblems(source.file, doc, counter);
  if (over.length > 0) return { problems: over };
  const fileLocator = locatorFor(source.file, doc, counter);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: TREE_FILE_LIMITS.maxAliasCount });
  } catch (error) {
    // The yaml package refuses an alias bomb, or an alias to no anchor, with a ReferenceError.
    if (!(error instanceof ReferenceError)) throw error;
    const bomb = /excessive alias count/i.test(error.message);
    return { problems: [{ file: source.file, message: bomb ? `YAML aliases (*name) expand too far: the file would grow past what any tree needs. Write the values out instead` : `YAML aliases: ${error.message}` }] };
  }
  const problems: TreeProblem[] = [];
  const report = (issues: readonly z.core.$ZodIssue[], prefix: readonly (string | number)[]) => {
    for (const issue of issues) {
      const path = [...prefix, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
      const nodeId = nodeIdAt(raw, path);
      const at = path.length ? path.join('.') : 'file';
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          problems.push({ file: source.file, line: fileLocator.lineOf([...path, key]), nodeId, message: `unknown key "${key}" in ${at}; see README "Trees" for the allowed keys` });
        }
      } else if (issue.code === 'invalid_type' && valueAt(raw, path) === undefined) {
        problems.push({ file: source.file, line: fileLocator.lineOf(path), nodeId, message: `missing "${path.at(-1)}" (${issue.expected}) in ${path.slice(0, -1).join('.') || 'file'}` });
      } else problems.push({ file: source.file, line: fileLocator.lineOf(path), nodeId, message: `${at}: ${issue.message}` });
    }
  };
  const head = treeHeadSchema.safeParse(raw);
  if (!head.success) {
    report(head.error.issues, []);
    return { problems };
  }
  // Check tiers, tracks and nodes one by one: one broken entry still lets the rest be checked.
  const brokenIds: string[] = [];
  const sections = (key: 'tiers' | 'tracks') =>
    head.data[key].flatMap((raw, i) => {
      const section = sectionSchema.safeParse(raw);
      if (section.success) return [section.data];
      report(section.error.issues, [key, i]);
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === 'string') brokenIds.push(id);
      return [];
    });
  const tiers = sections('tiers');
  const tracks = sections('tracks');
  const nodes: TreeNode[] = [];
  const kept: number[] = [];
  head.data.nodes.forEach((rawNode, i) => {
    const node = nodeSchema.safeParse(rawNode);
    if (node.success) {
      nodes.push(node.data);
      kept.push(i);
      return;
    }
    report(node.error.issues, ['nodes', i]);
    // Enough of it for the graph checks? Then it still takes part in them.
    const shape = nodeShapeSchema.safeParse(rawNode);
    if (shape.success) {
      nodes.push({ ...shape.data, summary: '', tags: [], effort: { size: 'S', weeks: [1, 1] }, steps: [], links: [] });
      kept.push(i);
      return;
    }
    const id = (rawNode as { id?: unknown } | null)?.id;
    if (typeof id === 'string') brokenIds.push(id);
  });
  const locator: TreeLocator = {
    file: source.file,
    lineOf: (path) => fileLocator.lineOf(path[0] === 'nodes' && typeof path[1] === 'number' ? ['nodes', kept[path[1]] ?? path[1], ...path.slice(2)] : path),
  };
  return { tree: { ...head.data, tiers, tracks, nodes }, locator, brokenIds, problems };
}

/** Parses and validates a set of tree files together: ids and aliases must be unique across all of them. */
export function loadTrees(sources: readonly TreeSource[]): LoadResult {
  const parsed = sources.map(parseTreeFile);
  const problems = parsed.flatMap((p) => p.problems);
  const valid = parsed.flatMap((p) => (p.tree && p.locator ? [{ tree: p.tree, locator: p.locator, brokenIds: p.brokenIds ?? [] }] : []));
  problems.push(...validateTrees(valid));
  const trees = valid.map((v) => v.tree);
  return problems.length === 0 ? { ok: true, trees } : { ok: false, problems, trees };
}
