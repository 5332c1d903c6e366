// Wires Bolt to TechTree: the HTTP receiver behind our own signature check, or Socket Mode when
// an app token is configured; the listeners, which record each delivery in the app's inbox, ack
// and start it (receive.ts); and the answerer the inbox posts Slack's answers through.
import type { RequestListener } from 'node:http';
import { App, HTTPReceiver, type AuthorizeResult } from '@slack/bolt';
import type { TechTreeApp } from '../../app/techtree-app.ts';
import type { SlackConfig } from '../../config.ts';
import type { Logger } from '../../log.ts';
import { boltLogger } from './bolt-logger.ts';
import { resolveBotIdentity } from './bot-identity.ts';
import { createHomes } from './homes.ts';
import { registerListeners } from './listeners/index.ts';
import { createPeople } from './people.ts';
import { createReceive } from './receive.ts';
import { createResponder } from './response-url.ts';
import { createSignedRequestHandler } from './signed-request-handler.ts';
import { createSlackAnswerer } from './slack-answerer.ts';
import { createWebApi, webClientOptions } from './web-api.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackAdapterOptions {
  readonly slack: SlackConfig;
  readonly app: TechTreeApp;
  readonly logger: Logger;
  /** For tests of the signature window. */
  readonly now?: () => number;
}

export interface SlackAdapter {
  readonly mode: 'http' | 'socket';
  /** The `POST /slack/events` handler; absent in Socket Mode. */
  readonly handle?: RequestListener;
  /** Stops taking deliveries (Socket Mode) and App Home refreshes; the inbox drains separately. */
  close(): Promise<void>;
}

export async function startSlack(options: SlackAdapterOptions): Promise<SlackAdapter> {
  const { slack, app } = options;
  const logger = options.logger.child({ component: 'slack' });
  const web = createWebApi({ botToken: slack.botToken, ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}), logger });
  const bot = await resolveBotIdentity(slack, web);
  const homes = createHomes(app, web, logger);
  const answerer = createSlackAnswerer({ web, respond: createResponder(), logger }, createPeople(web, logger), homes);

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
    // The 200 goes out when the listener returns, i.e. once the delivery is in the inbox. Bolt
    // acknowledges events before any listener runs; without this, their 200 would go out first.
    processBeforeResponse: true,
    logger: common.logger,
  });
  const bolt = socketMode
    ? new App({ ...common, socketMode: true, appToken: slack.appToken })
    : new App({ ...common, receiver });
  bolt.error(async (error) => {
    logger.error('slack: unhandled listener error', { error });
  });
  registerListeners(bolt, { bot, homes, logger, receive: createReceive(app.inbox, answerer, logger) });
  app.inbox.serve('slack', answerer);

  if (socketMode) {
    try {
      await bolt.start();
    } catch (error) {
      homes.stop();
      throw new Error(`Slack: Socket Mode could not connect (check SLACK_APP_TOKEN, an xapp- token with connections:write): ${(error as Error).message}`, { cause: error });
    }
  }
  logger.info(`slack: on (${socketMode ? 'Socket Mode' : `HTTP at ${SLACK_EVENTS_PATH}`})`, { botUserId: bot.userId });

  return {
    mode: socketMode ? 'socket' : 'http',
    ...(receiver ? { handle: createSignedRequestHandler({ signingSecret: slack.signingSecret, next: receiver.requestListener, logger, ...(options.now ? { now: options.now } : {}) }) } : {}),
    async close() {
      if (socketMode) await bolt.stop();
      homes.stop();
    },
  };
}
