// Why the adapter does its own 429 handling: what @slack/web-api does with `retries: 0`.
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { isSlackError, type SlackError } from '../../src/bot/slack/slack-error.ts';
import { createWebApi } from '../../src/bot/slack/web-api.ts';
import { memoryLogger } from '../helpers/slack-harness.ts';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-standin.ts';

// Every line goes through the secret guard (test/helpers/secret-guard.ts).
const logger = memoryLogger('debug').logger;

describe('WebClient and 429', () => {
  let standIn: SlackStandIn;
  beforeAll(async () => {
    standIn = await startSlackStandIn();
  });
  afterAll(async () => {
    await standIn.close();
  });
  const posts = (channel: string) => standIn.calls('chat.postMessage').filter((r) => r.body.channel === channel);

  test('WebClient alone with retries: 0 waits out Retry-After and then fails without resending: the message is lost', async () => {
    const client = new webApi.WebClient('xoxb-test', { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, logLevel: webApi.LogLevel.ERROR });
    standIn.rateLimitOnce('chat.postMessage', 1);
    const started = Date.now();
    await expect(client.chat.postMessage({ channel: 'C-LOST', text: 'hello' })).rejects.toThrow(/rate limit/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(posts('C-LOST').map((r) => r.status)).toEqual([429]);
  });

  test('with rejectRateLimitedCalls it fails at once with the delay, so the adapter can wait and send once', async () => {
    const client = new webApi.WebClient('xoxb-test', { slackApiUrl: standIn.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logLevel: webApi.LogLevel.ERROR });
    standIn.rateLimitOnce('chat.postMessage', 1);
    const started = Date.now();
    await expect(client.chat.postMessage({ channel: 'C-FAST', text: 'hello' })).rejects.toMatchObject({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 1 });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test('the adapter\'s client: 429 -> wait Retry-After -> exactly one more send', async () => {
    const web = createWebApi({ botToken: 'xoxb-test', apiUrl: standIn.apiUrl, logger });
    standIn.rateLimitOnce('chat.postMessage', 1);
    await web.postMessage('C-ONCE', { text: 'hello', blocks: [] });
    const sent = posts('C-ONCE');
    expect(sent.map((r) => r.status)).toEqual([429, 200]);
    expect(sent[1]!.at - sent[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  test('the adapter\'s client gives up after a second 429 instead of looping', async () => {
    const web = createWebApi({ botToken: 'xoxb-test', apiUrl: standIn.apiUrl, logger, sleep: async () => standIn.rateLimitOnce('chat.postMessage', 1) });
    standIn.rateLimitOnce('chat.postMessage', 1);
    const error = await web.postMessage('C-TWICE', { text: 'hello', blocks: [] }).catch((e: unknown) => e);
    expect(isSlackError(error, 'SlackRateLimited')).toBe(true);
    expect(posts('C-TWICE').map((r) => r.status)).toEqual([429, 429]);
  });

  test.each([
    ['a platform error', { status: 200, body: { ok: false, error: 'not_in_channel' } }, 'SlackPlatform'],
    ['an HTTP 500', { status: 500, body: { ok: false } }, 'SlackHttp'],
  ] as const)('%s is mapped once and never resent (it may hide a posted message)', async (_name, answer, code) => {
    const web = createWebApi({ botToken: 'xoxb-test', apiUrl: standIn.apiUrl, logger });
    const channel = `C-${code}`;
    standIn.answerOnce('chat.postMessage', answer);
    const error = await web.postMessage(channel, { text: 'hello', blocks: [] }).catch((e: unknown) => e);
    expect(isSlackError(error, code)).toBe(true);
    if (code === 'SlackPlatform') expect((error as SlackError).details.platformError).toBe('not_in_channel');
    expect(posts(channel)).toHaveLength(1);
  });
});
