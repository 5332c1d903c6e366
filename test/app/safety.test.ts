// Answers that protect a team's record: no change on a guess, no silent re-linking, honest council edits.
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/databases.ts';
import { useApp } from '../helpers/app.ts';

describe.each(DIALECTS)('safety on %s', (dialect) => {
  const t = useApp(dialect);
  const eventCount = async () => (await t.db.store.events.forTeam((await t.db.store.channels.teamFor('slack:T1:C-PAY'))!.id)).length;

  it('asks before changing anything on a prefix or a fragment, but shows it', async () => {
    await t.ask('team create Payments');
    for (const line of ['done containerd', 'done oci', 'done k8s']) await t.ask(line);
    const before = await eventCount();
    const prefix = await t.ask('done cil');
    expect(prefix).toMatchObject({ ok: false, error: { kind: 'DidYouMean', node: { id: 'cni-network-policy' } } });
    expect(prefix.actions).toEqual([expect.objectContaining({ command: 'done cni-network-policy' })]);
    expect((await t.ask('done ci')).ok).toBe(false);
    expect((await t.ask('show cil')).ok).toBe(true);
    expect(await eventCount()).toBe(before);
  });

  it('keeps the rest of the command in the buttons it offers', async () => {
    const skip = await t.ask('skip servce-mesh we run one service');
    expect(skip.actions).toEqual([expect.objectContaining({ command: 'skip service-mesh we run one service' })]);
    const forced = await t.ask('done security --force');
    expect(forced.error?.kind).toBe('AmbiguousNode');
    expect(forced.actions!.every((a) => a.command.endsWith(' --force'))).toBe(true);
  });

  it('start on a locked node points to the plan, and undo takes a start back', async () => {
    const locked = await t.ask('start spire');
    expect(locked.error).toMatchObject({ kind: 'Locked', verb: 'start' });
    expect(locked.text).toContain('why spiffe-spire');
    expect(locked.text).not.toContain('--force');
    await t.ask('start helm');
    expect((await t.ask('status')).nodes!['helm-charts']).toBe('in_progress');
    const undo = await t.ask('undo helm');
    expect(undo.text).toContain('no longer working on');
    expect((await t.ask('status')).nodes!['helm-charts']).toBe('available');
  });

  it('skipping a locked node does not list the node itself as unlocked', async () => {
    const r = await t.ask('skip service-mesh we run one service');
    expect(r.ok).toBe(true);
    expect(r.unlocked).not.toContain('service-mesh');
    const undo = await t.ask('undo service-mesh');
    expect(undo.text).toContain('unskip service-mesh');
  });

  it('tells an unlinked channel to link itself even when the user has a team', async () => {
    const r = await t.ask('done helm', { channel: 'C-RANDOM' });
    expect(r).toMatchObject({ ok: false, error: { kind: 'NoTeam', where: 'channel' } });
  });

  it('names the team a channel was linked to before', async () => {
    await t.ask('team create Search', { channel: 'C-SEARCH' });
    const r = await t.ask('team link payments', { channel: 'C-SEARCH' });
    expect(r.text).toContain('It was linked to Search before');
    expect(r.text).toContain('team link search');
    await t.ask('team link search', { channel: 'C-SEARCH' });
  });

  it('removing a team from a council that covers everyone lists the others explicitly', async () => {
    const admin = { channel: 'C-COUNCIL', userId: 'U-ADMIN' };
    await t.ask('council here', admin);
    const r = await t.ask('council remove Search', admin);
    expect(r.text).toMatch(/Teams: Payments/);
    const council = (await t.db.store.councils.forChannel('slack:T1:C-COUNCIL'))!;
    expect(council.teamIds).toHaveLength(1);
    expect((await t.ask('council remove Search', admin)).text).toContain('was not covered by the council; nothing changed');
    await t.ask('council add Search', admin);
  });

  it('stores the canonical time zone name', async () => {
    await t.ask('council schedule "0 9 * * 1" europe/london', { channel: 'C-COUNCIL', userId: 'U-ADMIN' });
    expect((await t.db.store.councils.forChannel('slack:T1:C-COUNCIL'))!.timeZone).toBe('Europe/London');
  });

  it('the digest follows every tree its teams track, and reports a node once', async () => {
    t.setNow(new Date('2026-06-01T12:00:00Z'));
    await t.ask('done people-build', { channel: 'C-SEARCH' });
    const digest = await t.ask('digest', { channel: 'C-COUNCIL', userId: 'U-ADMIN' });
    expect(digest.text).toMatch(/\*Search\* completed People at Build/);
    const payments = digest.text.split('\n').find((l) => l.includes('*Payments* completed'))!;
    const unlockedPart = payments.split('Now available: ')[1] ?? '';
    expect(unlockedPart).not.toContain('containerd as Default Runtime');
  });

  it('next for another team answers for that team without buttons that would record for it', async () => {
    const r = await t.ask("what's next for search?");
    expect(r.team?.name).toBe('Search');
    expect(r.actions ?? []).toEqual([]);
    expect((await t.ask('next for payments')).team?.name).toBe('Payments');
  });
});
