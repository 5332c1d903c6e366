// Dependencies going away under a running `techtree serve` (issue 13 item 5), each a private one
// this test starts and stops itself (never the machine's shared Postgres or Redis):
// - Postgres stopped: /readyz answers 503 naming the database; a command gets a clear temporary
//   error with a reference id that is also in the log; Postgres started again: ready, and commands
//   work, without restarting TechTree.
// - Redis stopped: commands keep working (they need only the database); /readyz names Redis until
//   it is back. (The scheduler catching up after a Redis restart: test/jobs/redis-restart.test.ts.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { privatePostgres } from '../helpers/private-postgres.ts';
import { privateRedis } from '../helpers/redis.ts';
import { startServeProcess, type ServeProcess } from '../helpers/serve-process.ts';
import { eventually } from '../helpers/slack-harness.ts';
import { newTriggerId, postToSlackEndpoint, slashCommand } from '../helpers/slack-signing.ts';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-standin.ts';
import { useServeCleanups } from '../helpers/serve-cleanups.ts';

const { later, track } = useServeCleanups();

async function readyz(p: ServeProcess): Promise<{ status: number; text: string }> {
  const res = await fetch(`${p.url}/readyz`);
  return { status: res.status, text: await res.text() };
}

/** Sends `/techtree <text>`; resolves with what TechTree posted to its response_url. */
async function command(p: ServeProcess, standIn: SlackStandIn, text: string): Promise<string> {
  const responseUrl = standIn.responseUrl('cmd');
  const res = await postToSlackEndpoint(p.eventsUrl, slashCommand({ text, responseUrl, triggerId: newTriggerId() }));
  expect(res.status, 'acknowledged').toBe(200);
  const answer = await standIn.waitFor((r) => r.path === new URL(responseUrl).pathname, 15_000, `an answer to "${text}"`);
  return String(answer.body.text);
}

describe('degraded modes of techtree serve', () => {
  test('Postgres stopped: /readyz 503 naming the database, commands get a temporary error with a reference; started again: both recover by themselves', async (ctx) => {
    const pg = await privatePostgres();
    if ('failed' in pg) {
      if (process.env.CI === 'true') throw new Error(pg.failed);
      return ctx.skip(pg.failed);
    }
    later(() => pg.close());
    const standIn = await startSlackStandIn();
    later(() => standIn.close());
    const app = track(await startServeProcess({ sqlitePath: '', apiUrl: standIn.apiUrl, env: { DATABASE_URL: pg.url } }));

    expect(await readyz(app)).toEqual({ status: 200, text: 'ready\ndatabase: ok\n' });
    expect(await command(app, standIn, 'team create Alpha')).toContain('Alpha');

    await pg.stop();
    const down = await eventually(async () => {
      const r = await readyz(app);
      return r.status === 503 ? r : undefined;
    }, 15_000, '/readyz to say the database is down');
    console.info(`readyz with Postgres down:\n${down.text}`);
    expect(down.text).toMatch(/^not ready: database down\ndatabase: down \(.+\)\n$/);

    const apology = await command(app, standIn, 'team create Beta');
    expect(apology).toMatch(/^Sorry, something went wrong on my side and I could not take this command, so nothing was recorded\. Please try again in a minute/);
    console.info(`apology: ${apology}`);
    const ref = /`(slk-[0-9a-f]{8})`/.exec(apology)?.[1];
    expect(ref, apology).toBeDefined();
    expect(app.logs.some((l) => l.level === 'error' && l.ref === ref), 'the reference is in an error log line').toBe(true);

    await pg.start();
    await eventually(async () => (await readyz(app)).status === 200, 30_000, '/readyz to recover');
    expect(await readyz(app)).toEqual({ status: 200, text: 'ready\ndatabase: ok\n' });
    expect(await command(app, standIn, 'team create Gamma')).toContain('Gamma');
    expect(await command(app, standIn, 'team create Beta')).toContain('Beta');

    app.child.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
  }, 120_000);

  test('Redis stopped: commands keep working, /readyz names Redis; started again: ready without a restart', async (ctx) => {
    const redis = await privateRedis({ aof: false });
    if ('skip' in redis) return ctx.skip(redis.skip);
    later(() => redis.close());
    const standIn = await startSlackStandIn();
    later(() => standIn.close());
    const dir = mkdtempSync(join(tmpdir(), 'techtree-degraded-'));
    later(() => rmSync(dir, { recursive: true, force: true }));
    const app = track(await startServeProcess({
      sqlitePath: join(dir, 'techtree.db'), apiUrl: standIn.apiUrl, env: { REDIS_URL: redis.url, DIGEST_QUEUE_PREFIX: 'degraded', DIGEST_RECONCILE_SEC: '1' },
    }));
    expect(await readyz(app)).toEqual({ status: 200, text: 'ready\ndatabase: ok\nredis: ok\n' });

    await redis.kill();
    const down = await eventually(async () => {
      const r = await readyz(app);
      return r.status === 503 ? r : undefined;
    }, 15_000, '/readyz to say Redis is down');
    console.info(`readyz with Redis down:\n${down.text}`);
    expect(down.text).toMatch(/^not ready: redis down\ndatabase: ok\nredis: down \(.+\)\n$/);
    expect(await command(app, standIn, 'team create Delta')).toContain('Delta');
    expect(await command(app, standIn, 'status Delta')).toContain('Delta');

    await redis.start();
    await eventually(async () => (await readyz(app)).status === 200, 30_000, '/readyz to recover');
    expect(await command(app, standIn, 'team create Epsilon')).toContain('Epsilon');

    app.child.kill('SIGTERM');
    expect((await app.exited).code).toBe(0);
  }, 120_000);
});
