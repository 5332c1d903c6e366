// The Slack walkthrough, in Teams, over real HTTP: install in a team, `team create`, `done`,
// `next`, a card button (Action.Execute invoke, and the Action.Submit fallback), and a mention
// asking "what's next for my team?". Replies are read at the stand-in connector (their text,
// attachment type and button data) and the changes in the database.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventually } from '../helpers/slack-harness.ts';
import { cardAction, channelChatter, channelMention, installInTeam, personalMessage, submitInChannel, PERSONAL_CHAT, TEAM_CHANNEL, USER_AAD, spoken } from '../helpers/teams-activities.ts';
import { startTeamsHarness, type TeamsHarness } from '../helpers/teams-harness.ts';
import { TENANT_ID, type PostedActivity } from '../helpers/teams-standin.ts';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const CHANNEL_ID = `teams:${TENANT_ID}:${TEAM_CHANNEL}`;

interface Attachment {
  readonly contentType: string;
  readonly content: Record<string, unknown>;
}

/** Every `data.command` of the card's buttons (Action.Execute and its Action.Submit fallback), wherever they are in the card. */
function commandsIn(value: unknown): string[] {
  const found: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== 'object' || v === null) return;
    const o = v as Record<string, unknown>;
    if ((o.type === 'Action.Execute' || o.type === 'Action.Submit') && typeof (o.data as { command?: unknown })?.command === 'string') found.push((o.data as { command: string }).command);
    Object.values(o).forEach(walk);
  };
  walk(value);
  return [...new Set(found)];
}

