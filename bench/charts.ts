// Chart rendering cost on one thread: warm median and p99 per chart at 10, 50 and 200 teams and
// for the tree picture, against a trivial one-bar chart measured in the same run; the two
// rasterisers the issue asked to compare (resvg-wasm, kept, and sharp/librsvg with the bundled
// fonts made visible to its fontconfig) on the same SVGs; with `--base <checkout>`, the tree
// picture of that checkout (today's hand layout and resvg-js) measured in the same process;
// the tree picture with its ELK layout cached (every team after the first) against laying it
// out afresh, interleaved in the same run; then 1,000 renders to show memory stays flat.
// Run: node --expose-gc --import tsx bench/charts.ts [--base /tmp/charts-base] [--base-only] [--out /tmp/charts] [--memory-only | --timings-only]
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { chartSpec, type Chart } from '../src/charts/index.ts';
import { renderChart, renderSvg } from '../src/charts/render.ts';
import { FONT_FILES } from '../src/charts/chart-fonts.ts';
import { SCHEMA } from '../src/charts/chart-frame.ts';
import { layoutTree } from '../src/charts/tree-layout.ts';
import type { Tree } from '../src/engine/types.ts';
import { cncfTree, fortyNodeTree, heatmapInput, PAYMENTS_PROGRESS, stalledInput, statesFor, teamNames, trendInput, unlockedRows } from '../test/helpers/chart-data.ts';

const WARMUP = 5;
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const TARGET_MS = 40;
const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);

// sharp draws SVG with librsvg, which finds fonts through fontconfig: point it at the bundled
// fonts only, before sharp loads.
const fc = mkdtempSync(join(tmpdir(), 'techtree-fc-'));
writeFileSync(join(fc, 'fonts.conf'), `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>${dirname(FONT_FILES.regular)}</dir><dir>${dirname(dirname(FONT_FILES.cjkRegular))}</dir><dir>${dirname(dirname(FONT_FILES.hangulRegular))}</dir><cachedir>${fc}/cache</cachedir></fontconfig>`);
process.env.FONTCONFIG_FILE = join(fc, 'fonts.conf');
const sharp = (await import('sharp')).default;

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (n: number) => n / 1024 / 1024;
const pct = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function timed(run: () => Promise<unknown>): Promise<{ median: number; p99: number }> {
  for (let i = 0; i < WARMUP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: pct(times, 50), p99: pct(times, 99) };
}

const baseline: TopLevelSpec = {
  $schema: SCHEMA, width: 200, height: 100, data: { values: [{ a: 'x', b: 1 }] }, mark: 'bar',
  encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } },
};
const cncf = cncfTree();
const forty = fortyNodeTree();
const cncfInput = { tree: cncf, states: statesFor(cncf, PAYMENTS_PROGRESS), title: 'Payments — CNCF Adoption' };
const cases: [string, Chart][] = [
  ['baseline: 1-bar chart', baseline],
  ['tree: CNCF 23 nodes', { kind: 'tree', input: cncfInput }],
  ['tree: 40 nodes', { kind: 'tree', input: { tree: forty, states: statesFor(forty, { done: forty.nodes.slice(0, 15).map((n) => n.id) }), title: 'Search' } }],
];
for (const n of [10, 50, 200]) {
  const teams = teamNames(n);
  cases.push(
    [`unlocked: ${n} teams`, { kind: 'unlocked', input: { rows: unlockedRows(teams), period: 'week of 26 May 2025' } }],
    [`stalled: ${n} teams`, { kind: 'stalled', input: stalledInput(teams) }],
    [`heatmap: ${n} teams`, { kind: 'heatmap', input: heatmapInput(teams) }],
    [`trend: ${n} teams`, { kind: 'trend', input: trendInput(teams) }],
  );
}

const memoryOnly = process.argv.includes('--memory-only');
const timingsOnly = process.argv.includes('--timings-only');
if (!memoryOnly) await timings();

