import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../../src/store/store.ts';
import { DIALECTS, uniqueId, useStore } from '../helpers/databases.ts';

const T0 = new Date('2025-03-03T09:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each(DIALECTS)('progress events on %s', (dialect) => {
  const ctx = useStore(dialect);

  async function team(orgId = uniqueId('slack:T'), name = 'Platform') {
    await ctx.store.orgs.ensure({ id: orgId, platform: 'slack', name: 'Acme' });
    return ctx.store.teams.create(orgId, name);
  }

  function event(t: { id: string; orgId: string }, nodeId: string, extra: Partial<NewEvent> = {}): NewEvent {
    return { orgId: t.orgId, teamId: t.id, nodeId, treeId: 'cncf-adoption', kind: 'done', actor: 'slack:U1', platform: 'slack', at: T0, ...extra };
  }

  const append = (t: { id: string; orgId: string }, e: NewEvent) => ctx.store.events.writeTeam(t.id, (tx) => tx.append(e));

  it('appends an event and reads it back with every field', async () => {
    const t = await team();
    const result = await append(t, event(t, 'runtime-security', { kind: 'skipped', force: true, reason: 'no containers', at: at(1) }));
    expect(result.recorded).toBe(true);
    expect(result.event).toEqual({
      id: expect.any(Number), orgId: t.orgId, teamId: t.id, treeId: 'cncf-adoption', nodeId: 'runtime-security',
      kind: 'skipped', at: at(1), actor: 'slack:U1', platform: 'slack', force: true, reason: 'no containers',
    });
    expect(await ctx.store.events.forTeam(t.id)).toEqual([result.event]);
  });

  it('orders by time, then by id for events of the same instant', async () => {
    const t = await team();
    await append(t, event(t, 'late', { at: at(10) }));
    await append(t, event(t, 'same-b', { at: at(5) }));
    await append(t, event(t, 'same-a', { at: at(5), kind: 'started' }));
    await append(t, event(t, 'early', { at: at(1) }));
    const events = await ctx.store.events.forTeam(t.id);
    expect(events.map((e) => e.nodeId)).toEqual(['early', 'same-b', 'same-a', 'late']);
    expect(events[1]!.id).toBeLessThan(events[2]!.id);
  });

  it('reads up to an instant, inclusive', async () => {
    const t = await team();
    for (const [node, minute] of [['a', 1], ['b', 5], ['c', 9]] as const) await append(t, event(t, node, { at: at(minute) }));
    expect((await ctx.store.events.forTeam(t.id, at(5))).map((e) => e.nodeId)).toEqual(['a', 'b']);
    expect(await ctx.store.events.forTeam(t.id, at(0))).toEqual([]);
  });

  it('records an idempotency key once and returns the earlier event the second time', async () => {
    const t = await team();
    const key = uniqueId('slack-delivery-');
    const first = await append(t, event(t, 'falco', { idempotencyKey: key }));
    const second = await append(t, event(t, 'falco', { idempotencyKey: key, at: at(3) }));
    expect(first).toMatchObject({ recorded: true, event: { idempotencyKey: key } });
    expect(second).toEqual({ recorded: false, event: first.event });
    expect(await ctx.store.events.forTeam(t.id)).toHaveLength(1);
  });

  it('groups an org\'s events by team, each in order, until an instant', async () => {
    const orgId = uniqueId('slack:T');
    const a = await team(orgId, 'Alpha');
    const b = await team(orgId, 'Beta');
    const elsewhere = await team();
    await append(b, event(b, 'b2', { at: at(4) }));
    await append(a, event(a, 'a1', { at: at(1) }));
    await append(b, event(b, 'b1', { at: at(2) }));
    await append(a, event(a, 'a-late', { at: at(60) }));
    await append(elsewhere, event(elsewhere, 'x', { at: at(1) }));
    const byTeam = await ctx.store.events.forOrg(orgId, at(30));
    expect([...byTeam.keys()].sort()).toEqual([a.id, b.id].sort());
    expect(byTeam.get(a.id)!.map((e) => e.nodeId)).toEqual(['a1']);
    expect(byTeam.get(b.id)!.map((e) => e.nodeId)).toEqual(['b1', 'b2']);
    expect((await ctx.store.events.forOrg(orgId)).get(a.id)).toHaveLength(2);
  });

  it('reads an org\'s history as the engine replays it: the same events as the full rows, lean', async () => {
    const orgId = uniqueId('slack:T');
    const a = await team(orgId, 'Alpha');
    const b = await team(orgId, 'Beta');
    const elsewhere = await team();
    await append(a, event(a, 'falco', { at: at(1), kind: 'started' }));
    await append(b, event(b, 'falco', { at: at(2), kind: 'skipped', reason: 'no clusters here' }));
    await append(a, event(a, 'falco', { at: at(2) }));
    await append(a, event(a, 'falco', { at: at(2), kind: 'undone' }));
    await append(a, event(a, 'late', { at: at(60) }));
    await append(elsewhere, event(elsewhere, 'x', { at: at(1) }));
    const lean = await ctx.store.events.historyForOrg(orgId, at(30));
    const full = await ctx.store.events.forOrg(orgId, at(30));
    expect([...lean.keys()].sort()).toEqual([a.id, b.id].sort());
    for (const [teamId, events] of full) {
      expect(lean.get(teamId)).toEqual(events.map((e) => ({ kind: e.kind, nodeId: e.nodeId, at: e.at, ...(e.reason ? { reason: e.reason } : {}) })));
    }
    expect(lean.get(a.id)!.map((e) => e.kind)).toEqual(['started', 'done', 'undone']);
    expect(lean.get(b.id)![0]).toEqual({ kind: 'skipped', nodeId: 'falco', at: at(2), reason: 'no clusters here' });
    expect((await ctx.store.events.historyForOrg(orgId)).get(a.id)).toHaveLength(4);
  });

  it('records "done twice" once when writers race on one team', async () => {
    const t = await team();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      ctx.store.events.writeTeam(t.id, async (tx) => {
        const done = (await tx.events()).some((e) => e.nodeId === 'keda' && e.kind === 'done');
        if (done) return false;
        await tx.append(event(t, 'keda', { actor: `slack:U${i}` }));
        return true;
      })));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await ctx.store.events.forTeam(t.id)).toHaveLength(1);
  });

  it('rolls back every append of a writeTeam that throws', async () => {
    const t = await team();
    await expect(ctx.store.events.writeTeam(t.id, async (tx) => {
      await tx.append(event(t, 'one'));
      throw new Error('decided otherwise');
    })).rejects.toThrow('decided otherwise');
    expect(await ctx.store.events.forTeam(t.id)).toEqual([]);
  });

  it('refuses an event of another team inside writeTeam', async () => {
    const t = await team();
    const other = await team();
    await expect(ctx.store.events.writeTeam(t.id, (tx) => tx.append(event(other, 'x')))).rejects.toThrow(/cannot append/);
  });

  it('refuses an unknown kind and an unknown team', async () => {
    const t = await team();
    await expect(append(t, event(t, 'x', { kind: 'finished' as never }))).rejects.toThrow();
    const ghost = { id: 'no-such-team', orgId: t.orgId };
    await expect(append(ghost, event(ghost, 'x'))).rejects.toThrow();
  });

  it('fails at once, instead of hanging, when the store itself is used inside writeTeam', async () => {
    const t = await team();
    await expect(ctx.store.events.writeTeam(t.id, () => ctx.store.teams.get(t.id))).rejects.toThrow(/inside a write transaction/);
    await expect(ctx.store.events.writeTeam(t.id, () => ctx.store.events.writeTeam(t.id, async () => 1))).rejects.toThrow(/inside a write transaction/);
    // And the store is still usable afterwards.
    await expect(append(t, event(t, 'after'))).resolves.toMatchObject({ recorded: true });
  });

  it('keeps writing for other teams while one team\'s writer holds its lock', async () => {
    const a = await team();
    const b = await team();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const slow = ctx.store.events.writeTeam(a.id, async (tx) => {
      await tx.append(event(a, 'slow'));
      await held;
    });
    // On Postgres team b does not wait for team a; SQLite has one writer, so b queues behind a.
    const fast = append(b, event(b, 'fast'));
    if (dialect === 'postgres') await fast;
    release();
    await Promise.all([slow, fast]);
    expect(await ctx.store.events.forTeam(a.id)).toHaveLength(1);
    expect(await ctx.store.events.forTeam(b.id)).toHaveLength(1);
  });
});
