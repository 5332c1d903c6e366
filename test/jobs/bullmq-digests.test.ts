// The scaled-out mode on real Redis (a fresh prefix per block) and both databases.
import { afterEach, describe, expect, it } from 'vitest';
import type { CouncilChanged } from '../../src/app/techtree-app.ts';
import { DIGEST_JOB, schedulerId, startBullDigests, type BullDigests } from '../../src/jobs/bullmq-digests.ts';
import { bullJobOptions } from '../../src/jobs/retry-policy.ts';
import { startEmbeddedDigests } from '../../src/jobs/embedded-digests.ts';
import type { Store } from '../../src/store/store.ts';
import { DIALECTS, useStore } from '../helpers/databases.ts';
import { seed, useDigestWorld, type SeedTeam } from '../helpers/digests.ts';
import { useRedis } from '../helpers/redis.ts';
import { eventually, memoryLogger } from '../helpers/slack-harness.ts';
import type { OpenedApp } from '../../src/app/open-app.ts';

// Every line goes through the secret guard (test/helpers/secret-guard.ts).
const logger = memoryLogger('debug').logger;

const TEAMS: readonly SeedTeam[] = [
  { name: 'Payments', events: [['done', 'containerd-runtime', -20], ['done', 'oci-images', -2]] },
  { name: 'Search', events: [['done', 'oci-images', -40]] },
];

/** A cron whose latest slot was five minutes ago (so it is due now, and not the scheduler's own next one). */
function fiveMinutesAgo(): string {
  return `${(new Date().getUTCMinutes() + 55) % 60} * * * *`;
}

describe.each(DIALECTS)('BullMQ digests on %s', (dialect) => {
  const db = useStore(dialect);
  const world = useDigestWorld();
  const redis = useRedis(`bull-${dialect}`);
  const open: { close(): Promise<unknown> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((o) => o.close()));
  });

  const bull = async (app: OpenedApp, worker = true): Promise<BullDigests> => {
    const b = await startBullDigests({
      redisUrl: redis.url, prefix: redis.prefix, digests: app.digests, logger, policy: { attempts: 3, backoffMs: 200 },
      catchUpWindowMs: 3 * 86_400_000, staleAfterMs: 5000, reconcileMs: 0, worker,
    });
    open.push(b);
    return b;
  };
  const start = () => new Date(Date.now() - 50 * 86_400_000);
  const realApp = (store: Store, extra = {}) => world.app(store, () => new Date(), extra);

  it('a real short-interval schedule through BullMQ: many firings in one minute, one post', async () => {
    // Keep the whole run inside one minute, so it is one period.
    while (new Date().getUTCSeconds() < 1 || new Date().getUTCSeconds() > 15) await new Promise((r) => setTimeout(r, 250));
    const s = await seed(db.store, start(), TEAMS, { cron: '* * * * *', timeZone: 'UTC' });
    const b = await bull(realApp(db.store));
    expect((await b.queue.getJobSchedulers()).find((j) => j.key === schedulerId(s.council.id))).toMatchObject({ pattern: '* * * * *', tz: 'UTC' });
    // The scheduler fires every two seconds; each firing's slot snaps to this minute.
    await b.queue.upsertJobScheduler(schedulerId(s.council.id), { pattern: '*/2 * * * * *', tz: 'UTC' }, { name: DIGEST_JOB, data: { councilId: s.council.id }, opts: bullJobOptions({ attempts: 3, backoffMs: 200 }) });
    await eventually(async () => ((await b.queue.getJobCounts('completed')).completed ?? 0) >= 3, 60_000, 'three firings');
    // One post per minute however many firings; on a very slow machine the run may reach the next minute.
    const runs = await db.store.digestRuns.listForCouncil(s.council.id);
    expect(runs.length).toBe(1);
    expect(world.standIn.messages(s.channel)).toHaveLength(runs.length);
  }, 90_000);

  it('two workers and two schedulers (BullMQ and node-cron) at once: one post for the period', async () => {
    const s = await seed(db.store, start(), TEAMS, { cron: fiveMinutesAgo(), timeZone: 'UTC' });
    const [a, b, c] = [realApp(db.store), realApp(db.store), realApp(db.store)];
    await Promise.all([bull(a), bull(b)]);
    const embedded = startEmbeddedDigests({ digests: c.digests, logger, policy: { attempts: 3, backoffMs: 200 }, catchUpWindowMs: 86_400_000, staleAfterMs: 5000, tickEvery: false });
    open.push(embedded);
    await embedded.tick();
    await eventually(async () => (await db.store.digestRuns.listForCouncil(s.council.id))[0]?.status === 'posted', 60_000, 'the post');
    await new Promise((r) => setTimeout(r, 1500));
    expect(world.standIn.messages(s.channel)).toHaveLength(1);
  }, 90_000);

  it('council commands move the scheduler; a reconcile mends what another replica or a lost Redis changed', async () => {
    const s = await seed(db.store, start(), TEAMS);
    const hook: { bull?: BullDigests } = {};
    const app = realApp(db.store, { onCouncilChanged: (c: CouncilChanged) => hook.bull?.sync(c) });
    const b = await bull(app, false);
    hook.bull = b;
    const admin = { platform: 'slack' as const, orgId: s.orgId, userId: 'U-ADMIN', channelId: s.council.channelId, isPlatformAdmin: true };
    const reply = await app.ask(admin, 'council schedule "15 10 * * 2" europe/paris');
    expect(reply.text).toMatch(/At 10:15, only on Tuesday \(`15 10 \* \* 2`, Europe\/Paris\)/);
    expect(reply.text).toMatch(/Next runs: (Tue, \d+ \w+ \d{4}, 10:15 CES?T\n?){3}/);
    const find = async () => (await b.queue.getJobSchedulers()).find((j) => j.key === schedulerId(s.council.id));
    expect(await find()).toMatchObject({ pattern: '15 10 * * 2', tz: 'Europe/Paris' });
    await b.queue.removeJobScheduler(schedulerId(s.council.id));
    await b.reconcile();
    expect(await find()).toMatchObject({ pattern: '15 10 * * 2' });
    await app.ask(admin, 'council off');
    expect(await find()).toBeUndefined();
  }, 90_000);

  it('a channel that is gone fails once, unrecoverably: no retry storm, the council paused', async () => {
    const s = await seed(db.store, start(), TEAMS, { cron: fiveMinutesAgo(), timeZone: 'UTC' });
    world.standIn.failChannel(s.channel, 'channel_not_found');
    const b = await bull(realApp(db.store));
    await eventually(async () => (await b.queue.getJobCounts('failed')).failed === 1, 60_000, 'the failed job');
    const [job] = await b.queue.getJobs(['failed']);
    expect(job!.attemptsMade).toBe(1);
    expect(job!.failedReason).toMatch(/channel_not_found/);
    expect(world.standIn.calls('chat.postMessage').filter((r) => r.body.channel === s.channel)).toHaveLength(1);
    expect((await db.store.councils.get(s.council.id))!.pausedAt).toBeInstanceOf(Date);
    await b.reconcile();
    expect((await b.queue.getJobSchedulers()).find((j) => j.key === schedulerId(s.council.id))).toBeUndefined();
  }, 90_000);
});
