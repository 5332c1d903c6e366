// Soak: a real `techtree serve` (SQLite, embedded digests) fed a steady stream of mixed signed
// slash commands for N minutes while a council's digest fires every minute (`* * * * *`).
// Reports, as ratios within this one run: RSS at the end against RSS after the first minute
// (the warm-up: render threads, caches; target growth <= 10 %), each minute's p99 ack against the
// first minute's, and zero lost or duplicated events, checked in the database against the acks.
// Run: node --import tsx bench/soak.ts [--minutes 10] [--rate 5] [--teams 20]
// The Slack stand-in runs in this process; it only records requests (a few per second).
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { startServeProcess } from '../test/helpers/serve-process.ts';
import { newTriggerId, postToSlackEndpoint, slashCommand, TEAM_ID } from '../test/helpers/slack-signing.ts';
import { startSlackStandIn } from '../test/helpers/slack-standin.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name}: expected a positive number, got "${process.argv[i + 1]}"`);
  return v;
}

const minutes = arg('minutes', 10);
const rate = arg('rate', 5);
const teams = Math.floor(arg('teams', 20));
const NODES = ['containerd-runtime', 'oci-images', 'registry-auth', 'kubernetes-cluster', 'helm-charts', 'ingress-controller', 'cni-network-policy', 'prometheus-grafana', 'gitops-bootstrap', 'log-aggregation'];
const READS = ['status', 'next', 'show falco', 'why keda', 'tree'];
const pct = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

interface Sent {
  readonly key: string;
  readonly text: string;
  readonly responseUrl: string;
  readonly minute: number;
  readonly mutates: boolean;
  ackMs?: number;
}

const dir = mkdtempSync(join(tmpdir(), 'techtree-soak-'));
const sqlitePath = join(dir, 'techtree.db');
const standIn = await startSlackStandIn({ admins: ['U0ADMIN'] });
const serve = await startServeProcess({ sqlitePath, apiUrl: standIn.apiUrl, env: { TECHTREE_ADMINS: 'U0ADMIN' } });
const pid = serve.child.pid!;
const sent: Sent[] = [];

async function send(text: string, channel: string, user = 'U0ALICE', minute = -1): Promise<Sent> {
  const triggerId = newTriggerId();
  const responseUrl = standIn.responseUrl('soak');
  const s: Sent = { key: `slack:${TEAM_ID}:command:${triggerId}`, text, responseUrl, minute, mutates: /^(done|undo) /.test(text) };
  const started = performance.now();
  const res = await postToSlackEndpoint(serve.eventsUrl, slashCommand({ text, responseUrl, channelId: channel, userId: user, triggerId }));
  if (res.status === 200) s.ackMs = performance.now() - started;
  sent.push(s);
  return s;
}

