// Answers through a slash command's or a button's response_url (valid 30 minutes, 5 uses).
// Like the Web API: never resent except once after a 429's Retry-After.
import type { types } from '@slack/bolt';
import { postJson, type JsonPostResult } from './post-json.ts';
import { sendHonouringRateLimit, type RateLimitOptions } from './rate-limit.ts';
import { SlackError } from './slack-error.ts';

export interface ResponseMessage {
  readonly text: string;
  readonly blocks?: readonly types.KnownBlock[];
  readonly response_type?: 'in_channel' | 'ephemeral';
  readonly replace_original?: boolean;
  readonly delete_original?: boolean;
}

export type Respond = (responseUrl: string, message: ResponseMessage) => Promise<void>;

export function createResponder(options: RateLimitOptions & { readonly timeoutMs?: number } = {}): Respond {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const postOnce = async (responseUrl: string, message: ResponseMessage): Promise<void> => {
    let res: JsonPostResult;
    try {
      res = await postJson(responseUrl, message, timeoutMs);
    } catch (error) {
      throw new SlackError('SlackUnreachable', `response_url: ${(error as Error).message}`, {}, { cause: error });
    }
    if (res.status === 429) {
      const retryAfterSec = Number(res.headers['retry-after'] ?? '1');
      throw new SlackError('SlackRateLimited', 'response_url: rate limited', { retryAfterSec: Number.isFinite(retryAfterSec) ? retryAfterSec : 1, status: 429 });
    }
    if (res.status < 200 || res.status > 299) throw new SlackError('SlackResponseUrl', `response_url: HTTP ${res.status} ${res.text.slice(0, 200)}`, { status: res.status });
  };
  return (responseUrl, message) => sendHonouringRateLimit('response_url', () => postOnce(responseUrl, message), options);
}
