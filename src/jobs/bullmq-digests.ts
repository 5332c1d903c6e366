// The scaled-out mode (REDIS_URL): one BullMQ job scheduler per council (`pattern` + `tz`, id
// derived from the council id), kept in step with the database by `sync` (called by the council
// commands) and `reconcile` (on start and every DIGEST_RECONCILE_SEC, for changes made through
// another replica and for a Redis that lost its data), which also enqueues the catch-up of the
// latest missed slot. The worker derives each job's slot from its scheduled time; cron-parser
// (the engine BullMQ itself uses) snaps it to the council's schedule in the app.
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { isDigestRunError, type CouncilSchedule, type DigestService } from '../app/digest-service.ts';
import type { CouncilChanged } from '../app/techtree-app.ts';
import type { Logger } from '../log.ts';
import { redisConnection } from './redis-connection.ts';
import { bullJobOptions, type RetryPolicy } from './retry-policy.ts';
import { processDigest, type DigestJobData, type DigestJobDeps } from './weekly-digest.job.ts';

export const DIGEST_QUEUE = 'digests';
export const DIGEST_JOB = 'digest';

export const schedulerId = (councilId: string) => `council:${councilId}`;

export interface BullDigestsOptions {
  readonly redisUrl: string;
  /** Prefix of every key in Redis (DIGEST_QUEUE_PREFIX; tests give each file its own). */
  readonly prefix: string;
  readonly digests: DigestService;
  readonly logger: Logger;
  readonly policy: RetryPolicy;
  readonly catchUpWindowMs: number;
  readonly staleAfterMs: number;
  /** 0 turns the periodic reconcile off (it still runs once on start). */
  readonly reconcileMs: number;
  /** Run a worker in this process (`techtree worker`, `serve` without --no-worker). */
  readonly worker: boolean;
  readonly concurrency?: number;
  /** BullMQ's lockDuration and stalledInterval (default 30 s): how soon a dead worker's job moves on. */
  readonly lockMs?: number;
}

export interface BullDigests {
  /** Brings one council's scheduler in line with the database (the council commands' hook). */
  sync(change: CouncilChanged): Promise<void>;
  /** Every scheduler in line with the database, then the catch-up of the latest missed slots. */
  reconcile(): Promise<void>;
  readonly queue: Queue;
  /** Resolves when Redis answers a PING on the queue's connection; rejects saying why not (for /readyz). */
  ping(): Promise<void>;
  /**
   * Stops taking jobs and lets a digest being posted finish, until `deadline` (ms since the epoch;
   * default: no limit); then drops the connections, so a Redis that is down or hung never holds
   * the shutdown. A digest cut off at the deadline is in its run row; its job is retried (stalled).
   */
  close(deadline?: number): Promise<void>;
}

/** The slot a job stands for: the catch-up's own, or the scheduler's time for this iteration. */
export function slotOfJob(job: Pick<Job<Partial<DigestJobData>>, 'data' | 'opts' | 'timestamp'>): string {
  if (job.data.slot) return job.data.slot;
  const at = job.opts.prevMillis ?? job.timestamp + (job.opts.delay ?? 0);
  return new Date(at).toISOString();
}

/** Maps the app's retry advice onto BullMQ: unrecoverable, delayed by Retry-After, or backoff. */
export function digestProcessor(deps: DigestJobDeps) {
  return async (job: Job<Partial<DigestJobData>>, token?: string) => {
    const data = { councilId: String(job.data.councilId), slot: slotOfJob(job) };
    try {
      return await processDigest(data, deps);
    } catch (error) {
      if (!isDigestRunError(error)) throw error;
      deps.logger.warn(`digest: attempt ${job.attemptsMade + 1} failed (${error.code}): ${error.message}`, { councilId: data.councilId, slot: data.slot, jobId: job.id });
      if (error.retry === 'never') throw new UnrecoverableError(error.message);
      if (error.retry === 'after' && token) {
        // Not an attempt used up: Slack said when to come back.
        await job.moveToDelayed(Date.now() + (error.retryAfterMs ?? 1000), token);
        throw new DelayedError();
      }
      throw error;
    }
  };
}

const sameSchedule = (a: { pattern?: string | null; tz?: string | null }, b: CouncilSchedule) => a.pattern === b.cron && a.tz === b.timeZone;

