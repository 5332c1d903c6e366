// Chart rendering cost: warm median and p99 per chart at 10, 50 and 200 teams and for the tree
// picture, against a trivial one-bar chart measured in the same run; then 500 renders in one
// process to show memory does not grow. Run: node --expose-gc --import tsx bench/charts.ts
// Add `--out /tmp/charts` to also write each chart's PNG there, to look at.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { buildChart, renderPng, renderSvg } from '../src/charts/index.ts';
import { SCHEMA } from '../src/charts/chart-frame.ts';
import {
  cncfTree, fortyNodeTree, heatmapInput, PAYMENTS_PROGRESS, stalledInput, statesFor, teamNames, trendInput, unlockedRows,
} from '../test/helpers/chart-data.ts';

const WARMUP = 5;
const RUNS = 40;
const TARGET_MS = 100;

interface Row {
  readonly name: string;
  readonly median: number;
  readonly p99: number;
  readonly svgMedian: number;
  readonly peakRssMb: number;
  readonly peakHeapMb: number;
  readonly bytes: number;
  readonly png: Buffer;
}

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (n: number) => n / 1024 / 1024;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function measure(name: string, build: () => TopLevelSpec): Promise<Row> {
  for (let i = 0; i < WARMUP; i++) await renderPng(build());
  gc?.();
  const times: number[] = [];
  const svgTimes: number[] = [];
  let peakRss = 0;
  let peakHeap = 0;
  let png: Buffer = Buffer.alloc(0);
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const out = await renderPng(build());
    times.push(performance.now() - t0);
    png = out.png;
    const t1 = performance.now();
    await renderSvg(build());
    svgTimes.push(performance.now() - t1);
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }
  times.sort((a, b) => a - b);
  svgTimes.sort((a, b) => a - b);
  return { name, median: percentile(times, 50), p99: percentile(times, 99), svgMedian: percentile(svgTimes, 50), peakRssMb: mb(peakRss), peakHeapMb: mb(peakHeap), bytes: png.length, png };
}

const baselineSpec: TopLevelSpec = {
  $schema: SCHEMA,
  width: 200,
  height: 100,
  data: { values: [{ a: 'x', b: 1 }] },
  mark: 'bar',
  encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } },
};

const cncf = cncfTree();
const forty = fortyNodeTree();
const fortyStates = statesFor(forty, { done: forty.nodes.slice(0, 15).map((n) => n.id) });
const cases: [string, () => TopLevelSpec][] = [
  ['baseline: 1-bar chart', () => baselineSpec],
  ['tree: CNCF 23 nodes', () => buildChart('tree', { tree: cncf, states: statesFor(cncf, PAYMENTS_PROGRESS), title: 'Payments — CNCF Adoption' })],
  ['tree: 40 nodes', () => buildChart('tree', { tree: forty, states: fortyStates, title: 'Search — Platform maturity' })],
];
for (const n of [10, 50, 200]) {
  const teams = teamNames(n);
  cases.push(
    [`unlocked: ${n} teams`, () => buildChart('unlocked', { rows: unlockedRows(teams), period: 'week of 26 May 2025' })],
    [`stalled: ${n} teams`, () => buildChart('stalled', stalledInput(teams))],
    [`heatmap: ${n} teams`, () => buildChart('heatmap', heatmapInput(teams))],
    [`trend: ${n} teams`, () => buildChart('trend', trendInput(teams))],
  );
}

const rows: Row[] = [];
for (const [name, build] of cases) rows.push(await measure(name, build));
const base = rows[0] as Row;
const outAt = process.argv.indexOf('--out');
const outDir = outAt > 0 ? process.argv[outAt + 1] : undefined;
if (outDir) {
  mkdirSync(outDir, { recursive: true });
  for (const r of rows) writeFileSync(join(outDir, `bench-${r.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`), r.png);
}

const pad = (s: string, n: number) => s.padEnd(n);
const num = (x: number, d = 1) => x.toFixed(d).padStart(7);
console.log(`node ${process.version}, ${RUNS} warm runs each after ${WARMUP} warm-up; times in ms, memory in MB${gc ? '' : ' (run with --expose-gc for steadier memory)'}`);
console.log(`${pad('chart', 24)} ${'median'.padStart(7)} ${'p99'.padStart(7)} ${'x base'.padStart(7)} ${'vega'.padStart(7)} ${'resvg'.padStart(7)} ${'rss'.padStart(7)} ${'heap'.padStart(7)} ${'PNG KB'.padStart(7)}`);
for (const r of rows) {
  const flag = r.name.includes('50 teams') && r.median > TARGET_MS ? `  over ${TARGET_MS} ms target` : '';
  console.log(`${pad(r.name, 24)} ${num(r.median)} ${num(r.p99)} ${num(r.median / base.median)} ${num(r.svgMedian)} ${num(r.median - r.svgMedian)} ${num(r.peakRssMb, 0)} ${num(r.peakHeapMb, 0)} ${num(r.bytes / 1024, 0)}${flag}`);
}

// Memory over many renders: one long-lived bot process renders every digest of every council.
const loop = cases.filter(([name]) => name.includes('50 teams') || name.startsWith('tree'));
const snapshot = () => {
  gc?.();
  const m = process.memoryUsage();
  return { rss: mb(m.rss), heap: mb(m.heapUsed) };
};
let after100 = snapshot();
const t0 = performance.now();
for (let i = 1; i <= 500; i++) {
  const [, build] = loop[i % loop.length] as [string, () => TopLevelSpec];
  await renderPng(build());
  if (i === 100) after100 = snapshot();
}
const after500 = snapshot();
console.log(`\n500 renders (${loop.length} charts in turn) in ${((performance.now() - t0) / 1000).toFixed(1)} s${gc ? ', heap measured after a forced gc' : ''}`);
console.log(`heap after 100: ${after100.heap.toFixed(1)} MB, after 500: ${after500.heap.toFixed(1)} MB (${(after500.heap - after100.heap >= 0 ? '+' : '')}${(after500.heap - after100.heap).toFixed(1)} MB)`);
console.log(`rss  after 100: ${after100.rss.toFixed(0)} MB, after 500: ${after500.rss.toFixed(0)} MB`);
