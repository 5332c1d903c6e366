import { describe, expect, it } from 'vitest';
import { DIALECTS, uniqueId, useStore } from '../helpers/databases.ts';

describe.each(DIALECTS)('councils on %s', (dialect) => {
  const ctx = useStore(dialect);

  async function orgWithTeams() {
    const o = await ctx.store.orgs.ensure({ id: uniqueId('slack:T'), platform: 'slack', name: 'Acme' });
    return { o, a: await ctx.store.teams.create(o.id, 'Alpha'), b: await ctx.store.teams.create(o.id, 'Beta') };
  }

  it('creates a council with the default schedule, once per channel', async () => {
    const { o } = await orgWithTeams();
    const channelId = `${o.id}:${uniqueId('C')}`;
    const council = await ctx.store.councils.create(o.id, channelId, 'slack');
    expect(council).toMatchObject({
      orgId: o.id, channelId, platform: 'slack', cron: '0 9 * * 1', timeZone: 'UTC', stallDays: 21, teamIds: [], treeIds: [],
    });
    expect(await ctx.store.councils.create(o.id, channelId, 'slack')).toEqual(council);
    expect(await ctx.store.councils.get(council.id)).toEqual(council);
    expect(await ctx.store.councils.forChannel(channelId)).toEqual(council);
    expect(await ctx.store.councils.forChannel('slack:T0:C0')).toBeUndefined();
    expect(await ctx.store.councils.get('no-such-council')).toBeUndefined();
  });

  it('updates only the settings given and moves updatedAt', async () => {
    const { o } = await orgWithTeams();
    const council = await ctx.store.councils.create(o.id, uniqueId('slack:C'), 'slack');
    await new Promise((r) => setTimeout(r, 3));
    const updated = await ctx.store.councils.update(council.id, { cron: '30 8 * * 2', timeZone: 'Europe/Paris' });
    expect(updated).toMatchObject({ cron: '30 8 * * 2', timeZone: 'Europe/Paris', stallDays: 21, createdAt: council.createdAt });
    expect(updated!.updatedAt.getTime()).toBeGreaterThan(council.updatedAt.getTime());
    expect(await ctx.store.councils.update(council.id, { stallDays: 14 })).toMatchObject({ cron: '30 8 * * 2', stallDays: 14 });
    expect(await ctx.store.councils.update('no-such-council', { stallDays: 3 })).toBeUndefined();
  });

  it('adds and removes covered teams, idempotently', async () => {
    const { o, a, b } = await orgWithTeams();
    const council = await ctx.store.councils.create(o.id, uniqueId('slack:C'), 'slack');
    await ctx.store.councils.addTeam(council.id, a.id);
    await ctx.store.councils.addTeam(council.id, b.id);
    await ctx.store.councils.addTeam(council.id, a.id);
    expect(await ctx.store.councils.teams(council.id)).toEqual([a.id, b.id].sort());
    await ctx.store.councils.removeTeam(council.id, a.id);
    await ctx.store.councils.removeTeam(council.id, a.id);
    expect(await ctx.store.councils.teams(council.id)).toEqual([b.id]);
    expect((await ctx.store.councils.get(council.id))!.teamIds).toEqual([b.id]);
  });

  it('replaces the trees a council follows', async () => {
    const { o } = await orgWithTeams();
    const council = await ctx.store.councils.create(o.id, uniqueId('slack:C'), 'slack');
    await ctx.store.councils.setTrees(council.id, ['cncf-adoption', 'provisioning-practices', 'cncf-adoption']);
    expect(await ctx.store.councils.trees(council.id)).toEqual(['cncf-adoption', 'provisioning-practices']);
    await ctx.store.councils.setTrees(council.id, ['cloud-native-maturity']);
    expect((await ctx.store.councils.get(council.id))!.treeIds).toEqual(['cloud-native-maturity']);
    await ctx.store.councils.setTrees(council.id, []);
    expect(await ctx.store.councils.trees(council.id)).toEqual([]);
  });

  it('lists councils of an org and of everyone, each with its teams and trees', async () => {
    const { o, a } = await orgWithTeams();
    const first = await ctx.store.councils.create(o.id, uniqueId('slack:C'), 'slack');
    const second = await ctx.store.councils.create(o.id, uniqueId('slack:C'), 'slack');
    await ctx.store.councils.addTeam(second.id, a.id);
    await ctx.store.councils.setTrees(first.id, ['cncf-adoption']);
    const other = await ctx.store.orgs.ensure({ id: uniqueId('teams:'), platform: 'teams', name: 'Contoso' });
    const third = await ctx.store.councils.create(other.id, uniqueId('teams:C'), 'teams');
    const forOrg = await ctx.store.councils.listForOrg(o.id);
    expect(forOrg.map((c) => c.id).sort()).toEqual([first.id, second.id].sort());
    expect(forOrg.find((c) => c.id === second.id)!.teamIds).toEqual([a.id]);
    expect(forOrg.find((c) => c.id === first.id)!.treeIds).toEqual(['cncf-adoption']);
    expect((await ctx.store.councils.list()).map((c) => c.id)).toEqual(expect.arrayContaining([first.id, second.id, third.id]));
  });
});

