// Main-thread event-loop lag while 20 pictures render (10 tree pictures, 10 digest charts, all
// asked for at once), measured with perf_hooks.monitorEventLoopDelay: through the pool, the
// way the app draws, and on the main thread itself for comparison. Target: under 50 ms max.
// Run: node --import tsx bench/render-pool.ts [threads]
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { availableParallelism } from 'node:os';
import { inlineRenderer, poolRenderer, type Chart, type ChartRenderer } from '../src/charts/index.ts';
import { cncfTree, PAYMENTS_PROGRESS, stalledInput, statesFor, teamNames, heatmapInput } from '../test/helpers/chart-data.ts';

const threads = Number(process.argv[2] ?? Math.max(1, Math.min(4, availableParallelism() - 1)));
const tree = cncfTree();
const charts: Chart[] = Array.from({ length: 20 }, (_, i) => (i % 2 === 0
  ? { kind: 'tree', input: { tree, states: statesFor(tree, PAYMENTS_PROGRESS), title: `Team ${i}` } }
  : i % 4 === 1 ? { kind: 'stalled', input: stalledInput(teamNames(50), i) } : { kind: 'heatmap', input: heatmapInput(teamNames(50), i) }));

async function lagWhile(renderer: ChartRenderer): Promise<{ maxMs: number; p99Ms: number; wallMs: number }> {
  // Warm: threads started, fonts and wasm loaded, code compiled.
  await Promise.all(charts.slice(0, 4).map((c) => renderer.render(c)));
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  const t0 = performance.now();
  await Promise.all(charts.map((c) => renderer.render(c)));
  const wallMs = performance.now() - t0;
  h.disable();
  return { maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, wallMs };
}

const pool = poolRenderer({ threads, maxQueue: 64 });
const pooled = await lagWhile(pool);
await pool.close();
const inline = await lagWhile(inlineRenderer());
console.log(`node ${process.version}, ${availableParallelism()} CPUs, 20 pictures at once (10 CNCF trees, 10 digest charts at 50 teams)`);
console.log(`pool, ${threads} thread(s): event-loop lag max ${pooled.maxMs.toFixed(1)} ms, p99 ${pooled.p99Ms.toFixed(1)} ms; all 20 drawn in ${pooled.wallMs.toFixed(0)} ms${pooled.maxMs > 50 ? '  over the 50 ms target' : ''}`);
console.log(`main thread (for comparison): event-loop lag max ${inline.maxMs.toFixed(1)} ms, p99 ${inline.p99Ms.toFixed(1)} ms; all 20 drawn in ${inline.wallMs.toFixed(0)} ms`);