try {
  // The world: teams with a channel each, and a council over all of them posting every minute.
  for (let t = 0; t < teams; t++) await send(`team create soak${t}`, `C0SOAK${t}`);
  await send('council here', 'C0COUNCIL', 'U0ADMIN');
  await send('council schedule "* * * * *" UTC', 'C0COUNCIL', 'U0ADMIN');
  await sleep(2000);
  const rss0 = rssOf(pid);
  const start = Date.now();
  const end = start + minutes * 60_000;
  const rssAt: number[] = [];
  let i = 0;
  const inFlight = new Set<Promise<unknown>>();
  // Team t's own commands go done n0..n9 then undo n0..n9 and around: one every `teams` commands,
  // seconds apart, so each is a real change; every third command is a read.
  const step = new Map<number, number>();
  while (Date.now() < end) {
    const due = start + (i * 1000) / rate;
    if (due > Date.now()) await sleep(due - Date.now());
    const minute = Math.floor((Date.now() - start) / 60_000);
    if (rssAt.length <= minute) rssAt.push(rssOf(pid));
    const t = i % teams;
    let text: string;
    if (i % 3 === 2) text = READS[i % READS.length]!;
    else {
      const k = step.get(t) ?? 0;
      step.set(t, k + 1);
      const node = NODES[k % NODES.length]!;
      text = Math.floor(k / NODES.length) % 2 === 0 ? `done ${node} --force` : `undo ${node}`;
    }
    const p = send(text, `C0SOAK${t}`, 'U0ALICE', minute).finally(() => inFlight.delete(p));
    inFlight.add(p);
    i++;
  }
  await Promise.all(inFlight);
  const rssEnd = rssOf(pid);
  // Let the last commands be answered, then stop the server the way an orchestrator would.
  await sleep(5000);
  serve.child.kill('SIGTERM');
  const exit = await serve.exited;

  const db = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  const inbox = new Map((db.prepare('select delivery_key, state, reply from inbox').all() as { delivery_key: string; state: string; reply: string | null }[]).map((r) => [r.delivery_key, r]));
  const eventKeys = new Map<string, number>();
  for (const r of db.prepare('select idempotency_key from progress_events where idempotency_key is not null').all() as { idempotency_key: string }[]) eventKeys.set(r.idempotency_key, (eventKeys.get(r.idempotency_key) ?? 0) + 1);
  const runs = db.prepare("select status, count(*) as n from digest_runs group by status").all() as { status: string; n: number }[];
  db.close();

  const acked = sent.filter((s) => s.ackMs !== undefined && s.minute >= 0);
  const lost: string[] = [];
  const duplicated: string[] = [];
  let refused = 0;
  for (const s of acked) {
    const row = inbox.get(s.key);
    const posts = standIn.calls(s.responseUrl).length;
    if (!row || row.state !== 'answered' || posts === 0) lost.push(`${s.text} (${row?.state ?? 'no inbox row'}, ${posts} answers)`);
    if (posts > 1) duplicated.push(`${s.text}: answered ${posts} times`);
    if (!s.mutates) continue;
    const ok = row?.reply ? (JSON.parse(row.reply) as { ok?: boolean }).ok === true : false;
    const events = eventKeys.get(s.key) ?? 0;
    if (events > 1) duplicated.push(`${s.text}: ${events} events`);
    if (ok && events === 0) lost.push(`${s.text}: answered ok, no event`);
    if (!ok) refused++;
  }
  const perMinute = Array.from({ length: Math.ceil(minutes) }, (_, m) => acked.filter((s) => s.minute === m).map((s) => s.ackMs!).sort((a, b) => a - b));
  const p99 = perMinute.map((xs) => pct(xs, 99));
  const all = acked.map((s) => s.ackMs!).sort((a, b) => a - b);
  const digests = standIn.calls('chat.postMessage').filter((r) => String(r.body.channel) === 'C0COUNCIL').length;
  const rssBase = rssAt[1] ?? rssAt[0]!;

  console.log(`soak: ${minutes} min at ${rate} commands/s over ${teams} teams; ${acked.length} of ${sent.filter((s) => s.minute >= 0).length} acknowledged; serve exited ${exit.code ?? exit.signal}`);
  console.log(`RSS: ${mb(rss0)} at start, ${mb(rssBase)} after the first minute, ${mb(rssEnd)} at the end: end/after-first-minute = ${(rssEnd / rssBase).toFixed(3)}x (target <= 1.10x), end/start = ${(rssEnd / rss0).toFixed(3)}x`);
  console.log(`RSS by minute: ${rssAt.map(mb).join(', ')}`);
  console.log(`p99 ack by minute (ms): ${p99.map((x) => x.toFixed(1)).join(', ')}`);
  console.log(`p99 ack ratio to the first minute: ${p99.map((x) => (x / p99[0]!).toFixed(2)).join(', ')}; whole run ${(pct(all, 99) / p99[0]!).toFixed(2)}x (p50 ${pct(all, 50).toFixed(1)} ms, p99 ${pct(all, 99).toFixed(1)} ms)`);
  console.log(`digests posted to the council channel: ${digests} (runs: ${runs.map((r) => `${r.n} ${r.status}`).join(', ') || 'none'})`);
  console.log(`lost: ${lost.length}, duplicated: ${duplicated.length}, changes refused by the rules (e.g. already done): ${refused}`);
  for (const l of [...lost, ...duplicated].slice(0, 20)) console.log(`  ${l}`);
  process.exitCode = lost.length + duplicated.length === 0 && exit.code === 0 ? 0 : 1;
} finally {
  if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
  await standIn.close();
  rmSync(dir, { recursive: true, force: true });
}
