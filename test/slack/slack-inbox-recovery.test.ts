// Recovery over real HTTP and a real SQLite file: deliveries a dead process left in the inbox are
// answered by the next one, each the way its state calls for; and a failed answer post is retried.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openStore, type NewInboxEntry } from '../../src/store/store.ts';
import { eventually, startSlackHarness, type SlackHarness } from '../helpers/slack-harness.ts';
import { newTriggerId, postToSlackEndpoint, slashCommand, TEAM_ID } from '../helpers/slack-signing.ts';
import { startSlackStandIn, type SlackStandIn } from '../helpers/slack-standin.ts';

const MINUTE = 60_000;

describe('inbox recovery', () => {
  let dir: string;
  let sqlitePath: string;
  let standIn: SlackStandIn;
  let h: SlackHarness | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'techtree-recovery-'));
    sqlitePath = join(dir, 'techtree.db');
    standIn = await startSlackStandIn();
    // A first process creates the team, then goes away.
    const first = await startSlackHarness({ botUserId: 'UBOT', sqlitePath, standIn });
    const setup = standIn.responseUrl('setup');
    await postToSlackEndpoint(first.eventsUrl, slashCommand({ text: 'team create Payments', responseUrl: setup }));
    await standIn.waitFor((r) => r.path === new URL(setup).pathname, 10_000, 'team created');
    await first.close();
  });
  afterAll(async () => {
    await h?.close();
    await standIn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function slashEntry(text: string, responseUrl: string, receivedAt: Date): NewInboxEntry {
    return {
      key: `slack:${TEAM_ID}:command:${newTriggerId()}`,
      platform: 'slack',
      conversation: { platform: 'slack', orgId: `slack:${TEAM_ID}`, userId: 'U0ALICE', userName: 'alice', channelId: `slack:${TEAM_ID}:C0PAY` },
      command: text,
      options: { withImages: true },
      replyTo: { kind: 'slash', responseUrl, channelId: 'C0PAY', userId: 'U0ALICE', isDirect: false },
      replyBy: new Date(receivedAt.getTime() + 29 * MINUTE),
      receivedAt,
    };
  }

  test('left by a dead process: a late one is answered in a DM, one whose post had begun is sent again with a note, a fresh one as usual', async () => {
    const store = await openStore({ sqlitePath });
    const dead = { owner: 'dead-process', until: new Date(Date.now() - 1000) };
    const lateUrl = standIn.responseUrl('late');
    const late = slashEntry('done containerd', lateUrl, new Date(Date.now() - 40 * MINUTE));
    const againUrl = standIn.responseUrl('again');
    const again = slashEntry('done oci-images', againUrl, new Date());
    const freshUrl = standIn.responseUrl('fresh');
    const fresh = slashEntry('status', freshUrl, new Date());
    for (const e of [late, again, fresh]) await store.inbox.add(e, dead);
    // Finished rows: one past the retention (7 days), one within it.
    const old = slashEntry('status', standIn.responseUrl('old'), new Date(Date.now() - 9 * 24 * 60 * MINUTE));
    const recent = slashEntry('status', standIn.responseUrl('recent'), new Date(Date.now() - 24 * 60 * MINUTE));
    for (const [e, ago] of [[old, 8], [recent, 1]] as const) {
      await store.inbox.add(e, dead);
      await store.inbox.markAnswered(e.key, new Date(Date.now() - ago * 24 * 60 * MINUTE));
    }
    // `again` was applied and its answer post had begun when its process died.
    await store.inbox.markApplied(again.key, { ok: true, text: 'Payments completed OCI-Compliant Images', title: 'Payments completed OCI-Compliant Images', sections: [{ text: '*Payments* completed *OCI-Compliant Images*.' }], visibility: 'channel' });
    await store.inbox.markAnswering(again.key);
    await store.close();

    h = await startSlackHarness({ botUserId: 'UBOT', sqlitePath, standIn, inboxLeaseMs: 1000 });

    const dmPost = await standIn.waitFor((r) => r.path === '/api/chat.postMessage' && r.body.channel === 'D0ALICE' && /containerd/i.test(String(r.body.text)), 10_000, 'the late answer in a DM');
    expect(String(dmPost.body.text)).toMatch(/^While I was restarting, I recorded your `done containerd` from \d{4}-\d\d-\d\d \d\d:\d\d UTC:/);
    expect(JSON.stringify(dmPost.body.blocks)).toMatch(/Payments completed containerd/);
    expect(standIn.calls(lateUrl)).toHaveLength(0); // its response_url had expired
    expect(h.countEvents({ kind: 'done', node: 'containerd-runtime' })).toBe(1);

    const resent = await standIn.waitFor((r) => r.path === new URL(againUrl).pathname, 10_000, 'the answer sent again');
    expect(String(resent.body.text)).toMatch(/^Sent again because I was interrupted while answering: if you have already seen this answer, nothing was recorded twice\.\nPayments completed OCI-Compliant Images/);
    expect(h.countEvents({ node: 'oci-images' })).toBe(0); // applied rows are answered, not run again

    const answered = await standIn.waitFor((r) => r.path === new URL(freshUrl).pathname, 10_000, 'the fresh answer');
    expect(String(answered.body.text)).toMatch(/^Status of Payments/);

    const check = await openStore({ sqlitePath });
    try {
      const states = async () => Promise.all([late, again, fresh].map(async (e) => (await check.inbox.get(e.key))?.state));
      await eventually(async () => (await states()).every((s) => s === 'answered'), 5000, 'all three marked answered');
      expect(await check.inbox.get(old.key)).toBeUndefined(); // pruned at start
      expect((await check.inbox.get(recent.key))?.state).toBe('answered');
    } finally {
      await check.close();
    }
  });

  test('a row that cannot be read (a column not JSON, a conversation of the wrong shape) is marked failed with why, and the rows behind it are still answered', async () => {
    const store = await openStore({ sqlitePath });
    const dead = { owner: 'dead-process', until: new Date(Date.now() - 1000) };
    const hour = new Date(Date.now() - 60 * MINUTE);
    const notJson = slashEntry('status', standIn.responseUrl('not-json'), hour);
    const wrongShape = slashEntry('status', standIn.responseUrl('wrong-shape'), hour);
    const fineUrl = standIn.responseUrl('fine');
    const fine = slashEntry('status', fineUrl, new Date());
    for (const e of [notJson, wrongShape, fine]) await store.inbox.add(e, dead);
    await store.close();
    // Hand edits of the kind recovery must survive; the two bad rows are the oldest, so first in line.
    const raw = new Database(sqlitePath);
    raw.prepare('update inbox set conversation = ? where delivery_key = ?').run('{"platform": "slack", "orgId": ', notJson.key);
    raw.prepare('update inbox set conversation = ? where delivery_key = ?').run('{"platform": "slack"}', wrongShape.key);
    raw.close();

    const answered = await standIn.waitFor((r) => r.path === new URL(fineUrl).pathname, 10_000, 'the answer of the row behind them');
    expect(String(answered.body.text)).toMatch(/^Status of Payments/);
    const check = await openStore({ sqlitePath });
    try {
      await eventually(async () => (await check.inbox.get(wrongShape.key))?.state === 'failed' && (await check.inbox.get(notJson.key))?.state === 'failed', 5000, 'both bad rows marked failed');
      expect((await check.inbox.get(notJson.key))?.error).toMatch(/^unreadable row: conversation is not JSON \(/);
      expect((await check.inbox.get(wrongShape.key))?.error).toMatch(/^unreadable conversation: /);
    } finally {
      await check.close();
    }
    expect(h!.logs.filter((l) => l.msg === 'inbox: unreadable row marked failed').map((l) => l.key).sort()).toEqual([notJson.key, wrongShape.key].sort());
    expect(standIn.calls(standIn.responseUrl('not-json'))).toHaveLength(0);
  });

  test('a response_url Slack refuses (404: expired early or used up) is answered in a DM at once', async () => {
    const responseUrl = standIn.responseUrl('gone');
    standIn.answerOnce(responseUrl, { status: 404, body: { ok: false, error: 'expired_url' } });
    await postToSlackEndpoint(h!.eventsUrl, slashCommand({ text: 'status', responseUrl }));
    const dm = await standIn.waitFor((r) => r.path === '/api/chat.postMessage' && /^I could not answer `status` where you asked it \(Slack no longer takes answers there\), so here it is:\nStatus of Payments/.test(String(r.body.text)), 10_000, 'the answer in a DM');
    expect(dm.body.channel).toBe('D0ALICE');
    expect(standIn.calls(responseUrl).map((r) => r.status)).toEqual([404]);
  });

  test('an answer post that fails (Slack 500) is tried again shortly, marked as sent again', async () => {
    const responseUrl = standIn.responseUrl('flaky');
    const logsBefore = h!.logs.length;
    standIn.answerOnce(responseUrl, { status: 500, body: { ok: false } });
    const res = await postToSlackEndpoint(h!.eventsUrl, slashCommand({ text: 'status', responseUrl }));
    expect(res.status).toBe(200);
    const ok = await standIn.waitFor((r) => r.path === new URL(responseUrl).pathname && r.status === 200, 15_000, 'the second post');
    expect(String(ok.body.text)).toMatch(/^Sent again because I was interrupted while answering/);
    expect(standIn.calls(responseUrl).map((r) => r.status)).toEqual([500, 200]);
    await eventually(() => h!.logs.find((l) => l.msg === 'slack: delivery failed' && l.willRetry === true), 5000, 'the failure logged');
    expect(h!.logs.slice(logsBefore).filter((l) => l.level === 'error' && l.msg !== 'slack: delivery failed')).toEqual([]);
  });
});
