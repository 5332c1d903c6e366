// Wires Bolt to TechTree: the HTTP receiver behind our own signature check, or Socket Mode when
// an app token is configured; the listeners, which ack and hand their job to the SlackWork
// (this thread, or the app's worker thread); App Home refreshes on progress, run there too.
import type { RequestListener } from 'node:http';
import { App, HTTPReceiver, type AuthorizeResult } from '@slack/bolt';
import type { TechTreeApp } from '../../app/techtree-app.ts';
import type { SlackConfig } from '../../config.ts';
import type { Logger } from '../../log.ts';
import { boltLogger } from './bolt-logger.ts';
import { resolveBotIdentity } from './bot-identity.ts';
import { dedupeDeliveries } from './dedupe-deliveries.ts';
import { failSlackJob } from './jobs/job-plan.ts';
import { registerListeners } from './listeners/index.ts';
import { RecentIds } from './recent-ids.ts';
import { createSignedRequestHandler } from './signed-request-handler.ts';
import { createSlackContext } from './slack-context.ts';
import { localSlackWork, type SlackWork } from './slack-work.ts';
import { createWebApi, webClientOptions } from './web-api.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackAdapterOptions {
  readonly slack: SlackConfig;
  readonly app: TechTreeApp;
  readonly logger: Logger;
  /** Where the work after acks runs. Default: this thread, with `app`. */
  readonly work?: SlackWork;
  /** For tests of the signature window. */
  readonly now?: () => number;
  /** How long close() waits for answers still being worked on. Default 10 s. */
  readonly drainTimeoutMs?: number;
}

export interface SlackAdapter {
  readonly mode: 'http' | 'socket';
  /** The `POST /slack/events` handler; absent in Socket Mode. */
  readonly handle?: RequestListener;
  close(): Promise<void>;
}

export async function startSlack(options: SlackAdapterOptions): Promise<SlackAdapter> {
  const { slack, app } = options;
  const logger = options.logger.child({ component: 'slack' });
  const web = createWebApi({ botToken: slack.botToken, ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}), logger });
  const bot = await resolveBotIdentity(slack, web);
  // Runs the jobs when they run here, and answers the ones another thread lost.
  const ctx = createSlackContext({ app, web, bot, logger });
  const work = options.work ?? localSlackWork(ctx);
  await work.start(bot);

  // Bolt gets the identity through `authorize`: with a bare token it would call auth.test itself.
  const authorization: AuthorizeResult = { botToken: slack.botToken, botUserId: bot.userId, ...(bot.botId ? { botId: bot.botId } : {}) };
  const common = {
    authorize: async () => authorization,
    logger: boltLogger(logger),
    clientOptions: webClientOptions(slack.apiUrl),
    convoStore: false as const,
  };
  const socketMode = slack.appToken !== undefined;
  const receiver = socketMode ? undefined : new HTTPReceiver({
    signingSecret: slack.signingSecret,
    // Verified before Bolt by createSignedRequestHandler, in both directions of clock skew.
    signatureVerification: false,
    endpoints: SLACK_EVENTS_PATH,
    logger: common.logger,
  });
  const bolt = socketMode
    ? new App({ ...common, socketMode: true, appToken: slack.appToken })
    : new App({ ...common, receiver });
  bolt.error(async (error) => {
    logger.error('slack: unhandled listener error', { error });
  });
  bolt.use(dedupeDeliveries(new RecentIds(), logger));
  registerListeners(bolt, {
    bot,
    hand: (job) => {
      void work.run(job).catch((error: Error) => failSlackJob(ctx, job, error));
    },
  });

  if (socketMode) {
    try {
      await bolt.start();
    } catch (error) {
      await work.stop(0);
      throw new Error(`Slack: Socket Mode could not connect (check SLACK_APP_TOKEN, an xapp- token with connections:write): ${(error as Error).message}`, { cause: error });
    }
  }
  logger.info(`slack: on (${socketMode ? 'Socket Mode' : `HTTP at ${SLACK_EVENTS_PATH}`})`, { botUserId: bot.userId });

  return {
    mode: socketMode ? 'socket' : 'http',
    ...(receiver ? { handle: createSignedRequestHandler({ signingSecret: slack.signingSecret, next: receiver.requestListener, logger, ...(options.now ? { now: options.now } : {}) }) } : {}),
    async close() {
      if (socketMode) await bolt.stop();
      const timeoutMs = options.drainTimeoutMs ?? 10_000;
      await work.stop(timeoutMs);
      // Apologies for jobs another thread lost run here.
      await ctx.edge.drain(timeoutMs);
    },
  };
}
