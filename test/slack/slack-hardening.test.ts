// Signatures and clock skew, duplicate deliveries, rate limits: over real HTTP, real app, real
// SQLite, with only Slack's cloud played by the stand-in.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../helpers/slack-harness.ts';
import { eventCallback, newTriggerId, nowSec, postToSlackEndpoint, slashCommand } from '../helpers/slack-signing.ts';

describe('Slack hardening', () => {
  let h: SlackHarness;

  beforeAll(async () => {
    h = await startSlackHarness({ botUserId: 'UBOT' });
    const responseUrl = h.standIn.responseUrl('setup');
    await postToSlackEndpoint(h.eventsUrl, slashCommand({ text: 'team create Payments', responseUrl }));
    await h.standIn.waitFor((r) => r.path === new URL(responseUrl).pathname, 10_000, 'team created');
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A valid request sent after the others: once it is answered, anything earlier has been handled too. */
  async function sentinel(): Promise<void> {
    const responseUrl = h.standIn.responseUrl('sentinel');
    await postToSlackEndpoint(h.eventsUrl, slashCommand({ text: 'status', responseUrl }));
    await h.standIn.waitFor((r) => r.path === new URL(responseUrl).pathname, 10_000, 'the sentinel answer');
  }

  test.each([
    ['a wrong signing secret', { secret: 'not-the-secret' }],
    ['a tampered body', { signedBody: 'text=done+argo' }],
    ['a stale timestamp (6 minutes old)', { timestampSec: nowSec() - 6 * 60 }],
    ['a future timestamp (6 minutes ahead)', { timestampSec: nowSec() + 6 * 60 }],
    ['a non-numeric timestamp', { headers: { 'x-slack-request-timestamp': 'soon' } }],
    ['no signature', { headers: { 'x-slack-signature': '' } }],
  ])('%s is rejected with 401 and records nothing', async (_name, options) => {
    const responseUrl = h.standIn.responseUrl('forged');
    const res = await postToSlackEndpoint(h.eventsUrl, slashCommand({ text: 'done helm', responseUrl }), options);
    expect(res.status).toBe(401);
    await sentinel();
    expect(h.standIn.calls(responseUrl)).toHaveLength(0);
    expect(h.countEvents({ node: 'helm-charts' })).toBe(0);
  });

  test('Slack\'s URL verification is answered with the challenge; its SSL check with 200, nothing run', async () => {
    const challenge = { body: JSON.stringify({ token: 'x', challenge: 'c-123', type: 'url_verification' }), contentType: 'application/json' as const };
    const verified = await postToSlackEndpoint(h.eventsUrl, challenge);
    expect([verified.status, JSON.parse(verified.text)]).toEqual([200, { challenge: 'c-123' }]);
    // Unsigned, as Slack sends it; a command smuggled in next to ssl_check must not run.
    const responseUrl = h.standIn.responseUrl('ssl');
    const smuggled = `ssl_check=1&${slashCommand({ text: 'done helm', responseUrl }).body}`;
    const res = await fetch(h.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: smuggled });
    expect(res.status).toBe(200);
    await sentinel();
    expect(h.standIn.calls(responseUrl)).toHaveLength(0);
    expect(h.countEvents({ node: 'helm-charts' })).toBe(0);
  });

  test('timestamps 4 minutes off either way are still accepted', async () => {
    for (const skew of [-4 * 60, 4 * 60]) {
      const responseUrl = h.standIn.responseUrl('skew');
      const res = await postToSlackEndpoint(h.eventsUrl, slashCommand({ text: 'status', responseUrl }), { timestampSec: nowSec() + skew });
      expect(res.status).toBe(200);
      await h.standIn.waitFor((r) => r.path === new URL(responseUrl).pathname, 10_000, 'an answer');
    }
  });

  test('the same slash command delivered twice records once and answers once', async () => {
    const responseUrl = h.standIn.responseUrl('twice');
    const req = slashCommand({ text: 'done containerd', responseUrl, triggerId: newTriggerId() });
    const [a, b] = await Promise.all([postToSlackEndpoint(h.eventsUrl, req), postToSlackEndpoint(h.eventsUrl, req)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await h.standIn.waitFor((r) => r.path === new URL(responseUrl).pathname, 10_000, 'the answer');
    await sentinel();
    expect(h.countEvents({ node: 'containerd-runtime' })).toBe(1);
    expect(h.standIn.calls(responseUrl)).toHaveLength(1);
  });

  test('an event retried with X-Slack-Retry-Num is acknowledged without running again', async () => {
    const ts = '1700000400.000001';
    const mention = eventCallback({ event: { type: 'app_mention', user: 'U0ALICE', text: '<@UBOT> we finished oci-images', ts, channel: 'C0PAY', event_ts: ts } });
    expect((await postToSlackEndpoint(h.eventsUrl, mention)).status).toBe(200);
    const retry = await postToSlackEndpoint(h.eventsUrl, mention, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    await h.standIn.waitFor((r) => r.path === '/api/chat.postMessage' && r.body.thread_ts === ts, 10_000, 'the answer');
    await sentinel();
    expect(h.countEvents({ kind: 'done', node: 'oci-images' })).toBe(1);
    expect(h.standIn.calls('chat.postMessage').filter((r) => r.body.thread_ts === ts)).toHaveLength(1);
  });

  test('a delivery replayed to another process (same database, fresh memory) is caught by the inbox: acknowledged, not run, not answered', async () => {
    const other = await startSlackHarness({ botUserId: 'UBOT', sqlitePath: h.sqlitePath, standIn: h.standIn });
    try {
      const triggerId = newTriggerId();
      const ask = async (url: string, text: string, trigger = newTriggerId()) => {
        const responseUrl = h.standIn.responseUrl('p');
        const res = await postToSlackEndpoint(url, slashCommand({ text, responseUrl, triggerId: trigger }));
        return { res, responseUrl };
      };
      const first = await ask(h.eventsUrl, 'done kubernetes-cluster', triggerId);
      await h.standIn.waitFor((r) => r.path === new URL(first.responseUrl).pathname, 10_000, 'the first answer');
      const undo = await ask(h.eventsUrl, 'undo kubernetes-cluster');
      await h.standIn.waitFor((r) => r.path === new URL(undo.responseUrl).pathname, 10_000, 'the undo answer');
      // The first delivery replayed to the other process: without the inbox it would be done again.
      const again = await ask(other.eventsUrl, 'done kubernetes-cluster', triggerId);
      expect(again.res.status).toBe(200);
      await sentinel();
      expect(h.standIn.calls(again.responseUrl)).toHaveLength(0);
      expect(other.logs.some((l) => l.msg === 'slack: duplicate delivery acknowledged, not run again')).toBe(true);
      expect(h.countEvents({ kind: 'done', node: 'kubernetes-cluster' })).toBe(1);
      expect(h.countEvents({ kind: 'undone', node: 'kubernetes-cluster' })).toBe(1);
    } finally {
      await other.close();
    }
  });

  test('a 429 with Retry-After: 1 is waited out, then the message is sent exactly once more', async () => {
    h.standIn.rateLimitOnce('chat.postMessage', 1);
    const ts = '1700000500.000001';
    await postToSlackEndpoint(h.eventsUrl, eventCallback({ event: { type: 'app_mention', user: 'U0ALICE', text: '<@UBOT> status', ts, channel: 'C0PAY', event_ts: ts } }));
    await h.standIn.waitFor((r) => r.path === '/api/chat.postMessage' && r.body.thread_ts === ts && r.status === 200, 10_000, 'the resend');
    await sentinel();
    const posts = h.standIn.calls('chat.postMessage').filter((r) => r.body.thread_ts === ts);
    expect(posts.map((p) => p.status)).toEqual([429, 200]);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(1000);
    // The resend is the answer itself, not an apology for having failed.
    expect(posts[1]!.body.text).toBe(posts[0]!.body.text);
    expect(String(posts[1]!.body.text)).toMatch(/Payments/);
  });

  test('a response_url answering 429 is also waited out and sent once more', async () => {
    const responseUrl = h.standIn.responseUrl('limited');
    h.standIn.rateLimitOnce(responseUrl, 1);
    await postToSlackEndpoint(h.eventsUrl, slashCommand({ text: 'status', responseUrl }));
    await h.standIn.waitFor((r) => r.path === new URL(responseUrl).pathname && r.status === 200, 10_000, 'the resend');
    const posts = h.standIn.calls(responseUrl);
    expect(posts.map((p) => p.status)).toEqual([429, 200]);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(posts[1]!.body.text).toBe(posts[0]!.body.text);
  });

  test('given SLACK_BOT_USER_ID, auth.test is never called', () => {
    expect(h.standIn.calls('auth.test')).toHaveLength(0);
  });
});
