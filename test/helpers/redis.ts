// Real Redis for the job tests: the machine's own (REDIS_URL_TEST or 127.0.0.1:6379), a fresh
// key prefix per describe block, removed afterwards; or a private redis-server that a test may
// stop and start (to restart Redis without touching anyone else's).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { freePort } from './free-port.ts';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function reachable(url: string): Promise<string | undefined> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    await r.ping();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    r.disconnect();
  }
}

export interface RedisContext {
  readonly url: string;
  /** A BullMQ prefix nobody else uses. */
  readonly prefix: string;
}

/** The shared Redis with a fresh prefix; the block is skipped (failed under CI=true) when Redis is down. */
export function useRedis(name: string): RedisContext {
  const prefix = `tt-test-${name}-${randomBytes(4).toString('hex')}`;
  let skip: string | undefined;
  beforeAll(async () => {
    const problem = await reachable(TEST_REDIS_URL);
    if (problem === undefined) return;
    skip = `Redis is unreachable at ${TEST_REDIS_URL} (${problem})`;
    if (process.env.CI === 'true') throw new Error(`${skip}. CI=true, so the Redis job tests fail instead of skipping.`);
    console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING the Redis job tests: ${skip}.\n${'!'.repeat(78)}\n`);
  });
  beforeEach((ctx) => {
    if (skip !== undefined) ctx.skip(skip);
  });
  afterAll(async () => {
    if (skip !== undefined) return;
    const r = new Redis(TEST_REDIS_URL);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        if (keys.length) await r.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      r.disconnect();
    }
  });
  return { url: TEST_REDIS_URL, prefix };
}

export interface PrivateRedis {
  readonly url: string;
  start(): Promise<void>;
  /** SIGKILL: no shutdown save, like a crash. */
  kill(): Promise<void>;
  /** SIGSTOP / SIGCONT: a Redis that keeps its connections open and answers nothing (hung), then wakes. */
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

/** A redis-server of this test's own on a free port (AOF on, like docker-compose.yml, or nothing on disk). */
export async function privateRedis(options: { aof: boolean }): Promise<PrivateRedis | { skip: string }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'techtree-redis-'));
  let child: ChildProcess | undefined;
  const url = `redis://127.0.0.1:${port}`;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', options.aof ? 'yes' : 'no', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
    const spawned = child;
    const failed = new Promise<string>((resolve) => spawned.once('error', (e) => resolve(e.message)));
    for (let i = 0; i < 100; i++) {
      const problem = await Promise.race([reachable(url), failed]);
      if (problem === undefined) return;
      if (spawned.exitCode !== null || /ENOENT/.test(problem)) throw new Error(`redis-server did not start: ${problem}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server on ${port} did not answer`);
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await gone;
  };
  try {
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const skip = `no private redis-server could be started (${(error as Error).message})`;
    if (process.env.CI === 'true') throw new Error(skip);
    return { skip };
  }
  return {
    url, start, kill,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    close: async () => {
      child?.kill('SIGCONT');
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * One private redis-server for the calling `describe` block: started in `beforeAll`, closed in
 * `afterAll`. `get(ctx)` returns it, or skips the test when none could be started (outside CI).
 */
export function usePrivateRedis(options: { aof: boolean }): { get(ctx: { skip(note?: string): never }): PrivateRedis } {
  let redis: PrivateRedis | undefined;
  let skip: string | undefined;
  beforeAll(async () => {
    const r = await privateRedis(options);
    if ('skip' in r) skip = r.skip;
    else redis = r;
  });
  afterAll(async () => {
    await redis?.close();
  });
  return {
    get(ctx) {
      if (skip !== undefined || !redis) return ctx.skip(skip ?? 'no private redis-server');
      return redis;
    },
  };
}
