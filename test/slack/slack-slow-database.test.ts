// Another process holds SQLite's write lock for 5 s. Slack must still get its ack within 3 s,
// and the change must land once the lock is released.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventually, startSlackHarness, type SlackHarness } from '../helpers/slack-harness.ts';
import { nowSec, postToSlackEndpoint, sign, slashCommand, type SlackRequest } from '../helpers/slack-signing.ts';

const HOLD_MS = 5000;

interface LockHolder {
  /** Resolves with the time (ms since the epoch) at which the lock was released. */
  released(): Promise<number>;
}

/** Takes the write lock in a separate process; resolves once it holds it. */
async function holdWriteLock(sqlitePath: string, ms: number): Promise<LockHolder> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1]);
    db.pragma('busy_timeout = 5000');
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); process.stdout.write('released ' + Date.now() + '\\n'); }, Number(process.argv[2]));`;
  const child = spawn(process.execPath, ['-e', script, sqlitePath, String(ms)], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('locked')) resolve();
    });
    void exited.then(([code]) => reject(new Error(`lock holder exited early (${code}): ${out}`)));
  });
  return {
    async released() {
      await exited;
      const m = /released (\d+)/.exec(out);
      if (!m) throw new Error(`lock holder did not report its release: ${out}`);
      return Number(m[1]);
    },
  };
}

/**
 * Sends signed requests from a separate process and reports when each answer arrived. Timing
 * from outside matters: this process runs the bot, whose short SQLite waits block its event loop.
 */
async function postFromAnotherProcess(url: string, requests: readonly { req: SlackRequest; delayMs: number }[]): Promise<{ status: number; ms: number }[]> {
  const signed = requests.map(({ req, delayMs }) => ({ body: req.body, delayMs, headers: { 'content-type': req.contentType, ...sign(req.body, nowSec()) } }));
  const script = `
    const [url, json] = process.argv.slice(1);
    const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
    Promise.all(JSON.parse(json).map(async (r) => {
      await sleep(r.delayMs);
      const t = performance.now();
      const res = await fetch(url, { method: 'POST', headers: r.headers, body: r.body });
      await res.text();
      return { status: res.status, ms: performance.now() - t };
    })).then((out) => process.stdout.write(JSON.stringify(out)));`;
  const child = spawn(process.execPath, ['-e', script, url, JSON.stringify(signed)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await once(child, 'exit');
  return JSON.parse(out) as { status: number; ms: number }[];
}

describe('Slack with a slow database', () => {
  let h: SlackHarness;

  beforeAll(async () => {
    h = await startSlackHarness({ botUserId: 'UBOT' });
    const responseUrl = h.standIn.responseUrl('setup');
    expect((await postToSlackEndpoint(h.eventsUrl, slashCommand({ text: 'team create Payments', responseUrl }))).status).toBe(200);
    await h.standIn.waitFor((r) => r.path === new URL(responseUrl).pathname, 10_000, 'team created');
  });
  afterAll(async () => {
    await h?.close();
  });

  test('the write lock held elsewhere for 5 s: acks still arrive within 3 s, and the change lands afterwards', async () => {
    const holder = await holdWriteLock(h.sqlitePath, HOLD_MS);
    const first = h.standIn.responseUrl('slow');
    const second = h.standIn.responseUrl('slow');
    const results = await postFromAnotherProcess(h.eventsUrl, [
      { req: slashCommand({ text: 'done containerd', responseUrl: first }), delayMs: 0 },
      // Arrives while the first one is waiting for the lock.
      { req: slashCommand({ text: 'done oci-images', responseUrl: second }), delayMs: 1000 },
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    for (const r of results) expect(r.ms).toBeLessThan(3000);

    const releasedAt = await holder.released();
    await eventually(() => h.countEvents({ kind: 'done' }) === 2, 15_000, 'both changes recorded');
    // Recorded after the other process let go of the lock, not before.
    for (const at of h.eventTimes()) expect(at).toBeGreaterThanOrEqual(releasedAt);
    const answer = await h.standIn.waitFor((r) => r.path === new URL(first).pathname, 10_000, 'the answer after the lock');
    expect(String(answer.body.text)).toMatch(/completed containerd/);
    await h.standIn.waitFor((r) => r.path === new URL(second).pathname, 10_000, 'the second answer');
  }, 30_000);
});
