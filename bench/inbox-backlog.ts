// Memory of a backlog: what the inbox keeps in the heap for each delivery it has acknowledged but
// not yet begun, as when a burst is acknowledged far faster than it is worked off (bench/slack-ack.ts:
// 1,200 acks in under a second, answers over 10 s). Every such byte survives the young-generation
// collections that run during the burst, and their pauses hold up every acknowledgement in flight.
// Baseline, in the same run: the same deliveries as the plain objects the store reads back (one
// InboxEntry each), the least any in-memory backlog could hold.
// Run: node --expose-gc --import tsx bench/inbox-backlog.ts [--deliveries 1000]
import { openStore, type InboxEntry } from '../src/store/store.ts';
import { eventually, startSlackHarness } from '../test/helpers/slack-harness.ts';
import { postToSlackEndpoint, slashCommand } from '../test/helpers/slack-signing.ts';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc --import tsx bench/inbox-backlog.ts');
const i = process.argv.indexOf('--deliveries');
const N = i >= 0 ? Number(process.argv[i + 1]) : 1000;
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

// The real app and HTTP server on a SQLite file, with a Slack stand-in; its logger keeps errors only.
const h = await startSlackHarness({ botUserId: 'UBOT', logLevel: 'error' });
async function post(text: string, prefix: string): Promise<void> {
  const { status } = await postToSlackEndpoint(h.eventsUrl, slashCommand({ text, responseUrl: h.standIn.responseUrl(prefix), channelId: 'C0BENCH' }));
  if (status !== 200) throw new Error(`HTTP ${status} for ${text}`);
}
const answered = (prefix: string) => h.standIn.requests.filter((r) => r.path.startsWith(`/response/${prefix}-`)).length;
const allAnswered = (prefix: string, n: number) => eventually(() => answered(prefix) >= n, 300_000, `${n} answers under ${prefix}`);

try {
  // Warm-up: the team, and enough commands that every code path is compiled.
  await post('team create Backlog', 'warm');
  for (let k = 0; k < 50; k++) await post('next', 'warm');
  await allAnswered('warm', 51);
  const before = heap();

  // The burst, 16 in flight: the work waits for a quiet moment, so it is nearly all still to do.
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next++ < N) await post('next', 'burst');
  }));
  const during = heap();
  const waiting = N - answered('burst');

  // The floor: the same deliveries as the rows read back, held as plain objects.
  const reader = await openStore({ sqlitePath: h.sqlitePath });
  const keys = (await reader.inbox.claimable('slack', new Date(Date.now() + 3_600_000), N + 100));
  const beforeRows = heap();
  const rows: (InboxEntry | undefined)[] = [];
  for (const key of keys) rows.push(await reader.inbox.get(key));
  const floor = (heap() - beforeRows) / rows.length;
  await reader.close();

  await allAnswered('burst', N);
  rows.length = 0;
  const after = heap();
  const perDelivery = (during - before) / waiting;
  console.log(`\nInbox backlog: ${N} slash commands acknowledged at concurrency 16, ${waiting} of them not yet answered when measured\n`);
  console.log(`  retained heap per waiting delivery   ${(perDelivery / 1024).toFixed(1).padStart(7)} KiB`);
  console.log(`  the same deliveries as plain rows    ${(floor / 1024).toFixed(1).padStart(7)} KiB   (baseline)`);
  console.log(`  ratio                                ${(perDelivery / floor).toFixed(2).padStart(7)}x`);
  console.log(`  heap after every one was answered    ${((after - before) / 1e6).toFixed(1).padStart(7)} MB above the heap before the burst (the Slack stand-in in this process keeps every answer it got)\n`);
} finally {
  await h.close();
}
