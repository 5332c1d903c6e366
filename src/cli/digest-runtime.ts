// Wires scheduled digests into a process: the app (with the platform posters), then BullMQ when
// REDIS_URL is set, else the embedded node-cron ticker. `serve` and `worker` both use it.
import type { DigestPoster } from '../app/digest-poster.ts';
import { openApp, type OpenedApp } from '../app/open-app.ts';
import type { CouncilChanged } from '../app/techtree-app.ts';
import type { ConversationReferences } from '../app/conversation-references.ts';
import { createSlackDigestPoster } from '../bot/slack/digest-poster.ts';
import { createTeamsDigestPoster } from '../bot/teams/digest-poster.ts';
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
  close(): Promise<void>;
}

/**
 * The platforms digests can be posted to with this configuration: councils whose channel is
 * `slack:…` through Slack, `teams:…` through Teams. Teams posts through the conversation
 * references the app keeps, so it needs the app (`references`, called once the app is open).
 */
export function digestPosters(config: Config, logger: Logger, references?: () => ConversationReferences): Record<string, DigestPoster> {
  const posters: Record<string, DigestPoster> = {};
  if (config.slack) posters.slack = createSlackDigestPoster({ botToken: config.slack.botToken, ...(config.slack.apiUrl ? { apiUrl: config.slack.apiUrl } : {}), logger });
  if (config.teams && references) posters.teams = createTeamsDigestPoster({ teams: config.teams, references, logger });
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
  const app = await openApp(config, logger, { posters: digestPosters(config, logger, references), onCouncilChanged });
  box.app = app;
  const common = { digests: app.digests, logger, policy: retryPolicy(d), catchUpWindowMs: d.catchUpWindowMs, staleAfterMs: d.staleAfterMs };
  try {
    if (config.redisUrl) {
      bull = await startBullDigests({ ...common, redisUrl: config.redisUrl, prefix: d.queuePrefix, reconcileMs: d.reconcileMs, lockMs: d.lockMs, worker: options.worker });
      return { app, mode: 'bullmq', bull, close: async () => { await bull!.close(); await app.close(); } };
    }
    if (!options.worker) return { app, mode: 'off', close: () => app.close() };
    const embedded = startEmbeddedDigests(common);
    return { app, mode: 'embedded', embedded, close: async () => { await embedded.close(); await app.close(); } };
  } catch (error) {
    await app.close();
    throw error;
  }
}
