// /api/messages fails closed: with an app id, only tokens signed by the (stand-in) Bot Connector
// key, for this bot, from the right issuer, unexpired, are let in; every other request is a 401
// and records nothing. Without an app id and without TEAMS_EMULATOR=1, nothing is let in at all.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { channelMention, personalMessage, postActivity } from '../helpers/teams-activities.ts';
import { startTeamsHarness, type TeamsHarness } from '../helpers/teams-harness.ts';
import { eventually } from '../helpers/slack-harness.ts';

describe('Teams token checks', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const inboxRows = () => h.rows<{ n: number }>('select count(*) as n from inbox')[0]!.n;

  test('a valid token is let in: the message is recorded and answered', async () => {
    const activity = personalMessage({ serviceUrl: h.standIn.serviceUrl, text: 'help' });
    const res = await h.post(activity);
    expect(res.status).toBe(200);
    expect(h.rows('select delivery_key from inbox')).toEqual([{ delivery_key: expect.stringMatching(/^teams:.+:activity:/) }]);
    await eventually(() => h.standIn.posted.length === 1, 10_000, 'the answer');
    expect(h.standIn.posted[0]!.authorization).toMatch(/^Bearer standin-outgoing-/);
    expect(h.standIn.tokenRequests[0]).toMatchObject({ grant_type: 'client_credentials', scope: 'https://api.botframework.com/.default' });
  });

  const bad: readonly [string, (h: TeamsHarness) => string | null][] = [
    ['missing', () => null],
    ['from the wrong issuer', (x) => x.standIn.token({ iss: 'https://api.botframework.com' })],
    ['for another bot (wrong audience)', (x) => x.standIn.token({ aud: '99999999-2222-3333-4444-555555555555' })],
    ['expired', (x) => x.standIn.token({ expiresIn: -3600 })],
    ['signed with another key', (x) => x.standIn.forgedToken('wrongKey')],
    ['alg: none with a key id', (x) => x.standIn.forgedToken('algNone')],
    ['HS256 keyed with the public key', (x) => x.standIn.forgedToken('hs256')],
    ['for another service URL', (x) => x.standIn.token({ serviceUrl: 'https://attacker.example/' })],
    ['not a JWT at all', () => 'not-a-token'],
  ];

  test.each(bad)('a token %s gets 401 and records nothing', async (_what, token) => {
    const before = { rows: inboxRows(), posted: h.standIn.posted.length };
    const res = await h.post(channelMention({ serviceUrl: h.standIn.serviceUrl, text: 'team create Intruders' }), token(h));
    expect(res.status).toBe(401);
    expect(inboxRows()).toBe(before.rows);
    expect(h.rows('select count(*) as n from teams')[0]).toEqual({ n: 0 });
    expect(h.rows('select count(*) as n from conversation_refs where channel_id like ?', '%thread.tacv2%')[0]).toEqual({ n: 0 });
    await new Promise((r) => setTimeout(r, 100));
    expect(h.standIn.posted.length).toBe(before.posted);
  });

  test('a body that is not an activity is a 400, not a 500', async () => {
    const res = await fetch(`${h.server.url}/api/messages`, { method: 'POST', body: 'nope', headers: { authorization: `Bearer ${h.standIn.token()}` } });
    expect(res.status).toBe(400);
  });
});

describe('Teams without an app id', () => {
  test('refuses every request, and the body and the start log say what to set', async () => {
    const h = await startTeamsHarness({ teams: false });
    try {
      const res = await h.post(personalMessage({ serviceUrl: h.standIn.serviceUrl, text: 'team create Anonymous' }), null);
      expect(res.status).toBe(401);
      expect(res.text).toMatch(/MICROSOFT_APP_ID/);
      expect(h.rows('select count(*) as n from inbox')[0]).toEqual({ n: 0 });
      expect(h.logs.some((l) => /teams: off \(set MICROSOFT_APP_ID/.test(l.msg))).toBe(true);
      // Slack is off in this server too: its endpoint says what to set rather than a bare 404.
      const slack = await fetch(`${h.server.url}/slack/events`, { method: 'POST', body: 'token=x' });
      expect(slack.status).toBe(404);
      expect(await slack.text()).toMatch(/Slack is off: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN/);
    } finally {
      await h.close();
    }
  });

  test('TEAMS_EMULATOR=1 lets anonymous requests in, with a loud warning at start', async () => {
    const h = await startTeamsHarness({ teams: { appId: undefined, appPassword: undefined, emulator: true, endpoints: undefined } });
    try {
      expect(h.logs.some((l) => l.level === 'warn' && /EMULATOR MODE/.test(l.msg))).toBe(true);
      const res = await postActivity(h.server.url, personalMessage({ serviceUrl: h.standIn.serviceUrl, text: 'team create Emulated' }), undefined);
      expect(res.status).toBe(200);
      await eventually(() => h.standIn.posted.length === 1, 10_000, 'the answer');
      expect(h.rows('select name from teams')).toEqual([{ name: 'Emulated' }]);
    } finally {
      await h.close();
    }
  });
});
