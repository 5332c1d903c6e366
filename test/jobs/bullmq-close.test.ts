// Closing the BullMQ side while Redis is hung (issue 13 item 4: a private redis-server stopped
// with SIGSTOP keeps its connections open and answers nothing): BullMQ's own close waits for
// answers that never come, so close(deadline) gives up at the deadline, drops the connections and
// resolves; the process can then close the database and exit within its budget.
import { describe, expect, it } from 'vitest';
import { startBullDigests } from '../../src/jobs/bullmq-digests.ts';
import { memoryLogger } from '../helpers/slack-harness.ts';
import { useStore } from '../helpers/databases.ts';
import { useDigestWorld } from '../helpers/digests.ts';
import { usePrivateRedis } from '../helpers/redis.ts';

describe('BullMQ digests closed with Redis hung', () => {
  const db = useStore('sqlite');
  const world = useDigestWorld();
  const privateServer = usePrivateRedis({ aof: false });

  it('resolves at its deadline, saying it dropped the connections', async (ctx) => {
    const redis = privateServer.get(ctx);
    const { logger, lines } = memoryLogger('info');
    const app = world.app(db.store, () => new Date());
    const bull = await startBullDigests({
      redisUrl: redis.url, prefix: 'close', digests: app.digests, logger, policy: { attempts: 3, backoffMs: 200 },
      catchUpWindowMs: 86_400_000, staleAfterMs: 5000, reconcileMs: 0, worker: true,
    });
    await bull.ping();
    redis.pause();
    const started = Date.now();
    await bull.close(started + 1500);
    // Within the budget and the moment a loaded machine takes; without the deadline it never ends.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(lines.some((l) => l.msg === 'digests: BullMQ did not close within the shutdown budget; dropping its connections')).toBe(true);
  }, 60_000);
});
