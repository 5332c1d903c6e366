// `techtree worker` as a real child process, killed by the Slack stand-in in the middle of
// chat.postMessage (after Slack took the message, before the worker could record it); a second
// worker then finds the message in the channel history and records it: one message.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.ts';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../helpers/databases.ts';
import { seed, type Seeded } from '../helpers/digests.ts';
import { TEST_REDIS_URL, useRedis } from '../helpers/redis.ts';
import { eventually } from '../helpers/slack-harness.ts';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-standin.ts';
import { ROOT } from '../helpers/trees.ts';
import { checkLogLine } from '../helpers/secret-guard.ts';
import { SIGNING_SECRET } from '../helpers/slack-signing.ts';

describe.each(DIALECTS)('a worker killed between the post and its record, on %s', (dialect) => {
  const redis = useRedis(`crash-${dialect}`);
  let database: TestDatabase | undefined;
  let store: Store;
  let standIn: SlackStandIn;
  let skip: string | undefined;
  const children: ChildProcess[] = [];
  const output: string[] = [];

  beforeAll(async () => {
    const created = await createTestDatabase(dialect);
    if ('skip' in created) {
      skip = created.skip;
      return;
    }
    database = created;
    store = await openStore(created.config);
    standIn = await startSlackStandIn();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await standIn?.close();
    await store?.close();
    await database?.drop();
  });

  function worker(): ChildProcess {
    const cfg = database!.config;
    const child = spawn(process.execPath, [join(ROOT, 'bin/techtree.js'), 'worker'], {
      cwd: ROOT,
      env: {
        ...process.env,
        ...(cfg.databaseUrl ? { DATABASE_URL: cfg.databaseUrl } : { DATABASE_URL: '', TECHTREE_DB: cfg.sqlitePath }),
        REDIS_URL: TEST_REDIS_URL, DIGEST_QUEUE_PREFIX: redis.prefix, DIGEST_STALE_AFTER_SEC: '5', DIGEST_RECONCILE_SEC: '1', DIGEST_BACKOFF_SEC: '1', DIGEST_LOCK_SEC: '4',
        SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-test', METRICS_PORT: '0', SLACK_API_URL: standIn.apiUrl, SLACK_BOT_USER_ID: 'UBOT', LOG_LEVEL: 'info',
        TECHTREE_TREES: join(ROOT, 'trees'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => output.push(checkLogLine(d.toString(), 'techtree worker')));
    child.stderr!.on('data', (d: Buffer) => output.push(checkLogLine(d.toString(), 'techtree worker')));
    children.push(child);
    return child;
  }
  const exited = (c: ChildProcess) => new Promise<number | null>((resolve) => (c.exitCode !== null ? resolve(c.exitCode) : c.once('exit', (code) => resolve(code))));

  it('posts one message', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const minute = (new Date().getUTCMinutes() + 55) % 60;
    const s: Seeded = await seed(store, new Date(Date.now() - 40 * 86_400_000), [
      { name: `Payments ${randomBytes(2).toString('hex')}`, events: [['done', 'containerd-runtime', 30], ['done', 'oci-images', 39]] },
    ], { cron: `${minute} * * * *`, timeZone: 'UTC' });
    const first = worker();
    let killed = false;
    standIn.hook((r) => {
      if (!killed && r.path === '/api/chat.postMessage' && r.body.channel === s.channel) {
        killed = true;
        first.kill('SIGKILL');
      }
    });
    expect(await exited(first)).toBeNull();
    expect(standIn.messages(s.channel)).toHaveLength(1);
    const [run] = await store.digestRuns.listForCouncil(s.council.id);
    expect(run).toMatchObject({ status: 'posting' });

    const second = worker();
    // BullMQ hands the dead worker's job on once its lock (DIGEST_LOCK_SEC) lapses; the run is stale by then.
    const posted = await eventually(async () => {
      const [r] = await store.digestRuns.listForCouncil(s.council.id);
      return r?.status === 'posted' ? r : undefined;
    }, 90_000, `the run recorded (worker output: ${output.join('').slice(-2000)})`);
    expect(posted.postedRef).toBe(`${s.orgId}:${s.channel}:${standIn.messages(s.channel)[0]!.ts}`);
    expect(posted.attempts).toBeGreaterThanOrEqual(2);
    expect(standIn.calls('conversations.history').filter((r) => r.body.channel === s.channel).length).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(standIn.messages(s.channel)).toHaveLength(1);
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
  }, 150_000);
});
