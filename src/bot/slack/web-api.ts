// The Web API calls the adapter makes, on a WebClient that never retries on its own: a timeout
// or a 5xx may hide a message that was posted, so resending could double-post. Only a 429 is
// resent, once, after Retry-After (rate-limit.ts).
import { webApi, type types } from '@slack/bolt';
import type { Logger } from '../../log.ts';
import { sendHonouringRateLimit, type RateLimitOptions } from './rate-limit.ts';
import { SlackError } from './slack-error.ts';

export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly types.KnownBlock[];
}

export interface SlackImage {
  readonly png: Buffer;
  readonly filename: string;
  readonly title: string;
  readonly alt: string;
}

export interface SlackPerson {
  readonly name?: string;
  readonly isAdmin: boolean;
}

export interface SlackWebApi {
  authTest(): Promise<{ readonly userId: string; readonly botId?: string }>;
  postMessage(channel: string, message: SlackMessage, threadTs?: string): Promise<void>;
  publishHome(userId: string, view: types.HomeView): Promise<void>;
  userInfo(userId: string): Promise<SlackPerson>;
  /** The id of the bot's direct-message channel with a user. */
  openDirect(userId: string): Promise<string>;
  uploadImage(channelId: string, image: SlackImage, threadTs?: string): Promise<void>;
}

export interface WebApiOptions extends RateLimitOptions {
  readonly botToken: string;
  /** Default https://slack.com/api/ */
  readonly apiUrl?: string;
  readonly logger: Logger;
  readonly timeoutMs?: number;
}

/** The options every WebClient of the adapter uses (Bolt's own client too). */
export function webClientOptions(apiUrl: string | undefined, timeoutMs = 10_000): webApi.WebClientOptions {
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    logLevel: webApi.LogLevel.ERROR,
  };
}

export function createWebApi(options: WebApiOptions): SlackWebApi {
  const client = new webApi.WebClient(options.botToken, webClientOptions(options.apiUrl, options.timeoutMs));
  const log = options.logger;
  const send = <T>(what: string, call: () => Promise<T>): Promise<T> =>
    sendHonouringRateLimit(what, call, {
      ...options,
      onRateLimited: (w, sec) => {
        log.warn('slack rate limited; waiting before the one resend', { call: w, retryAfterSec: sec });
        options.onRateLimited?.(w, sec);
      },
    });

  return {
    async authTest() {
      const r = await send('auth.test', () => client.auth.test());
      if (!r.user_id) throw new SlackError('SlackPlatform', 'auth.test: no user_id in the answer', { platformError: 'no_user_id' });
      return { userId: r.user_id, ...(r.bot_id ? { botId: r.bot_id } : {}) };
    },
    async postMessage(channel, message, threadTs) {
      await send('chat.postMessage', () =>
        client.chat.postMessage({ channel, text: message.text, ...(message.blocks.length ? { blocks: [...message.blocks] } : {}), ...(threadTs ? { thread_ts: threadTs } : {}) }));
    },
    async publishHome(userId, view) {
      await send('views.publish', () => client.views.publish({ user_id: userId, view }));
    },
    async userInfo(userId) {
      const r = await send('users.info', () => client.users.info({ user: userId }));
      const u = r.user;
      return { ...(u?.real_name || u?.name ? { name: u.real_name || u.name } : {}), isAdmin: Boolean(u?.is_admin || u?.is_owner) };
    },
    async openDirect(userId) {
      const r = await send('conversations.open', () => client.conversations.open({ users: userId }));
      const id = r.channel?.id;
      if (!id) throw new SlackError('SlackPlatform', 'conversations.open: no channel in the answer', { platformError: 'no_channel' });
      return id;
    },
    async uploadImage(channelId, image, threadTs) {
      // A 429 on any step resends the whole upload: an upload that was never completed is not
      // shared anywhere, so this cannot show the picture twice.
      const file = { file: image.png, filename: image.filename, title: image.title, alt_text: image.alt };
      await send('files.uploadV2', () =>
        client.filesUploadV2(threadTs ? { ...file, channel_id: channelId, thread_ts: threadTs } : { ...file, channel_id: channelId }));
    },
  };
}
