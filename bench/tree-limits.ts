// How fast and how lean the tree loader refuses hostile files, as ratios against loading the
// three shipped trees in the same run. Also the worst files that pass every size limit (500
// nodes, each with 50 bad prerequisites): validating those is the slowest the loader gets.
// Run: node --expose-gc --import tsx bench/tree-limits.ts [--runs 5]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTrees, type TreeSource } from '../src/engine/index.ts';
import { hostileTreeFiles } from '../test/helpers/hostile-trees.ts';

const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt >= 0 ? Number(process.argv[runsAt + 1]) : 5;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const treesDir = join(import.meta.dirname, '..', 'trees');
const shipped: TreeSource[] = readdirSync(treesDir).filter((f) => f.endsWith('.yaml')).map((f) => ({ file: f, text: readFileSync(join(treesDir, f), 'utf8') }));

const HEAD = 'id: worst\ntitle: Worst\nsummary: s\ntiers: [{ id: t1, title: T, summary: s }]\ntracks: [{ id: k1, title: K, summary: s }]\nnodes:\n';
const node = (i: number, requires: string) => `  - { id: n${i}, title: Node ${i}, tier: t1, track: k1, summary: s, effort: { size: S, weeks: [1, 2] }, steps: [a], requires: [${requires}] }`;
const worst: Record<string, TreeSource> = {
  'limit: 500 nodes x 50 unknown prerequisites': { file: 'unknown.yaml', text: HEAD + Array.from({ length: 500 }, (_, i) => node(i, Array.from({ length: 50 }, (_, j) => `z${j}`).join(','))).join('\n') },
  'limit: 500 nodes x 50 prerequisites, cycles everywhere': { file: 'cycles.yaml', text: HEAD + Array.from({ length: 500 }, (_, i) => node(i, Array.from({ length: 50 }, (_, j) => `n${(i + j + 1) % 500}`).join(','))).join('\n') },
};

interface Measured { readonly ms: number; readonly heapMb: number; readonly problems: number }

function measure(sources: readonly TreeSource[]): Measured {
  const times: number[] = [];
  let heapMb = 0;
  let problems = 0;
  for (let k = 0; k < RUNS; k++) {
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const result = loadTrees(sources);
    times.push(performance.now() - t0);
    // Heap still held just after loading: what the result and the parse left alive at once.
    heapMb = Math.max(heapMb, (process.memoryUsage().heapUsed - heap0) / 2 ** 20);
    problems = result.ok ? 0 : result.problems.length;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, heapMb, problems };
}

measure(shipped); // warm up the parser and the JIT
const base = measure(shipped);
console.log(`Tree loader bench: median of ${RUNS} runs, Node ${process.version}, gc ${typeof (globalThis as { gc?: unknown }).gc === 'function' ? 'on' : 'off (pass --expose-gc)'}\n`);
console.log(`${'file'.padEnd(58)} ${'KB'.padStart(6)} ${'ms'.padStart(8)} ${'x base'.padStart(7)} ${'heap MB'.padStart(8)} problems`);
const row = (name: string, sources: readonly TreeSource[], m: Measured) => {
  const kb = sources.reduce((n, s) => n + s.text.length, 0) / 1024;
  console.log(`${name.padEnd(58)} ${kb.toFixed(0).padStart(6)} ${m.ms.toFixed(1).padStart(8)} ${(m.ms / base.ms).toFixed(2).padStart(7)} ${m.heapMb.toFixed(1).padStart(8)} ${m.problems}`);
};
row('baseline: the three shipped trees', shipped, base);
for (const [name, source] of Object.entries(hostileTreeFiles())) row(`refused: ${name}`, [source], measure([source]));
for (const [name, source] of Object.entries(worst)) row(name, [source], measure([source]));
