// Redis restarted mid-period (a private redis-server, nothing kept on disk, so schedulers and
// jobs are lost): the worker reconnects, the reconcile re-creates the scheduler, and the next
// digest still posts once.
import { describe, expect, it } from 'vitest';
import { startBullDigests } from '../../src/jobs/bullmq-digests.ts';
import { DIALECTS, useStore } from '../helpers/databases.ts';
import { seed, useDigestWorld } from '../helpers/digests.ts';
import { usePrivateRedis } from '../helpers/redis.ts';
import { eventually, memoryLogger } from '../helpers/slack-harness.ts';

// Every line goes through the secret guard (test/helpers/secret-guard.ts).
const logger = memoryLogger('debug').logger;

describe.each(DIALECTS)('Redis restarted mid-period, on %s', (dialect) => {
  const db = useStore(dialect);
  const world = useDigestWorld();
  const privateServer = usePrivateRedis({ aof: false });

  it('the next digest still posts once', async (ctx) => {
    const redis = privateServer.get(ctx);
    // Mid-period: well inside a minute, so the restart happens before the next slot.
    while (new Date().getUTCSeconds() < 3 || new Date().getUTCSeconds() > 35) await new Promise((r) => setTimeout(r, 250));
    const s = await seed(db.store, new Date(Date.now() - 30 * 86_400_000), [{ name: 'Payments', events: [['done', 'oci-images', 29]] }], { cron: '* * * * *', timeZone: 'UTC' });
    const app = world.app(db.store, () => new Date());
    const bull = await startBullDigests({
      redisUrl: redis.url, prefix: 'restart', digests: app.digests, logger, policy: { attempts: 3, backoffMs: 200 },
      catchUpWindowMs: 86_400_000, staleAfterMs: 5000, reconcileMs: 500, worker: true,
    });
    try {
      await redis.kill();
      await redis.start();
      const nextSlot = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
      await eventually(async () => (await db.store.digestRuns.listForCouncil(s.council.id))[0]?.status === 'posted', 75_000, 'the next digest');
      const runs = await db.store.digestRuns.listForCouncil(s.council.id);
      expect(runs.map((r) => r.periodKey)).toEqual([nextSlot.toISOString().slice(0, 16)]);
      await new Promise((r) => setTimeout(r, 2000));
      expect(world.standIn.messages(s.channel)).toHaveLength(1);
    } finally {
      await bull.close();
    }
  }, 120_000);
});
