// `techtree worker` sent SIGTERM while it is posting a digest (issue 13 item 4): BullMQ's
// worker.close() lets the job finish, the process closes the database and Redis and exits 0
// within the 10 s grace period, and the digest is posted once and recorded as posted.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.ts';
import { seed } from '../helpers/digests.ts';
import { TEST_REDIS_URL, useRedis } from '../helpers/redis.ts';
import { eventually } from '../helpers/slack-harness.ts';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-standin.ts';
import { ROOT } from '../helpers/trees.ts';

describe('techtree worker on SIGTERM with a digest being posted', () => {
  const redis = useRedis('worker-stop');
  const dir = mkdtempSync(join(tmpdir(), 'techtree-worker-stop-'));
  const sqlitePath = join(dir, 'techtree.db');
  let store: Store;
  let standIn: SlackStandIn;
  let child: ChildProcess | undefined;
  const output: string[] = [];

  beforeAll(async () => {
    store = await openStore({ sqlitePath });
    standIn = await startSlackStandIn();
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await standIn?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the digest, exits 0 within 10 s, and the digest is posted once', async () => {
    // A slot five minutes ago: the worker's first reconcile enqueues its catch-up at once.
    const minute = (new Date().getUTCMinutes() + 55) % 60;
    const s = await seed(store, new Date(Date.now() - 40 * 86_400_000), [
      { name: 'Payments', events: [['done', 'containerd-runtime', 30], ['done', 'oci-images', 39]] },
    ], { cron: `${minute} * * * *`, timeZone: 'UTC' });
    child = spawn(process.execPath, [join(ROOT, 'bin/techtree.js'), 'worker'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '',
        TECHTREE_DB: sqlitePath, TECHTREE_TREES: join(ROOT, 'trees'), REDIS_URL: TEST_REDIS_URL, DIGEST_QUEUE_PREFIX: redis.prefix,
        SLACK_SIGNING_SECRET: 'secret', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_API_URL: standIn.apiUrl, SLACK_BOT_USER_ID: 'UBOT', LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = child;
    worker.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
    worker.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => worker.once('exit', (code) => resolve({ code, at: Date.now() })));
    let stoppedAt = 0;
    standIn.hook((r) => {
      // The first chart upload: the digest job is running and has four uploads and the post to go.
      if (stoppedAt === 0 && r.path === '/api/files.getUploadURLExternal') {
        stoppedAt = Date.now();
        worker.kill('SIGTERM');
      }
    });
    const exit = await Promise.race([exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`worker did not exit: ${output.join('').slice(-2000)}`)), 60_000))]);
    expect(stoppedAt, 'the worker was stopped mid-digest').toBeGreaterThan(0);
    expect(exit.code, output.join('').slice(-2000)).toBe(0);
    expect(exit.at - stoppedAt).toBeLessThan(10_000);
    const log = output.join('');
    expect(log).toContain('"msg":"shutting down"');
    expect(log).toContain('"msg":"stopped"');
    expect(standIn.messages(s.channel)).toHaveLength(1);
    const [run] = await eventually(async () => {
      const runs = await store.digestRuns.listForCouncil(s.council.id);
      return runs[0]?.status === 'posted' ? runs : undefined;
    }, 5000, 'the run recorded as posted');
    expect(run!.postedRef).toContain(standIn.messages(s.channel)[0]!.ts);
  }, 90_000);
});
