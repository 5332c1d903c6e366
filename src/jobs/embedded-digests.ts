// The embedded mode (no REDIS_URL): a node-cron ticker in the `serve` process, once a minute,
// asks the app which digests are due: each council's latest slot at or before now (walked by
// cron-parser, the same rule as BullMQ), not yet posted, within the catch-up window. The first
// tick runs at start, which is the catch-up after downtime: one post for the latest missed slot,
// never a backlog. node-cron only keeps time; it never decides a slot (it disagrees with
// cron-parser at DST edges). Failures retry with the BullMQ policy, through p-retry.
import cron, { type ScheduledTask } from 'node-cron';
import pRetry, { AbortError } from 'p-retry';
import { isDigestRunError, type DigestService } from '../app/digest-service.ts';
import type { Logger } from '../log.ts';
import { jobDuration } from '../metrics.ts';
import type { RetryPolicy } from './retry-policy.ts';
import { processDigest, type DigestJobData, type DigestJobDeps } from './weekly-digest.job.ts';

export interface EmbeddedDigestsOptions {
  readonly digests: DigestService;
  readonly logger: Logger;
  readonly policy: RetryPolicy;
  readonly catchUpWindowMs: number;
  readonly staleAfterMs: number;
  /** How often to look; default every minute (`* * * * *`). Tests call tick() themselves with `false`. */
  readonly tickEvery?: string | false;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface EmbeddedDigests {
  /** Looks for due digests once and starts them; resolves when every started one has finished. */
  tick(): Promise<void>;
  close(): Promise<void>;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

export function startEmbeddedDigests(o: EmbeddedDigestsOptions): EmbeddedDigests {
  const logger = o.logger.child({ component: 'digests', mode: 'embedded' });
  const deps: DigestJobDeps = { digests: o.digests, logger, options: { catchUpWindowMs: o.catchUpWindowMs, staleAfterMs: o.staleAfterMs } };
  const stopping = new AbortController();
  const sleep = o.sleep ?? abortableSleep;
  const running = new Map<string, Promise<void>>();

  const runOne = (data: DigestJobData) => pRetry(async (attempt) => {
    try {
      await processDigest(data, deps, { attempt });
    } catch (error) {
      if (isDigestRunError(error) && error.retry === 'never') throw new AbortError(error);
      throw error;
    }
  }, {
    retries: o.policy.attempts - 1,
    factor: 2,
    minTimeout: o.policy.backoffMs,
    maxTimeout: Number.POSITIVE_INFINITY,
    randomize: false,
    signal: stopping.signal,
    // Slack said when to come back: wait that long, and do not count it as an attempt.
    shouldConsumeRetry: ({ error }) => !(isDigestRunError(error) && error.retry === 'after'),
    onFailedAttempt: async ({ error, attemptNumber }) => {
      logger.warn(`digest: attempt ${attemptNumber} failed: ${error.message}`, { councilId: data.councilId, slot: data.slot });
      if (isDigestRunError(error) && error.retry === 'after') await sleep(error.retryAfterMs ?? 1000, stopping.signal);
    },
  }).catch((error: unknown) => {
    if (!stopping.signal.aborted) logger.error('digest: giving up on this slot', { councilId: data.councilId, slot: data.slot, error });
  });

  let looking: Promise<Promise<void>[]> | undefined;
  async function look(): Promise<Promise<void>[]> {
    const timer = jobDuration.startTimer({ job: 'digest-due' });
    const due = await o.digests.due(o.digests.now(), { catchUpWindowMs: o.catchUpWindowMs, maxAttempts: o.policy.attempts, staleAfterMs: o.staleAfterMs });
    const started: Promise<void>[] = [];
    for (const job of due) {
      const key = `${job.councilId}@${String(job.slot)}`;
      if (running.has(key) || stopping.signal.aborted) continue;
      const run = runOne({ councilId: job.councilId, slot: String(job.slot) }).finally(() => running.delete(key));
      running.set(key, run);
      started.push(run);
    }
    timer();
    return started;
  }
  async function tick(): Promise<void> {
    // One look at a time; a post still retrying does not hold up the next minute's look.
    looking ??= look()
      .catch((error: unknown) => {
        logger.warn('digest: could not look for due digests', { error });
        return [];
      })
      .finally(() => (looking = undefined));
    await Promise.all(await looking);
  }

  let task: ScheduledTask | undefined;
  if (o.tickEvery !== false) {
    task = cron.schedule(o.tickEvery ?? '* * * * *', () => void tick(), { name: 'techtree-digests', noOverlap: false });
    void tick();
    logger.info('digests: scheduled in this process (embedded mode, no REDIS_URL)');
  }

  return {
    tick,
    async close() {
      stopping.abort();
      await task?.stop();
      await task?.destroy();
      await Promise.allSettled([...running.values()]);
    },
  };
}
