import { spoken } from '../helpers/teams-activities.ts';
// A scheduled council digest posted to a Teams channel through its stored conversation
// reference, by the same exactly-once run protocol as Slack's, on both databases. Teams cannot be
// searched for an earlier post, so a run whose post began and failed is posted again (at least
// once). 403/404 pause the council; 429 is sent again after a pause, and posts once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type OpenedApp } from '../../src/app/open-app.ts';
import { createTeamsDigestPoster } from '../../src/bot/teams/digest-poster.ts';
import { inlineRenderer } from '../../src/charts/index.ts';
import type { Store } from '../../src/store/store.ts';
import { catalog } from '../helpers/app.ts';
import { DIALECTS, uniqueId, useStore } from '../helpers/databases.ts';
import { DAY } from '../helpers/digests.ts';
import { memoryLogger } from '../helpers/slack-harness.ts';
import { standInTeamsConfig } from '../helpers/teams-harness.ts';
import { BOT_ID, startTeamsStandIn, type TeamsStandIn } from '../helpers/teams-standin.ts';

const ADMIN = '0b0b0b0b-1111-4222-8333-444444444444';

describe.each(DIALECTS)('Teams council digests on %s', (dialect) => {
  const db = useStore(dialect);
  let standIn: TeamsStandIn;
  const { logger, lines } = memoryLogger('info');
  const renderer = inlineRenderer();
  beforeAll(async () => {
    standIn = await startTeamsStandIn();
  });
  afterAll(async () => {
    await standIn.close();
  });

  const start = new Date('2026-02-02T10:00:00Z');
  const slot = new Date('2026-03-09T09:00:00Z');

  function appOn(store: Store): OpenedApp {
    const box: { app?: OpenedApp } = {};
    const poster = createTeamsDigestPoster({ teams: standInTeamsConfig(standIn), references: () => box.app!.references, logger, retries: 3, backoffMs: 5, spacingMs: 0 });
    box.app = createApp({ store, catalog, clock: () => new Date(slot.getTime() + 5000), renderer, posters: { teams: poster }, logger });
    return box.app;
  }

  /** A tenant with two teams, a council in a channel the bot was installed in (its reference saved), set up by ADMIN. */
  async function seedTeams(store: Store, app: OpenedApp, withPersonalChat = false) {
    const tenant = uniqueId('tenant');
    const orgId = `teams:${tenant}`;
    await store.orgs.ensure({ id: orgId, platform: 'teams', name: 'Contoso' });
    for (const [name, nodes] of [['Payments', ['containerd-runtime', 'oci-images']], ['Search', ['oci-images']]] as const) {
      const team = await store.teams.create(orgId, name);
      let day = 30;
      for (const nodeId of nodes) {
        await store.events.writeTeam(team.id, (tx) => tx.append({ orgId, teamId: team.id, nodeId, treeId: 'cncf-adoption', kind: 'done', actor: ADMIN, platform: 'teams', at: new Date(start.getTime() + day++ * DAY) }));
      }
    }
    const conversation = `19:${uniqueId('council')}@thread.tacv2`;
    const channelId = `${orgId}:${conversation}`;
    const created = await store.councils.create(orgId, channelId, 'teams');
    const council = (await store.councils.update(created.id, { cron: '0 9 * * 1', timeZone: 'Europe/London', setUpBy: ADMIN }))!;
    const reference = { channelId: 'msteams', serviceUrl: standIn.serviceUrl, bot: { id: BOT_ID, name: 'TechTree' }, conversation: { id: conversation, conversationType: 'channel', tenantId: tenant, isGroup: true } };
    await app.references.save(channelId, orgId, 'teams', reference);
    const chat = `a:${uniqueId('chat')}`;
    if (withPersonalChat) await app.references.save(`${orgId}:user:${ADMIN}`, orgId, 'teams', { ...reference, conversation: { id: chat, conversationType: 'personal', tenantId: tenant } });
    return { orgId, council, channelId, conversation, chat };
  }

  const postsTo = (conversation: string) => standIn.posted.filter((p) => p.conversationId === conversation);

  it('posts the digest once, as a new message in the channel, through the stored reference', async () => {
    const app = appOn(db.store);
    const s = await seedTeams(db.store, app);
    const outcome = await app.digests.run({ councilId: s.council.id, slot });
    expect(outcome).toMatchObject({ status: 'posted', periodKey: '2026-03-09T09:00', recovered: false });
    const [post, ...others] = postsTo(s.conversation);
    expect(others).toEqual([]);
    expect(post!.replyToId).toBeUndefined();
    expect(post!.authorization).toMatch(/^Bearer standin-outgoing-/);
    expect((post!.activity.attachments as { contentType: string }[])[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(post!.activity.text).toBeUndefined(); // one post: a card with text beside it would be split in two
    expect(JSON.stringify(post!.activity.attachments)).toMatch(/Payments/);
    const run = await db.store.digestRuns.get(s.council.id, '2026-03-09T09:00');
    expect(run).toMatchObject({ status: 'posted', postedRef: expect.stringMatching(new RegExp(`^${s.channelId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:posted-\\d+$`)) });

    expect(await app.digests.run({ councilId: s.council.id, slot })).toMatchObject({ status: 'alreadyPosted' });
    expect(postsTo(s.conversation)).toHaveLength(1);
  });

  it('429, then 200: sent again after the pause, posted once', async () => {
    const app = appOn(db.store);
    const s = await seedTeams(db.store, app);
    standIn.queue({ status: 429, headers: { 'retry-after': '0' }, body: { error: { code: 'Throttled', message: 'slow down' } } });
    expect(await app.digests.run({ councilId: s.council.id, slot })).toMatchObject({ status: 'posted' });
    expect(postsTo(s.conversation).map((p) => p.status)).toEqual([429, 200]);
    expect(lines.some((l) => l.msg.startsWith('teams: post refused for now') && l.status === 429)).toBe(true);
  });

  it('413 MessageSizeTooBig: sent again once without the charts, the card saying they were left out', async () => {
    const app = appOn(db.store);
    const s = await seedTeams(db.store, app);
    // Under the four charts (tens of KB each as base64), well over the words alone.
    standIn.limitBody(48 * 1024);
    try {
      expect(await app.digests.run({ councilId: s.council.id, slot })).toMatchObject({ status: 'posted' });
    } finally {
      standIn.limitBody(undefined);
    }
    const posts = postsTo(s.conversation);
    expect(posts.map((p) => p.status)).toEqual([413, 200]);
    const [refused, resent] = posts.map((p) => JSON.stringify(p.activity));
    expect(refused).toMatch(/data:image\/png;base64,/);
    expect(resent).not.toMatch(/data:image\//);
    expect(resent!.match(/is left out: Teams refused the message with it as too large/g)).toHaveLength(4);
    expect(resent).toMatch(/Payments/);
    expect(lines.filter((l) => l.msg.startsWith('teams: message refused as too large (413)') && l.conversation === s.conversation)).toHaveLength(1);
    expect(await db.store.digestRuns.get(s.council.id, '2026-03-09T09:00')).toMatchObject({ status: 'posted' });
  });

  it('413 again without the charts: not sent a third time, the run fails', async () => {
    const app = appOn(db.store);
    const s = await seedTeams(db.store, app);
    standIn.limitBody(1024);
    try {
      await expect(app.digests.run({ councilId: s.council.id, slot })).rejects.toMatchObject({ code: 'DigestFailed' });
    } finally {
      standIn.limitBody(undefined);
    }
    expect(postsTo(s.conversation).map((p) => p.status)).toEqual([413, 413]);
  });

  it('403 BotNotInConversationRoster: the reference is marked gone, the council paused with one log line, the admin told', async () => {
    const app = appOn(db.store);
    const s = await seedTeams(db.store, app, true);
    standIn.hook((p) => (p.conversationId === s.conversation ? { status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } } } : undefined));
    try {
      await expect(app.digests.run({ councilId: s.council.id, slot })).rejects.toMatchObject({ code: 'DigestChannelGone', retry: 'never' });
    } finally {
      standIn.hook(undefined);
    }
    expect(postsTo(s.conversation)).toHaveLength(1); // not retried
    expect((await db.store.councils.get(s.council.id))!.pausedAt).toBeInstanceOf(Date);
    expect((await db.store.conversationRefs.get(s.channelId))!.gone?.reason).toMatch(/BotNotInConversationRoster/);
    expect(lines.filter((l) => l.msg.includes(`council ${s.council.id} paused`))).toHaveLength(1);
    const [note] = postsTo(s.chat);
    expect(spoken(note!.activity)).toMatch(/paused.*add me back to the team.*council here/s);
    expect(await app.digests.run({ councilId: s.council.id, slot })).toMatchObject({ status: 'skipped', reason: 'paused' });
  });

  it('404 ConversationNotFound is gone too', async () => {
    const app = appOn(db.store);
    const s = await seedTeams(db.store, app);
    standIn.queue({ status: 404, body: { error: { code: 'ConversationNotFound', message: 'Conversation not found.' } } });
    await expect(app.digests.run({ councilId: s.council.id, slot })).rejects.toMatchObject({ code: 'DigestChannelGone' });
    expect((await db.store.councils.get(s.council.id))!.pauseReason).toMatch(/no longer exists/);
  });

  it('a post that began and failed (504s) is posted again by the next attempt, at least once, and the log says so', async () => {
    const app = appOn(db.store);
    const s = await seedTeams(db.store, app);
    standIn.hook((p) => (p.conversationId === s.conversation ? { status: 504, body: {} } : undefined));
    try {
      await expect(app.digests.run({ councilId: s.council.id, slot })).rejects.toMatchObject({ code: 'DigestFailed' });
    } finally {
      standIn.hook(undefined);
    }
    expect(postsTo(s.conversation).map((p) => p.status)).toEqual([504, 504, 504, 504]);
    expect((await db.store.digestRuns.get(s.council.id, '2026-03-09T09:00'))!.postStartedAt).toBeInstanceOf(Date);
    expect(await app.digests.run({ councilId: s.council.id, slot })).toMatchObject({ status: 'posted', recovered: false });
    expect(postsTo(s.conversation).filter((p) => p.status === 200)).toHaveLength(1);
    expect(lines.some((l) => l.level === 'warn' && /teams cannot be searched for it; posting again \(at least once\)/.test(l.msg) && l.councilId === s.council.id)).toBe(true);
  });

  it('a channel whose reference was never saved pauses the council, saying how to fix it', async () => {
    const app = appOn(db.store);
    const s = await seedTeams(db.store, app);
    const other = await db.store.councils.create(s.orgId, `${s.orgId}:19:never@thread.tacv2`, 'teams');
    await db.store.councils.update(other.id, { cron: '0 9 * * 1', timeZone: 'Europe/London' });
    await expect(app.digests.run({ councilId: other.id, slot })).rejects.toMatchObject({ code: 'DigestChannelGone' });
    expect((await db.store.councils.get(other.id))!.pauseReason).toMatch(/add me to the team again, or @mention me there once/);
  });
});
