// Wires scheduled digests into a process: the app (with the platform posters), then BullMQ when
// REDIS_URL is set, else the embedded node-cron ticker. `serve` and `worker` both use it.
import type { DigestPoster } from '../app/digest-poster.ts';
import { openApp, type OpenedApp } from '../app/open-app.ts';
import type { CouncilChanged } from '../app/techtree-app.ts';
import type { ConversationReferences } from '../app/conversation-references.ts';
import { createSlackDigestPoster } from '../bot/slack/digest-poster.ts';
import { DIGEST_DEFAULTS, type Config } from '../config.ts';
import { startBullDigests, type BullDigests } from '../jobs/bullmq-digests.ts';
import { startEmbeddedDigests, type EmbeddedDigests } from '../jobs/embedded-digests.ts';
import { retryPolicy } from '../jobs/retry-policy.ts';
import type { Logger } from '../log.ts';

export interface DigestRuntime {
  readonly app: OpenedApp;
  readonly mode: 'bullmq' | 'embedded' | 'off';
  readonly bull?: BullDigests;
  readonly embedded?: EmbeddedDigests;
  /** Checks for /readyz beyond the database: Redis in BullMQ mode. */
  readonly readiness: readonly { readonly name: string; check(): Promise<void> }[];
  /**
   * Stops scheduling and lets a digest being posted finish until `deadline` (ms since the epoch;
   * default: no limit), then closes the database and Redis whatever state they are in.
   */
  close(deadline?: number): Promise<void>;
}

/** Waits for `work`, or until `deadline`, whichever comes first; true when the work finished. */
async function within(work: Promise<unknown>, deadline: number): Promise<boolean> {
  if (!Number.isFinite(deadline)) return work.then(() => true);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The platforms digests can be posted to with this configuration: councils whose channel is
 * `slack:…` through Slack, `teams:…` through Teams. Teams posts through the conversation
 * references the app keeps, so it needs the app (`references`, called once the app is open).
 * The Teams poster (botbuilder) is loaded only when Teams is configured.
 */
export async function digestPosters(config: Config, logger: Logger, references?: () => ConversationReferences): Promise<Record<string, DigestPoster>> {
  const posters: Record<string, DigestPoster> = {};
  if (config.slack) posters.slack = createSlackDigestPoster({ botToken: config.slack.botToken, ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}), logger });
  if (config.teams && references) {
    const { createTeamsDigestPoster } = await import('../bot/teams/digest-poster.ts');
    posters.teams = createTeamsDigestPoster({ teams: config.teams, references, logger });
  }
  return posters;
}

const SYNC_TIMEOUT_MS = 3000;

/**
 * Opens an app whose council commands keep the schedulers in step, and starts scheduling:
 * BullMQ (with a worker unless `worker` is false) or, without Redis, the embedded ticker (unless
 * `worker` is false: then nothing in this process posts digests).
 */
export async function startDigestRuntime(config: Config, logger: Logger, options: { worker: boolean }): Promise<DigestRuntime> {
  const d = config.digests ?? DIGEST_DEFAULTS;
  let bull: BullDigests | undefined;
  // Bound the wait: a command answers even when Redis is down; the reconcile catches up.
  const onCouncilChanged = (change: CouncilChanged) => bull && Promise.race([
    bull.sync(change),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`Redis did not answer within ${SYNC_TIMEOUT_MS} ms`)), SYNC_TIMEOUT_MS).unref()),
  ]);
  const box: { app?: OpenedApp } = {};
  const references = () => {
    if (!box.app) throw new Error('the app is not open yet, so Teams conversation references cannot be read');
    return box.app.references;
  };
  const app = await openApp(config, logger, { posters: await digestPosters(config, logger, references), onCouncilChanged });
  box.app = app;
  const common = { digests: app.digests, logger, policy: retryPolicy(d), catchUpWindowMs: d.catchUpWindowMs, staleAfterMs: d.staleAfterMs };
  try {
    if (config.redisUrl) {
      bull = await startBullDigests({ ...common, redisUrl: config.redisUrl, prefix: d.queuePrefix, reconcileMs: d.reconcileMs, lockMs: d.lockMs, worker: options.worker });
      const started = bull;
      return {
        app, mode: 'bullmq', bull, readiness: [{ name: 'redis', check: () => started.ping() }],
        close: async (deadline = Number.POSITIVE_INFINITY) => {
          await started.close(deadline);
          await app.close();
        },
      };
    }
    if (!options.worker) return { app, mode: 'off', readiness: [], close: () => app.close() };
    const embedded = startEmbeddedDigests(common);
    return {
      app, mode: 'embedded', embedded, readiness: [],
      close: async (deadline = Number.POSITIVE_INFINITY) => {
        // A digest still waiting on Slack at the deadline is left to its run row: the next start retries it.
        if (!(await within(embedded.close(), deadline))) logger.warn('digests: a digest was still being posted at the end of the shutdown budget; the next start finishes it');
        await app.close();
      },
    };
  } catch (error) {
    await app.close();
    throw error;
  }
}