export async function startBullDigests(o: BullDigestsOptions): Promise<BullDigests> {
  const logger = o.logger.child({ component: 'digests', mode: 'bullmq' });
  const producer: Redis = redisConnection(o.redisUrl, 'producer');
  producer.on('error', (error) => logger.debug('redis (queue) connection error', { error }));
  const queue = new Queue(DIGEST_QUEUE, { connection: producer, prefix: o.prefix });
  const jobOpts = bullJobOptions(o.policy);

  const upsert = (s: CouncilSchedule) =>
    queue.upsertJobScheduler(schedulerId(s.councilId), { pattern: s.cron, tz: s.timeZone }, { name: DIGEST_JOB, data: { councilId: s.councilId }, opts: jobOpts });

  async function reconcile(): Promise<void> {
    const wanted = await o.digests.schedules();
    const existing = await queue.getJobSchedulers(0, -1);
    const byKey = new Map(existing.map((j) => [j.key, j]));
    for (const s of wanted) {
      const current = byKey.get(schedulerId(s.councilId));
      if (!current || !sameSchedule(current, s)) await upsert(s);
      byKey.delete(schedulerId(s.councilId));
    }
    for (const key of byKey.keys()) await queue.removeJobScheduler(key);
    // After downtime: the latest missed slot only, once (its job id is its slot).
    const now = o.digests.now();
    const due = await o.digests.due(now, { catchUpWindowMs: o.catchUpWindowMs, maxAttempts: o.policy.attempts, staleAfterMs: o.staleAfterMs });
    for (const d of due) {
      const slotMs = new Date(d.slot).getTime();
      // A slot that has only just come is the scheduler's own job to run.
      if (now.getTime() - slotMs < 60_000) continue;
      await queue.add(DIGEST_JOB, { councilId: d.councilId, slot: String(d.slot) }, { ...jobOpts, jobId: `catchup:${d.councilId}:${slotMs}` });
      logger.info('digest: catching up a missed slot', { councilId: d.councilId, slot: d.slot });
    }
  }

  async function sync(change: CouncilChanged): Promise<void> {
    const s = change.removed ? undefined : (await o.digests.schedules()).find((x) => x.councilId === change.councilId);
    if (s) await upsert(s);
    else await queue.removeJobScheduler(schedulerId(change.councilId));
  }

  let worker: Worker | undefined;
  let workerConnection: Redis | undefined;
  if (o.worker) {
    workerConnection = redisConnection(o.redisUrl, 'worker');
    workerConnection.on('error', (error) => logger.debug('redis (worker) connection error', { error }));
    const deps: DigestJobDeps = { digests: o.digests, logger, options: { catchUpWindowMs: o.catchUpWindowMs, staleAfterMs: o.staleAfterMs } };
    const lock = o.lockMs ?? 30_000;
    worker = new Worker(DIGEST_QUEUE, digestProcessor(deps), { connection: workerConnection, prefix: o.prefix, concurrency: o.concurrency ?? 2, lockDuration: lock, stalledInterval: lock });
    worker.on('failed', (job, error) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) logger.error('digest: giving up on this slot', { jobId: job.id, councilId: job.data.councilId, error });
    });
    worker.on('error', (error) => logger.warn('digest worker error', { error }));
  }

  const reconcileSafely = () => reconcile().catch((error: unknown) => logger.warn('digest: reconcile failed; will try again', { error }));
  await reconcileSafely();
  const timer = o.reconcileMs > 0 ? setInterval(() => void reconcileSafely(), o.reconcileMs) : undefined;
  timer?.unref();
  logger.info('digests: scheduled with BullMQ', { worker: o.worker, prefix: o.prefix });

  let closing: Promise<void> | undefined;
  return {
    sync,
    reconcile,
    queue,
    async ping() {
      // Not queued behind a reconnect: a connection that is not ready is down, and says how.
      if (producer.status !== 'ready') throw new Error(`Redis connection is ${producer.status} (${o.redisUrl.replace(/\/\/[^@/]*@/, '//')})`);
      await producer.ping();
    },
    close(deadline = Number.POSITIVE_INFINITY) {
      closing ??= (async () => {
        if (timer) clearInterval(timer);
        let wake: NodeJS.Timeout | undefined;
        const budget = new Promise<'deadline'>((resolve) => {
          if (Number.isFinite(deadline)) wake = setTimeout(() => resolve('deadline'), Math.max(0, deadline - Date.now()));
        });
        // Lets a digest being posted finish; new jobs are not taken. With Redis down, BullMQ's
        // close waits for a reconnect that may never come: the deadline cuts it short.
        const closed = (async () => {
          await worker?.close();
          await queue.close();
        })().catch((error: unknown) => logger.warn('digests: closing BullMQ failed', { error }));
        const outcome = await Promise.race([closed.then(() => 'closed' as const), budget]);
        clearTimeout(wake);
        if (outcome === 'deadline') logger.warn('digests: BullMQ did not close within the shutdown budget; dropping its connections', { redis: producer.status });
        workerConnection?.disconnect();
        producer.disconnect();
      })();
      return closing;
    },
  };
}
