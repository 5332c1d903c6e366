import { describe, expect, it } from 'vitest';
import { isStoreError } from '../../src/store/store.ts';
import { DIALECTS, uniqueId, useStore } from '../helpers/databases.ts';

describe.each(DIALECTS)('orgs and teams on %s', (dialect) => {
  const ctx = useStore(dialect);

  async function org(name = 'Acme') {
    return ctx.store.orgs.ensure({ id: uniqueId('slack:T'), platform: 'slack', name });
  }

  it('ensures an org once and follows a rename', async () => {
    const first = await org('Acme');
    const again = await ctx.store.orgs.ensure({ id: first.id, platform: 'slack', name: 'Acme Corp' });
    expect(again).toEqual({ ...first, name: 'Acme Corp' });
    expect(await ctx.store.orgs.get(first.id)).toEqual(again);
    expect(await ctx.store.orgs.get('slack:Tnobody')).toBeUndefined();
  });

  it('creates a team with a kebab-case slug and a uuid', async () => {
    const o = await org();
    const before = Date.now();
    const team = await ctx.store.teams.create(o.id, '  Platform Team ');
    expect(team).toMatchObject({ orgId: o.id, slug: 'platform-team', name: 'Platform Team' });
    expect(team.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(team.createdAt.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(await ctx.store.teams.get(team.id)).toEqual(team);
  });

  it('refuses a second team with the same slug in one org, with code Conflict', async () => {
    const o = await org();
    await ctx.store.teams.create(o.id, 'Data Platform');
    const error = await ctx.store.teams.create(o.id, 'data-platform').catch((e: unknown) => e);
    expect(isStoreError(error, 'Conflict')).toBe(true);
    expect(await ctx.store.teams.list(o.id)).toHaveLength(1);
    // Another org may use the same name.
    const other = await org();
    await expect(ctx.store.teams.create(other.id, 'Data Platform')).resolves.toMatchObject({ slug: 'data-platform' });
  });

  it('with an idempotency key, a second create of the same team returns it; another key, or none, is a Conflict', async () => {
    const o = await org();
    const first = await ctx.store.teams.create(o.id, 'Ledger', 'slack:T1:command:1');
    expect(await ctx.store.teams.create(o.id, ' ledger ', 'slack:T1:command:1')).toEqual(first);
    for (const key of ['slack:T1:command:2', undefined]) {
      const error = await ctx.store.teams.create(o.id, 'Ledger', key).catch((e: unknown) => e);
      expect(isStoreError(error, 'Conflict')).toBe(true);
    }
    // A team made before the key was kept (created_by_key null) is never taken for a retry.
    const old = await ctx.store.teams.create(o.id, 'Archive');
    await expect(ctx.store.teams.create(o.id, 'Archive', 'slack:T1:command:3')).rejects.toMatchObject({ code: 'Conflict' });
    expect((await ctx.store.teams.list(o.id)).map((t) => t.id).sort()).toEqual([first.id, old.id].sort());
  });

  it('finds a team by slug or name case-insensitively, only in its own org', async () => {
    const o = await org();
    const team = await ctx.store.teams.create(o.id, 'Équipe Données');
    for (const text of ['equipe-donnees', 'EQUIPE-DONNEES', 'équipe données', 'ÉQUIPE DONNÉES', ' Equipe Donnees ']) {
      expect(await ctx.store.teams.findBySlugOrName(o.id, text), text).toEqual(team);
    }
    expect(await ctx.store.teams.findBySlugOrName(o.id, 'equipe')).toBeUndefined();
    expect(await ctx.store.teams.findBySlugOrName(o.id, '!!!')).toBeUndefined();
    const other = await org();
    expect(await ctx.store.teams.findBySlugOrName(other.id, 'equipe-donnees')).toBeUndefined();
  });

  it('lists the teams of one org by slug', async () => {
    const o = await org();
    await ctx.store.teams.create(o.id, 'Web');
    await ctx.store.teams.create(o.id, 'Api');
    await ctx.store.teams.create((await org()).id, 'Elsewhere');
    expect((await ctx.store.teams.list(o.id)).map((t) => t.slug)).toEqual(['api', 'web']);
  });

  it('rejects a name without letters or digits as a bug, not a conflict', async () => {
    const o = await org();
    await expect(ctx.store.teams.create(o.id, ' -- ')).rejects.toThrow(RangeError);
  });
});

describe.each(DIALECTS)('channels, members and team trees on %s', (dialect) => {
  const ctx = useStore(dialect);

  async function twoTeams() {
    const o = await ctx.store.orgs.ensure({ id: uniqueId('teams:'), platform: 'teams', name: 'Contoso' });
    return { o, a: await ctx.store.teams.create(o.id, 'Alpha'), b: await ctx.store.teams.create(o.id, 'Beta') };
  }

  it('links a channel to a team, and re-linking replaces the team', async () => {
    const { o, a, b } = await twoTeams();
    const channelId = `${o.id}:${uniqueId('C')}`;
    expect(await ctx.store.channels.teamFor(channelId)).toBeUndefined();
    await ctx.store.channels.link({ channelId, orgId: o.id, teamId: a.id, linkedBy: 'U1' });
    expect(await ctx.store.channels.teamFor(channelId)).toEqual(a);
    await ctx.store.channels.link({ channelId, orgId: o.id, teamId: b.id, linkedBy: 'U2' });
    expect(await ctx.store.channels.teamFor(channelId)).toEqual(b);
  });

  it('keeps one team per member and org; joining another replaces it', async () => {
    const { o, a, b } = await twoTeams();
    expect(await ctx.store.members.teamFor(o.id, 'U1')).toBeUndefined();
    await ctx.store.members.join(o.id, 'U1', a.id);
    await ctx.store.members.join(o.id, 'U2', a.id);
    expect(await ctx.store.members.teamFor(o.id, 'U1')).toEqual(a);
    await ctx.store.members.join(o.id, 'U1', b.id);
    expect(await ctx.store.members.teamFor(o.id, 'U1')).toEqual(b);
    expect(await ctx.store.members.teamFor(o.id, 'U2')).toEqual(a);
    expect(await ctx.store.members.teamFor('teams:other', 'U1')).toBeUndefined();
  });

  it('refuses to link or join a team that does not exist', async () => {
    const { o } = await twoTeams();
    await expect(ctx.store.members.join(o.id, 'U9', 'no-such-team')).rejects.toThrow();
    await expect(ctx.store.channels.link({ channelId: uniqueId('C'), orgId: o.id, teamId: 'no-such-team', linkedBy: 'U9' })).rejects.toThrow();
  });

  it('adds trees to a team once each, in the order added', async () => {
    const { a, b } = await twoTeams();
    await ctx.store.teamTrees.add(a.id, 'cncf-adoption');
    await new Promise((r) => setTimeout(r, 3));
    await ctx.store.teamTrees.add(a.id, 'cloud-native-maturity');
    await ctx.store.teamTrees.add(a.id, 'cncf-adoption');
    expect(await ctx.store.teamTrees.list(a.id)).toEqual(['cncf-adoption', 'cloud-native-maturity']);
    expect(await ctx.store.teamTrees.list(b.id)).toEqual([]);
  });
});