async function timings(): Promise<void> {
  console.log(`node ${process.version}, ${RUNS} warm runs each after ${WARMUP}; ms. "resvg" and "sharp" time SVG -> PNG alone on the same SVG.`);
  console.log(`${'chart'.padEnd(24)} ${'median'.padStart(7)} ${'p99'.padStart(7)} ${'x base'.padStart(7)} ${'resvg'.padStart(7)} ${'sharp'.padStart(7)}`);
  const outDir = arg('--out');
  if (outDir) mkdirSync(outDir, { recursive: true });
  let base = NaN;
  // --base-only: just today's tree picture against ours.
  for (const [name, chart] of process.argv.includes('--base-only') ? [] : cases) {
    const whole = await timed(() => renderChart(chart));
    if (Number.isNaN(base)) base = whole.median;
    const spec = await chartSpec(chart);
    const svg = await renderSvg(spec);
    const { rasterise } = await import('../src/charts/rasterise.ts');
    const side = 1024;
    const resvg = await timed(() => rasterise(svg, { mode: 'width', value: side }));
    const sharpTime = await timed(() => sharp(Buffer.from(svg), { density: 72 * (side / Number(/width="([\d.]+)"/.exec(svg)?.[1])) }).png().toBuffer());
    const flag = name.includes('50 teams') && whole.median > TARGET_MS ? `  over the ${TARGET_MS} ms target` : '';
    console.log(`${name.padEnd(24)} ${whole.median.toFixed(1).padStart(7)} ${whole.p99.toFixed(1).padStart(7)} ${(whole.median / base).toFixed(1).padStart(7)} ${resvg.median.toFixed(1).padStart(7)} ${sharpTime.median.toFixed(1).padStart(7)}${flag}`);
    if (outDir) {
      const slug = name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      writeFileSync(join(outDir, `${slug}.png`), (await renderChart(chart)).png);
      writeFileSync(join(outDir, `${slug}.sharp.png`), await sharp(Buffer.from(svg)).png().toBuffer());
    }
  }

  // The ELK layout is cached by its input graph: renaming every node makes ELK lay the same
  // tree out afresh, as for the first team to ask for a new tree.
  let fresh = 0;
  const renamed = (tree: Tree): Tree => {
    const k = `-${fresh++}`;
    return { ...tree, nodes: tree.nodes.map((n) => ({ ...n, id: n.id + k, requires: n.requires.map((r) => r + k) })) };
  };
  if (Number.isNaN(base)) base = (await timed(() => renderChart(baseline))).median;
  const layoutRounds: { hit: number; miss: number; hitPicture: number; missPicture: number }[] = [];
  for (let r = 0; r < 3; r++) {
    const hit = await timed(() => layoutTree(cncf, cncfInput.states));
    const miss = await timed(() => layoutTree(renamed(cncf), new Map()));
    const hitPicture = await timed(() => renderChart({ kind: 'tree', input: cncfInput }));
    const missPicture = await timed(() => renderChart({ kind: 'tree', input: { ...cncfInput, tree: renamed(cncf), states: new Map() } }));
    layoutRounds.push({ hit: hit.median, miss: miss.median, hitPicture: hitPicture.median, missPicture: missPicture.median });
  }
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] as number;
  const [hit, miss, hitPicture, missPicture] = (['hit', 'miss', 'hitPicture', 'missPicture'] as const).map((k) => mid(layoutRounds.map((r) => r[k])));
  console.log(`\nCNCF tree layout, median of 3 interleaved rounds: cached ${hit!.toFixed(1)} ms, laid out afresh ${miss!.toFixed(1)} ms (${(miss! / hit!).toFixed(0)}x)`);
  console.log(`CNCF tree picture: cached layout ${hitPicture!.toFixed(1)} ms, fresh layout ${missPicture!.toFixed(1)} ms = ${(hitPicture! / missPicture!).toFixed(2)}x; against the 1-bar baseline ${(hitPicture! / base).toFixed(1)}x`);

  // Today's tree picture (hand layout, resvg-js), from a checkout of the commit before this work.
  const baseDir = arg('--base');
  if (baseDir) {
    const old = (await import(join(baseDir, 'src/charts/index.ts'))) as { buildChart: (k: string, i: unknown) => TopLevelSpec; renderPng: (s: TopLevelSpec) => Promise<unknown> };
    const rounds: { today: number; now: number }[] = [];
    // Interleaved, so both see the same machine load.
    for (let r = 0; r < 3; r++) {
      const today = await timed(() => old.renderPng(old.buildChart('tree', cncfInput)));
      const now = await timed(() => renderChart({ kind: 'tree', input: cncfInput }));
      rounds.push({ today: today.median, now: now.median });
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] as number;
    const today = med(rounds.map((r) => r.today));
    const now = med(rounds.map((r) => r.now));
    console.log(`\ntree picture, CNCF with Payments' progress, median of 3 interleaved rounds: today (${baseDir}) ${today.toFixed(1)} ms, ELK layout ${now.toFixed(1)} ms = ${(now / today).toFixed(2)}x (target at most 1.5x and under 100 ms)`);
  }

}

// Memory over many renders: one long-lived pool thread renders every digest of every council.
if (!timingsOnly) await memory();

async function memory(): Promise<void> {
  const loop = cases.filter(([name]) => name.includes('50 teams') || name.startsWith('tree'));
  const snapshot = () => {
    gc?.();
    const m = process.memoryUsage();
    return { rss: mb(m.rss), heap: mb(m.heapUsed) };
  };
  let after100 = snapshot();
  const t0 = performance.now();
  for (let i = 1; i <= 1000; i++) {
    await renderChart((loop[i % loop.length] as [string, Chart])[1]);
    if (i === 100) after100 = snapshot();
    if (i % 100 === 0) {
      const m = snapshot();
      console.log(`  after ${i}: rss ${m.rss.toFixed(0)} MB, heap ${m.heap.toFixed(1)} MB`);
    }
  }
  const after1000 = snapshot();
  console.log(`\n1,000 renders (${loop.length} charts in turn) in ${((performance.now() - t0) / 1000).toFixed(1)} s${gc ? ', measured after a forced gc' : ' (run with --expose-gc for steadier numbers)'}`);
  console.log(`rss  after 100: ${after100.rss.toFixed(0)} MB, after 1,000: ${after1000.rss.toFixed(0)} MB (${(after1000.rss - after100.rss >= 0 ? '+' : '')}${(after1000.rss - after100.rss).toFixed(0)} MB)`);
  console.log(`heap after 100: ${after100.heap.toFixed(1)} MB, after 1,000: ${after1000.heap.toFixed(1)} MB`);
}
