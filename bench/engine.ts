// Engine speed: one team's status + next on generated trees of 100, 1,000 and 5,000 nodes
// (about 3 prerequisites each), over 10,000 teams with random histories.
// Run: node --import tsx bench/engine.ts [--teams 10000] [--sizes 100,1000,5000]
// Each size also measures a baseline in the same run: one pass over the team's events and the
// tree's edges doing no real work. Ratios against it show the engine's cost per unit of input.
import { compileTree, rankNext, replay, summarise, type CompiledTree, type ProgressEvent, type Tree, type TreeNode } from '../src/engine/index.ts';
import { seededRandom } from '../test/helpers/seeded-random.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

const TEAMS = Number(arg('teams', '10000'));
const SIZES = arg('sizes', '100,1000,5000').split(',').map(Number);


function generateTree(n: number): Tree {
  const rand = seededRandom(n);
  const tiers = Array.from({ length: 8 }, (_, k) => ({ id: `tier-${k}`, title: `Tier ${k}`, summary: '.' }));
  const tracks = Array.from({ length: 10 }, (_, k) => ({ id: `track-${k}`, title: `Track ${k}`, summary: '.' }));
  const nodes: TreeNode[] = [];
  for (let i = 0; i < n; i++) {
    const tier = Math.floor((i * tiers.length) / n);
    const requires = new Set<string>();
    // About three prerequisites each, always from earlier nodes (so earlier or equal tiers).
    if (i > 0) for (let k = 0; k < 3; k++) requires.add(`n${Math.floor(rand() * Math.min(i, Math.max(1, (tier + 1) * (n / tiers.length))))}`);
    requires.delete(`n${i}`);
    const size = (['S', 'M', 'L', 'XL'] as const)[Math.floor(rand() * 4)]!;
    const low = 1 + Math.floor(rand() * 6);
    nodes.push({
      id: `n${i}`, title: `Node ${i}`, tier: tiers[tier]!.id, track: tracks[Math.floor(rand() * tracks.length)]!.id, summary: '.',
      tags: [], aliases: [], effort: { size, weeks: [low, low + Math.floor(rand() * 6)] }, steps: ['a'], requires: [...requires].filter((r) => r !== `n${i}`), links: [],
    });
  }
  return { id: `gen-${n}`, title: `Generated ${n}`, summary: '.', tiers, tracks, nodes };
}

/** A plausible history: done in prerequisite order, with some skips, starts and undos. */
function history(ct: CompiledTree, team: number): ProgressEvent[] {
  const rand = seededRandom(team * 7919 + ct.nodes.length);
  const reach = Math.floor(rand() * ct.nodes.length * 0.8);
  const events: ProgressEvent[] = [];
  let t = 1_700_000_000_000;
  for (let k = 0; k < reach; k++) {
    const id = ct.nodes[ct.topo[k]!]!.id;
    t += 3_600_000;
    const r = rand();
    if (r < 0.05) events.push({ kind: 'skipped', nodeId: id, at: new Date(t), reason: 'n/a' });
    else if (r < 0.1) events.push({ kind: 'started', nodeId: id, at: new Date(t) });
    else {
      events.push({ kind: 'done', nodeId: id, at: new Date(t) });
      if (r > 0.98) events.push({ kind: 'undone', nodeId: id, at: new Date(t + 1) });
    }
  }
  return events;
}

function baseline(ct: CompiledTree, events: readonly ProgressEvent[]): number {
  let x = 0;
  for (const e of events) x += ct.indexOf.get(e.nodeId) ?? 0;
  for (const r of ct.requires) x += r.length;
  return x;
}

function statusAndNext(ct: CompiledTree, events: readonly ProgressEvent[]): number {
  const p = replay(ct, events);
  const s = summarise(p);
  const next = rankNext(p, { limit: 5 });
  return s.overall.done + next.length;
}

const pct = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);

console.log(`Engine bench: ${TEAMS} teams per size, Node ${process.version}\n`);
console.log('nodes  edges  events/team  baseline p50  status+next p50  p99        ratio p50  all teams total');
let sink = 0;
const rows: { n: number; p50: number; total: number; work: number }[] = [];
for (const n of SIZES) {
  const ct = compileTree(generateTree(n));
  const edges = ct.requires.reduce((s, r) => s + r.length, 0);
  // Warm up the JIT on a few histories first.
  for (let k = 0; k < 200; k++) sink += statusAndNext(ct, history(ct, k));
  const times: number[] = [];
  const base: number[] = [];
  let events = 0;
  let total = 0;
  for (let team = 0; team < TEAMS; team++) {
    const h = history(ct, team);
    events += h.length;
    let t0 = performance.now();
    sink += baseline(ct, h);
    base.push(performance.now() - t0);
    t0 = performance.now();
    sink += statusAndNext(ct, h);
    const dt = performance.now() - t0;
    times.push(dt);
    total += dt;
  }
  times.sort((a, b) => a - b);
  base.sort((a, b) => a - b);
  const p50 = pct(times, 0.5);
  rows.push({ n, p50, total, work: n + edges + events / TEAMS });
  console.log(
    `${String(n).padEnd(6)} ${String(edges).padEnd(6)} ${String(Math.round(events / TEAMS)).padEnd(12)} ${fmt(pct(base, 0.5)).padEnd(13)} ${fmt(p50).padEnd(16)} ${fmt(pct(times, 0.99)).padEnd(10)} ${(p50 / pct(base, 0.5)).toFixed(1).padEnd(10)} ${(total / 1000).toFixed(2)} s`,
  );
}
console.log('\nGrowth (against the smallest size): time ratio vs input ratio (nodes + edges + events per team)');
for (const r of rows.slice(1)) {
  console.log(`  ${rows[0]!.n} -> ${r.n}: status+next x${(r.p50 / rows[0]!.p50).toFixed(1)}, input x${(r.work / rows[0]!.work).toFixed(1)}`);
}
if (sink === -1) console.log(sink);