describe.each(DIALECTS)('digest runs and conversation references on %s', (dialect) => {
  const ctx = useStore(dialect);

  async function council() {
    const o = await ctx.store.orgs.ensure({ id: uniqueId('slack:T'), platform: 'slack', name: 'Acme' });
    return ctx.store.councils.create(o.id, uniqueId('slack:C'), 'slack');
  }

  it('claims a period once: the second claim gets the same run with claimed false', async () => {
    const c = await council();
    const settings = { cron: c.cron, timeZone: c.timeZone, stallDays: c.stallDays };
    const first = await ctx.store.digestRuns.claim(c.id, '2025-W10', settings);
    expect(first).toMatchObject({ claimed: true, run: { councilId: c.id, periodKey: '2025-W10', status: 'running', attempts: 1, settings } });
    const second = await ctx.store.digestRuns.claim(c.id, '2025-W10', { other: true });
    expect(second).toEqual({ claimed: false, run: first.run });
    expect(await ctx.store.digestRuns.listForCouncil(c.id)).toHaveLength(1);
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const c = await council();
    const claims = await Promise.all(Array.from({ length: 10 }, () => ctx.store.digestRuns.claim(c.id, '2025-W11', {})));
    expect(claims.filter((r) => r.claimed)).toHaveLength(1);
    expect(new Set(claims.map((r) => r.run.id)).size).toBe(1);
    expect(await ctx.store.digestRuns.listForCouncil(c.id)).toHaveLength(1);
  });

  it('marks a run posted with its reference and payload, and never overwrites a posted run', async () => {
    const c = await council();
    const { run } = await ctx.store.digestRuns.claim(c.id, '2025-W12', {});
    const posted = await ctx.store.digestRuns.markPosted(run.id, 'slack:C1:1700000000.000100', { teams: 3 });
    expect(posted).toMatchObject({ status: 'posted', postedRef: 'slack:C1:1700000000.000100', payload: { teams: 3 } });
    expect(posted!.finishedAt).toBeInstanceOf(Date);
    expect(await ctx.store.digestRuns.markPosted(run.id, 'slack:C1:other', {})).toEqual(posted);
    expect(await ctx.store.digestRuns.markFailed(run.id, new Error('late failure'))).toEqual(posted);
    expect(await ctx.store.digestRuns.claim(c.id, '2025-W12', {})).toEqual({ claimed: false, run: posted });
    expect(await ctx.store.digestRuns.get(c.id, '2025-W12')).toEqual(posted);
  });

  it('lets one retry claim a failed run again, keeping the first settings', async () => {
    const c = await council();
    const { run } = await ctx.store.digestRuns.claim(c.id, '2025-W13', { stallDays: 21 });
    const failed = await ctx.store.digestRuns.markFailed(run.id, new Error('Slack said ratelimited'));
    expect(failed).toMatchObject({ status: 'failed', error: 'Slack said ratelimited' });
    const retries = await Promise.all([1, 2, 3].map(() => ctx.store.digestRuns.claim(c.id, '2025-W13', { stallDays: 7 })));
    expect(retries.filter((r) => r.claimed)).toHaveLength(1);
    expect(retries[0]!.run).toMatchObject({ id: run.id, status: 'running', attempts: 2, settings: { stallDays: 21 } });
    expect(retries[0]!.run.error).toBeUndefined();
  });

  it('takes over a running run only once it is stale', async () => {
    const c = await council();
    const t0 = new Date('2025-03-17T09:00:00.000Z');
    await ctx.store.digestRuns.claim(c.id, '2025-W14', {}, { now: t0 });
    const soon = new Date(t0.getTime() + 60_000);
    expect((await ctx.store.digestRuns.claim(c.id, '2025-W14', {}, { now: soon, staleAfterMs: 600_000 })).claimed).toBe(false);
    const later = new Date(t0.getTime() + 700_000);
    const takeover = await ctx.store.digestRuns.claim(c.id, '2025-W14', {}, { now: later, staleAfterMs: 600_000 });
    expect(takeover).toMatchObject({ claimed: true, run: { attempts: 2, startedAt: later } });
  });

  it('lists a council\'s runs newest period first', async () => {
    const c = await council();
    for (const period of ['2025-W02', '2025-W04', '2025-W03']) await ctx.store.digestRuns.claim(c.id, period, {});
    expect((await ctx.store.digestRuns.listForCouncil(c.id)).map((r) => r.periodKey)).toEqual(['2025-W04', '2025-W03', '2025-W02']);
    expect(await ctx.store.digestRuns.listForCouncil(c.id, 1)).toHaveLength(1);
    expect(await ctx.store.digestRuns.get(c.id, '2025-W99')).toBeUndefined();
  });

  it('saves a conversation reference and keeps the latest one per channel', async () => {
    const channelId = `teams:${uniqueId('tenant')}:19:abc@thread.tacv2`;
    expect(await ctx.store.conversationRefs.get(channelId)).toBeUndefined();
    const reference = { serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: '19:abc' }, bot: { id: '28:bot' } };
    await ctx.store.conversationRefs.save({ channelId, platform: 'teams', orgId: 'teams:tenant', reference });
    expect(await ctx.store.conversationRefs.get(channelId)).toMatchObject({ channelId, platform: 'teams', orgId: 'teams:tenant', reference });
    const moved = { ...reference, serviceUrl: 'https://smba.trafficmanager.net/amer/' };
    await ctx.store.conversationRefs.save({ channelId, platform: 'teams', orgId: 'teams:tenant', reference: moved });
    const stored = await ctx.store.conversationRefs.get(channelId);
    expect(stored!.reference).toEqual(moved);
    expect(stored!.updatedAt).toBeInstanceOf(Date);
  });

  it('marks a reference gone, and a fresh save makes it usable again', async () => {
    const channelId = `teams:${uniqueId('tenant')}:19:gone@thread.tacv2`;
    expect(await ctx.store.conversationRefs.markGone(channelId, 'no such reference', new Date())).toBe(false);
    const reference = { serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: '19:gone' } };
    await ctx.store.conversationRefs.save({ channelId, platform: 'teams', orgId: 'teams:tenant', reference });
    expect((await ctx.store.conversationRefs.get(channelId))!.gone).toBeUndefined();
    const at = new Date('2025-03-01T10:00:00.000Z');
    expect(await ctx.store.conversationRefs.markGone(channelId, 'Teams said BotNotInConversationRoster', at)).toBe(true);
    expect((await ctx.store.conversationRefs.get(channelId))!.gone).toEqual({ at, reason: 'Teams said BotNotInConversationRoster' });
    await ctx.store.conversationRefs.save({ channelId, platform: 'teams', orgId: 'teams:tenant', reference });
    expect((await ctx.store.conversationRefs.get(channelId))!.gone).toBeUndefined();
  });
});
