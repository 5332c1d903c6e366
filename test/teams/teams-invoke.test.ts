// Card clicks at the edges: a click slower than the invoke may wait is answered "a moment" and
// its answer follows as a message; a click that is not ours changes nothing; the same click
// twice runs once. And an installationUpdate keeps the reference without a second welcome.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventually } from '../helpers/slack-harness.ts';
import { cardAction, PERSONAL_CHAT, spoken } from '../helpers/teams-activities.ts';
import { startTeamsHarness, type TeamsHarness } from '../helpers/teams-harness.ts';
import { BOT_ID, TENANT_ID } from '../helpers/teams-standin.ts';

const MESSAGE = 'application/vnd.microsoft.activity.message';

describe('Teams card clicks', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    // A tree picture drawn in a worker thread cannot be ready within 50 ms: that click goes the slow way.
    h = await startTeamsHarness({ invokeWaitMs: 50, pictures: 'pool' });
  });
  afterAll(async () => {
    await h.close();
  });

  test('a click slower than the invoke allows: "a moment" in the response, then the answer as a message in the thread', async () => {
    const created = await h.post(cardAction({ serviceUrl: h.standIn.serviceUrl, command: 'team create Slowpokes' }));
    expect(created.body).toMatchObject({ type: 'application/vnd.microsoft.card.adaptive' });
    const click = cardAction({ serviceUrl: h.standIn.serviceUrl, command: 'tree' });
    const res = await h.post(click);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ statusCode: 200, type: MESSAGE, value: expect.stringMatching(/taking me a moment/) });
    const answer = await eventually(() => h.standIn.posted.find((p) => p.replyToId === click.id), 10_000, 'the answer as a message');
    expect(spoken(answer.activity)).toMatch(/Slowpokes/);
    expect((answer.activity.attachments as { contentType: string }[])[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');

    // Teams sends the same invoke again: recorded once, said so.
    const again = await h.post(click);
    expect(again.body).toMatchObject({ type: MESSAGE, value: expect.stringMatching(/already have that click/) });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.standIn.posted.filter((p) => p.replyToId === click.id)).toHaveLength(1);
    expect(h.rows("select state from inbox where command = 'tree'")).toEqual([{ state: 'answered' }]);
  });

  test('a card action that is not ours changes nothing and says so', async () => {
    const res = await h.post(cardAction({ serviceUrl: h.standIn.serviceUrl, command: 'team create Nope', verb: 'someOtherApp' }));
    expect(res.body).toMatchObject({ type: MESSAGE, value: expect.stringMatching(/not one of mine.*help/) });
    expect(h.rows("select count(*) as n from inbox where command like '%Nope%'")).toEqual([{ n: 0 }]);
  });

  test('installationUpdate keeps the personal chat reference; the welcome comes with conversationUpdate only', async () => {
    const before = h.standIn.posted.length;
    const res = await h.post({
      type: 'installationUpdate', action: 'add', id: 'inst-1', channelId: 'msteams', serviceUrl: h.standIn.serviceUrl,
      from: { id: '29:someone', aadObjectId: '0d0d0d0d-1111-4222-8333-444444444444' }, recipient: { id: BOT_ID },
      conversation: { id: PERSONAL_CHAT, conversationType: 'personal', tenantId: TENANT_ID }, channelData: { tenant: { id: TENANT_ID } },
    });
    expect(res.status).toBe(200);
    expect(h.rows('select channel_id from conversation_refs where channel_id = ?', `teams:${TENANT_ID}:${PERSONAL_CHAT}`)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.standIn.posted.length).toBe(before);
  });
});
