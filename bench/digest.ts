// A council digest at scale: 2,000 teams with 52 weeks of history (about 100,000 events) on SQLite
// and on Postgres. Measured in the same run against a bare scan of the same events (loading them
// from the database and touching each once): the digest computation (load + compute), the end to
// end digest with its four charts, and peak RSS.
// Run: node --expose-gc --import tsx bench/digest.ts [--teams 2000] [--weeks 52] [--dialects sqlite,postgres]
// Postgres: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) must allow CREATE DATABASE.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadCatalog } from '../src/app/catalog.ts';
import { createApp } from '../src/app/open-app.ts';
import { buildDigest } from '../src/app/use-cases/digest.ts';
import { inlineRenderer } from '../src/charts/index.ts';
import { openDatabase } from '../src/store/dialect.ts';
import { openStore, type Store, type StoreConfig } from '../src/store/store.ts';
import { seededRandom } from '../test/helpers/seeded-random.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const TEAMS = Number(arg('teams', '2000'));
const WEEKS = Number(arg('weeks', '52'));
const DIALECTS = arg('dialects', 'sqlite,postgres').split(',');
const RUNS = 5;
const WEEK = 7 * 86_400_000;

const catalog = loadCatalog(join(import.meta.dirname, '..', 'trees'));
const tree = catalog.tree('cncf-adoption')!;


let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
sampler.unref();

async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

/** Teams walk the tree in order at their own pace; some start things, a few skip, a few undo. */
async function seed(config: StoreConfig, now: Date): Promise<{ orgId: string; events: number }> {
  const { db } = await openDatabase(config);
  const orgId = 'bench:org';
  const created = new Date(now.getTime() - WEEKS * WEEK).toISOString();
  await db.insertInto('orgs').values({ id: orgId, platform: 'cli', name: 'Bench', created_at: created }).execute();
  const rand = seededRandom(42);
  const teams = Array.from({ length: TEAMS }, (_, i) => ({ id: `team-${i}`, org_id: orgId, slug: `team-${i}`, name: `Team ${i}`, created_at: created }));
  for (let i = 0; i < teams.length; i += 500) await db.insertInto('teams').values(teams.slice(i, i + 500)).execute();
  const rows: Record<string, unknown>[] = [];
  const order = [...tree.topo].map((k) => tree.nodes[k]!.id);
  for (const t of teams) {
    const pace = 0.2 + rand() * 0.8;
    let next = 0;
    for (let w = 0; w < WEEKS && next < order.length; w++) {
      const at = (extra: number) => new Date(now.getTime() - (WEEKS - w) * WEEK + extra).toISOString();
      const row = (kind: string, node: string, extra: number) => ({
        org_id: orgId, team_id: t.id, node_id: node, tree_id: tree.tree.id, kind, actor: 'bench', platform: 'cli', at: at(extra), force: 0, reason: kind === 'skipped' ? 'n/a' : null, idempotency_key: null, created_at: at(extra),
      });
      if (rand() < pace) rows.push(row('started', order[next]!, 3_600_000), row('done', order[next++]!, 86_400_000 + rand() * 3 * 86_400_000));
      if (rand() < 0.03 && next < order.length) rows.push(row('skipped', order[next++]!, 2 * 86_400_000));
      if (rand() < 0.01 && next > 0) rows.push(row('undone', order[next - 1]!, 5 * 86_400_000), row('done', order[next - 1]!, 6 * 86_400_000));
    }
  }
  rows.sort((a, b) => String(a.at).localeCompare(String(b.at)));
  for (let i = 0; i < rows.length; i += 1000) await db.insertInto('progress_events').values(rows.slice(i, i + 1000) as never).execute();
  await db.destroy();
  return { orgId, events: rows.length };
}

async function benchDialect(dialect: string): Promise<void> {
  let config: StoreConfig;
  let drop: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'techtree-bench-'));
    config = { sqlitePath: join(dir, 'bench.db') };
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const admin = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const name = `techtree_bench_${randomBytes(4).toString('hex')}`;
    const q = async (text: string) => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try { await c.query(text); } finally { await c.end(); }
    };
    try {
      await q(`create database ${name}`);
    } catch (error) {
      console.log(`postgres: skipped (${(error as Error).message})`);
      return;
    }
    const url = new URL(admin);
    url.pathname = `/${name}`;
    config = { sqlitePath: '', databaseUrl: url.toString() };
    drop = () => q(`drop database if exists ${name} with (force)`);
  }
  const store: Store = await openStore(config);
  try {
    const now = new Date();
    const t0 = performance.now();
    // Seeded by a child process: what seeding leaves in this one's RSS would be counted as the digest's.
    const seeded = execFileSync(process.execPath, [...process.execArgv, import.meta.filename, '--seed', JSON.stringify({ config, now: now.toISOString() }), '--teams', String(TEAMS), '--weeks', String(WEEKS)], { encoding: 'utf8' });
    const { orgId, events } = JSON.parse(seeded.trim().split('\n').at(-1)!) as { orgId: string; events: number };
    const council = await store.councils.create(orgId, 'cli:bench:council', 'cli');
    const app = createApp({ store, catalog, renderer: inlineRenderer(), clock: () => now });
    console.log(`${dialect}: ${TEAMS} teams, ${events} events over ${WEEKS} weeks (seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);

    // Peak RSS of the digest work alone, not of seeding.
    (globalThis as { gc?: () => void }).gc?.();
    peakRss = process.memoryUsage().rss;
    const phase = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
      (globalThis as { gc?: () => void }).gc?.();
      const before = peakRss;
      peakRss = process.memoryUsage().rss;
      const out = await fn();
      const peak = peakRss;
      peakRss = Math.max(before, peak);
      return [out, peak];
    };
    const [scan, scanPeak] = await phase(() => median(async () => {
      const byTeam = await store.events.forOrg(orgId, now);
      let n = 0;
      for (const list of byTeam.values()) for (const e of list) if (e.at.getTime() > 0) n++;
      if (n !== events) throw new Error(`scan saw ${n} of ${events} events`);
    }));
    const deps = { store, catalog, admins: [], clock: () => now, emit: () => undefined };
    const [digest, digestPeak] = await phase(() => median(() => buildDigest(deps, { orgId, teamIds: [], treeIds: [], stallDays: 21, from: new Date(now.getTime() - WEEK), to: now, previousFrom: new Date(now.getTime() - 2 * WEEK) })));
    const [endToEnd, endPeak] = await phase(() => median(() => app.digests.render(council, now)));
    console.log(`  bare scan (load + touch each event): ${scan.toFixed(0)} ms`);
    console.log(`  digest computation (load + compute): ${digest.toFixed(0)} ms = ${(digest / scan).toFixed(2)}x the scan (target < 3x)`);
    console.log(`  end to end with the four charts:     ${endToEnd.toFixed(0)} ms (target < 5000 ms)`);
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
    console.log(`  peak RSS while measuring:            ${mb(peakRss)} (target < 400 MB): scan ${mb(scanPeak)}, computation ${mb(digestPeak)}, end to end ${mb(endPeak)}`);
  } finally {
    await store.close();
    await drop();
  }
}

const seedArg = process.argv.indexOf('--seed');
if (seedArg >= 0) {
  const { config, now } = JSON.parse(process.argv[seedArg + 1]!) as { config: StoreConfig; now: string };
  console.log(JSON.stringify(await seed(config, new Date(now))));
  process.exit(0);
}
for (const d of DIALECTS) await benchDialect(d);
console.log(`medians of ${RUNS} runs; ${process.version}, load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
