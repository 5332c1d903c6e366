import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { compileTree, DAY_MS, loadTrees, type CompiledTree, type ProgressEvent, type Tree, type TreeSource } from '../../src/engine/index.ts';

export const ROOT = join(import.meta.dirname, '..', '..');
export const FIXTURES = join(ROOT, 'test', 'fixtures');

export function source(path: string): TreeSource {
  return { file: relative(ROOT, path), text: readFileSync(path, 'utf8') };
}

export function shippedTreeFiles(): string[] {
  return readdirSync(join(ROOT, 'trees')).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(ROOT, 'trees', f));
}

export function loadValid(paths: readonly string[]): Tree[] {
  const result = loadTrees(paths.map(source));
  if (!result.ok) throw new Error(`fixture trees should be valid:\n${result.problems.map((p) => JSON.stringify(p)).join('\n')}`);
  return [...result.trees];
}

export function fixtureTree(name: string): CompiledTree {
  return compileTree(loadValid([join(FIXTURES, 'trees', `${name}.yaml`)])[0]!);
}

export function shippedTrees(): Tree[] {
  return loadValid(shippedTreeFiles());
}

const BASE = Date.parse('2026-01-05T09:00:00Z');

/** Events from terse rows: [day offset, kind, node, extras]. */
export function events(...rows: [number, ProgressEvent['kind'], string, Partial<ProgressEvent>?][]): ProgressEvent[] {
  return rows.map(([day, kind, nodeId, extra]) => ({ kind, nodeId, at: new Date(BASE + day * DAY_MS), actor: 'U1', platform: 'cli', ...extra }));
}

export function day(n: number): Date {
  return new Date(BASE + n * DAY_MS);
}