describe('Teams walkthrough', () => {
  let h: TeamsHarness;
  beforeAll(async () => {
    h = await startTeamsHarness({ admins: [`teams:${USER_AAD}`] });
  });
  afterAll(async () => {
    await h.close();
  });

  const events = (node?: string) => h.rows<{ n: number }>(`select count(*) as n from progress_events${node ? ' where node_id = ?' : ''}`, ...(node ? [node] : []))[0]!.n;

  async function say(activity: Record<string, unknown>): Promise<PostedActivity> {
    const before = h.standIn.posted.length;
    const res = await h.post(activity);
    expect(res.status).toBe(200);
    return eventually(() => h.standIn.posted[before], 15_000, `an answer to ${JSON.stringify(activity.text ?? activity.value)}`);
  }

  test('an install saves the channel reference and says how to start', async () => {
    const res = await h.post(installInTeam({ serviceUrl: h.standIn.serviceUrl }));
    expect(res.status).toBe(200);
    const welcome = await eventually(() => h.standIn.posted[0], 5000, 'the welcome');
    expect(welcome.conversationId).toBe(TEAM_CHANNEL);
    expect(spoken(welcome.activity)).toMatch(/@mention me.*team create/);
    const refs = h.rows<{ channel_id: string; org_id: string; reference: string }>('select channel_id, org_id, reference from conversation_refs');
    expect(refs).toEqual([{ channel_id: CHANNEL_ID, org_id: `teams:${TENANT_ID}`, reference: expect.any(String) }]);
    expect(JSON.parse(refs[0]!.reference)).toMatchObject({ serviceUrl: h.standIn.serviceUrl, conversation: { id: TEAM_CHANNEL } });
  });

  test('channel chatter without a mention gets no answer and records nothing', async () => {
    const before = h.standIn.posted.length;
    expect((await h.post(channelChatter({ serviceUrl: h.standIn.serviceUrl, text: 'team create Nope' }))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.standIn.posted.length).toBe(before);
    expect(h.rows('select name from teams')).toEqual([]);
  });

  test('@TechTree team create, then done: answered in the thread, recorded once, the channel linked', async () => {
    const create = channelMention({ serviceUrl: h.standIn.serviceUrl, text: 'team create Payments' });
    const created = await say(create);
    expect(created.conversationId).toBe(`${TEAM_CHANNEL};messageid=${String(create.id)}`);
    expect(created.replyToId).toBe(create.id);
    expect(spoken(created.activity)).toContain('Payments');
    expect((created.activity.attachments as Attachment[])[0]!.contentType).toBe(ADAPTIVE_CARD);
    expect(h.rows('select t.name, c.channel_id from teams t join channel_links c on c.team_id = t.id')).toEqual([{ name: 'Payments', channel_id: CHANNEL_ID }]);
    expect(h.rows('select id, platform from orgs')).toEqual([{ id: `teams:${TENANT_ID}`, platform: 'teams' }]);

    const done = await say(channelMention({ serviceUrl: h.standIn.serviceUrl, text: 'done&nbsp;containerd' }));
    expect(spoken(done.activity)).toMatch(/Payments.*completed.*containerd/s);
    expect(commandsIn(done.activity.attachments)).toContain('undo containerd-runtime');
    expect(events('containerd-runtime')).toBe(1);
    expect(h.rows('select actor, platform from progress_events')).toEqual([{ actor: USER_AAD, platform: 'teams' }]);

    // The same activity delivered again (a Bot Connector retry) changes nothing and is not answered twice.
    const again = h.standIn.posted.length;
    expect((await h.post(create)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.standIn.posted.length).toBe(again);
    expect(h.rows('select count(*) as n from teams')).toEqual([{ n: 1 }]);
  });

  test('next offers buttons; clicking one (Action.Execute) returns the updated card in the invoke response', async () => {
    const next = await say(channelMention({ serviceUrl: h.standIn.serviceUrl, text: 'next' }));
    const offered = commandsIn(next.activity.attachments);
    expect(offered, `buttons: ${offered.join(', ')}`).toContain('done oci-images');

    const posted = h.standIn.posted.length;
    const click = await h.post(cardAction({ serviceUrl: h.standIn.serviceUrl, command: 'done oci-images', replyToId: 'posted-card' }));
    expect(click.status).toBe(200);
    const body = click.body as { statusCode: number; type: string; value: Record<string, unknown> };
    expect(body).toMatchObject({ statusCode: 200, type: ADAPTIVE_CARD });
    expect(JSON.stringify(body.value)).toMatch(/completed.*OCI-Compliant Images/s);
    expect(events('oci-images')).toBe(1);
    expect(h.standIn.posted.length).toBe(posted); // answered in the response, not posted as well
    expect(h.rows<{ state: string }>("select state from inbox where delivery_key like '%activity:%' order by received_at desc limit 1")).toEqual([{ state: 'answered' }]);
  });

  test('an Action.Submit click (older clients) runs the same command and answers as a new message', async () => {
    const locked = await say(channelMention({ serviceUrl: h.standIn.serviceUrl, text: 'done falco' }));
    expect(commandsIn(locked.activity.attachments)).toContain('done runtime-security --force');
    expect(events('runtime-security')).toBe(0);
    const forced = await say(submitInChannel({ serviceUrl: h.standIn.serviceUrl, command: 'done runtime-security --force' }));
    expect(spoken(forced.activity)).toMatch(/out of order/);
    expect(events('runtime-security')).toBe(1);
  });

  test('a mention asking "what\'s next for my team?" is answered in its thread with the suggestions', async () => {
    const ask = channelMention({ serviceUrl: h.standIn.serviceUrl, text: 'what&#39;s next for my team?' });
    const answer = await say(ask);
    expect(answer.replyToId).toBe(ask.id);
    expect(spoken(answer.activity)).toMatch(/next for Payments/i);
    expect(commandsIn(answer.activity.attachments)).toContain('done kubernetes-cluster');
  });

  test('a picture answer Teams refuses as too large (413) is sent once more without the picture, which the card says', async () => {
    const before = h.standIn.posted.length;
    // Over the words of the answer, under its picture (tens of KB as base64).
    h.standIn.limitBody(16 * 1024);
    try {
      expect((await h.post(channelMention({ serviceUrl: h.standIn.serviceUrl, text: 'tree' }))).status).toBe(200);
      await eventually(() => h.standIn.posted.length >= before + 2, 15_000, 'the answer sent again');
    } finally {
      h.standIn.limitBody(undefined);
    }
    const [refused, resent, ...more] = h.standIn.posted.slice(before);
    expect(more).toEqual([]);
    expect([refused!.status, resent!.status]).toEqual([413, 200]);
    expect(JSON.stringify(refused!.activity)).toMatch(/data:image\/png;base64,/);
    expect(JSON.stringify(resent!.activity)).not.toMatch(/data:image\//);
    expect(JSON.stringify(resent!.activity)).toMatch(/is left out: Teams refused the message with it as too large/);
    expect(resent!.replyToId).toBe(refused!.replyToId);
    expect(h.logs.filter((l) => l.msg.startsWith('teams: message refused as too large (413)'))).toHaveLength(1);
  });

  test('a personal chat is answered without a mention, and keeps a reference to write to the person', async () => {
    const answer = await say(personalMessage({ serviceUrl: h.standIn.serviceUrl, text: 'team join Payments' }));
    expect(answer.conversationId).toBe(PERSONAL_CHAT);
    expect(spoken(answer.activity)).toMatch(/Payments/);
    const keys = h.rows<{ channel_id: string }>('select channel_id from conversation_refs order by channel_id').map((r) => r.channel_id);
    expect(keys).toContain(`teams:${TENANT_ID}:${PERSONAL_CHAT}`);
    expect(keys).toContain(`teams:${TENANT_ID}:user:${USER_AAD}`);
  });

  test('council here: only for TECHTREE_ADMINS (teams:<aad id>); sets the council up in this channel for Teams digests', async () => {
    const refused = await say(channelMention({ serviceUrl: h.standIn.serviceUrl, text: 'council here', userAad: '0c0c0c0c-1111-4222-8333-444444444444', userName: 'Mallory' }));
    expect(spoken(refused.activity)).toMatch(/Only TechTree admins/);
    expect(h.rows('select id from councils')).toEqual([]);
    const council = await say(channelMention({ serviceUrl: h.standIn.serviceUrl, text: 'council here' }));
    expect(spoken(council.activity)).not.toMatch(/Only TechTree admins/);
    expect(h.rows('select channel_id, platform, set_up_by from councils')).toEqual([{ channel_id: CHANNEL_ID, platform: 'teams', set_up_by: USER_AAD }]);
  });
});
