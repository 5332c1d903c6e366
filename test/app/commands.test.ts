import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/databases.ts';
import { catalog, useApp } from '../helpers/app.ts';

describe.each(DIALECTS)('commands on %s', (dialect) => {
  const t = useApp(dialect);
  const events = async () => (await t.db.store.events.forTeam((await t.db.store.channels.teamFor('slack:T1:C-PAY'))!.id)).length;

  it('tells an unlinked channel how to link it', async () => {
    const r = await t.ask('next');
    expect(r).toMatchObject({ ok: false, error: { kind: 'NoTeam', where: 'channel' } });
    expect(r.text).toContain('team link <team>');
  });

  it('creates a team, links the channel and starts on the default tree', async () => {
    const r = await t.ask('team create Payments');
    expect(r).toMatchObject({ ok: true, visibility: 'channel', team: { name: 'Payments' } });
    const again = await t.ask('team create payments', { channel: 'C-OTHER' });
    expect(again).toMatchObject({ ok: false, error: { kind: 'TeamExists', name: 'Payments', slug: 'payments' } });
    // The team is named as it was created, not as this command spelled it.
    expect(again.text).toContain('A team called Payments already exists. Type `team link payments` to link this channel to it');
    expect((await t.ask('status')).nodes!['containerd-runtime']).toBe('available');
  });

  it('done records, says what it unlocked, and offers undo', async () => {
    await t.ask('done containerd');
    const r = await t.ask('done oci-images', { key: 'slack:delivery-0' });
    expect(r.ok).toBe(true);
    expect(r.unlocked).toEqual(expect.arrayContaining(['registry-auth', 'kubernetes-cluster']));
    expect(r.text).toContain('Payments completed OCI-Compliant Images');
    expect(r.actions).toEqual(expect.arrayContaining([{ label: 'Undo', command: 'undo oci-images', style: 'danger' }]));
  });

  it('done twice says it is done and records nothing', async () => {
    const before = await events();
    const r = await t.ask('done oci-images');
    expect(r).toMatchObject({ ok: false, error: { kind: 'AlreadyDone' } });
    expect(await events()).toBe(before);
  });

  it('the same idempotency key twice records once', async () => {
    const before = await events();
    await t.ask('done oci-images', { key: 'slack:delivery-0' });
    await t.ask('undo oci-images');
    // The first delivery of "done" is replayed after the undo: it must not record again.
    const replayed = await t.ask('done oci-images', { key: 'slack:delivery-0' });
    expect(replayed.text).toContain('already recorded');
    expect(await events()).toBe(before + 1);
    expect((await t.ask('status')).nodes!['oci-images']).toBe('available');
    await t.ask('done oci-images');
  });

  it('refuses a locked node, names the missing prerequisites and offers "mark anyway"', async () => {
    const before = await events();
    const r = await t.ask('done falco');
    expect(r).toMatchObject({ ok: false, error: { kind: 'Locked', missing: [{ id: 'kubernetes-cluster' }] } });
    expect(r.actions).toEqual(expect.arrayContaining([expect.objectContaining({ label: 'Mark anyway', command: 'done runtime-security --force' })]));
    expect(await events()).toBe(before);
  });

  it('done --force counts as done and shows as out of order', async () => {
    const r = await t.ask('done falco --force');
    expect(r.ok).toBe(true);
    expect(r.text).toContain('out of order');
    const s = await t.ask('status');
    expect(s.nodes!['runtime-security']).toBe('done');
    expect(s.text).toContain('Out of order');
  });

  it('undo of a node others depend on warns and names them', async () => {
    await t.ask('done k8s');
    await t.ask('done helm');
    const r = await t.ask('undo kubernetes-cluster');
    expect(r.ok).toBe(true);
    expect(r.text).toMatch(/Helm Charts for Releasable Units.*depend/);
    expect((await t.ask('status')).nodes!['kubernetes-cluster']).toBe('available');
    await t.ask('done k8s');
  });

  it('undo of something not done says so', async () => {
    expect(await t.ask('undo crossplane')).toMatchObject({ ok: false, error: { kind: 'NotDone' } });
  });

  it('skip needs a reason, takes multi-word names, and unskip brings it back', async () => {
    expect(await t.ask('skip argo rollouts')).toMatchObject({ ok: false, error: { kind: 'MissingReason' } });
    await t.ask('done prometheus');
    await t.ask('done argocd');
    const r = await t.ask('skip argo rollouts we ship once a quarter');
    expect(r.ok).toBe(true);
    expect(r.text).toContain('"we ship once a quarter"');
    expect((await t.ask('status')).nodes!['progressive-delivery']).toBe('skipped');
    expect((await t.ask('unskip progressive-delivery')).ok).toBe(true);
    expect((await t.ask('status')).nodes!['progressive-delivery']).toBe('available');
  });

  it('next returns ranked suggestions with reasons and buttons', async () => {
    const r = await t.ask("what's next for my team?");
    expect(r.ok).toBe(true);
    expect(r.suggestions!.length).toBeGreaterThan(0);
    for (const s of r.suggestions!) expect(s.reasons.length).toBeGreaterThan(0);
    expect(r.actions![0]).toMatchObject({ command: `done ${r.suggestions![0]!.node}` });
  });

  it('show includes steps, effort, prerequisites, unlocks and peers', async () => {
    await t.ask('team create Search', { channel: 'C-SEARCH', userId: 'U2' });
    await t.ask('done containerd', { channel: 'C-SEARCH', userId: 'U2' });
    const r = await t.ask('show containerd');
    expect(r.text).toContain('Steps');
    expect(r.text).toMatch(/Effort.*person-weeks/);
    expect(r.text).toContain('Production Kubernetes Cluster');
    expect(r.text).toMatch(/Teams that did it\*\nSearch/);
  });

  it('why gives the plan in order', async () => {
    const r = await t.ask('why is spire locked?');
    expect(r.ok).toBe(true);
    expect(r.text.indexOf('Service Mesh')).toBeGreaterThan(r.text.indexOf('CNI with NetworkPolicy'));
  });

  it.each([
    ['EmptyCommand', ''],
    ['BadCommand', 'frobnicate the cluster'],
    ['MissingArgument', 'done'],
    ['UnknownNode', 'done quantum-teleporter'],
    ['AmbiguousNode', 'done security'],
    ['DidYouMean', 'done falcoo'],
    ['TooLong', 'x'.repeat(5000)],
    ['UnknownTeam', 'status Nonexistent Team'],
    ['MissingArgument', 'team link'],
    ['NotAllowed', 'council stall 9'],
  ])('bad input gets a clear answer: %s', async (kind, input) => {
    const before = await events();
    const r = await t.ask(input);
    expect(r).toMatchObject({ ok: false, error: { kind } });
    expect(r.text.length).toBeGreaterThan(20);
    expect(await events()).toBe(before);
  });

  it('binary input is cleaned, not crashed on', async () => {
    const r = await t.ask('\u0000\u0001\u0002\u00ff\ufffd');
    expect(r.ok).toBe(false);
    expect(r.error?.kind).toMatch(/BadCommand|EmptyCommand/);
  });

  it('a typo is shown but not acted on without confirmation', async () => {
    const show = await t.ask('show falcoo');
    expect(show.ok).toBe(true);
    const done = await t.ask('done keda2');
    expect(done.ok).toBe(false);
  });

  it("another org's team is invisible", async () => {
    const r = await t.ask('status Payments', { orgId: 'slack:T-OTHER', channel: 'C9' });
    expect(r).toMatchObject({ ok: false, error: { kind: 'UnknownTeam' } });
  });

  it('council settings are for admins only', async () => {
    const r = await t.ask('council here', { channel: 'C-COUNCIL', userId: 'U-NOBODY' });
    expect(r).toMatchObject({ ok: false, error: { kind: 'NotAllowed' } });
    expect(await t.db.store.councils.forChannel('slack:T1:C-COUNCIL')).toBeUndefined();
    const ok = await t.ask('council here', { channel: 'C-COUNCIL', userId: 'U-ADMIN' });
    expect(ok.ok).toBe(true);
    const slackAdmin = await t.ask('council stall 14', { channel: 'C-COUNCIL', userId: 'U-WS', isPlatformAdmin: true });
    expect(slackAdmin.ok).toBe(true);
    expect((await t.ask('council stall 7', { channel: 'C-COUNCIL', userId: 'U-NOBODY' })).error?.kind).toBe('NotAllowed');
    expect((await t.db.store.councils.forChannel('slack:T1:C-COUNCIL'))!.stallDays).toBe(14);
  });

  it('council schedule validates cron and time zone', async () => {
    const admin = { channel: 'C-COUNCIL', userId: 'U-ADMIN' };
    expect((await t.ask('council schedule "0 9 * * 99" UTC', admin)).error?.kind).toBe('BadCron');
    expect((await t.ask('council schedule "0 9 * * 1" Mars/Olympus', admin)).error?.kind).toBe('BadTimeZone');
    const r = await t.ask('council schedule "30 8 * * mon" Europe/London', admin);
    expect(r.ok).toBe(true);
    expect(await t.db.store.councils.forChannel('slack:T1:C-COUNCIL')).toMatchObject({ cron: '30 8 * * mon', timeZone: 'Europe/London' });
    expect((await t.ask('council add Search', admin)).ok).toBe(true);
    expect((await t.db.store.councils.forChannel('slack:T1:C-COUNCIL'))!.teamIds).toHaveLength(1);
    expect((await t.ask('council add Payments', admin)).ok).toBe(true);
    expect((await t.ask('council remove Search', admin)).ok).toBe(true);
    expect((await t.db.store.councils.forChannel('slack:T1:C-COUNCIL'))!.teamIds).toHaveLength(1);
  });

  it('digest previews progress and stalls', async () => {
    t.setNow(new Date('2026-06-02T10:00:00Z'));
    const r = await t.ask('digest', { channel: 'C-COUNCIL', userId: 'U-ADMIN' });
    expect(r.ok).toBe(true);
    expect(r.text).toMatch(/\*Payments\* completed /);
    expect(r.visibility).toBe('ephemeral');
  });

  it('team join lets a DM act for the team; trees and help answer', async () => {
    expect((await t.ask('next', { isDirect: true, userId: 'U-NEW' })).error?.kind).toBe('NoTeam');
    expect((await t.ask('team join payments', { isDirect: true, userId: 'U-NEW' })).ok).toBe(true);
    expect((await t.ask('next', { isDirect: true, userId: 'U-NEW' })).team?.name).toBe('Payments');
    expect((await t.ask('trees')).text).toContain('cloud-native-maturity');
    expect((await t.ask('help')).text).toContain('done <node> [--force]');
    expect((await t.ask('tree')).text).toContain('Containerise');
  });

  it('understands plain questions', async () => {
    expect((await t.ask('how are we doing?')).nodes).toBeDefined();
    expect((await t.ask('we finished the cni')).text).toContain('completed CNI with NetworkPolicy');
  });
  it('team create run again with its delivery key (recovery after a crash) finishes the one team it made', async () => {
    const { store } = t.db;
    // The first run died right after creating the team: no tree tracked, no channel linked yet.
    const made = await store.teams.create('slack:T1', 'Ledger', 'slack:T1:command:ledger-1');
    const r = await t.ask('team create Ledger', { channel: 'C-LEDGER', key: 'slack:T1:command:ledger-1' });
    expect(r).toMatchObject({ ok: true, title: 'Team Ledger created', team: { id: made.id } });
    expect((await store.channels.teamFor('slack:T1:C-LEDGER'))?.id).toBe(made.id);
    expect(await store.teamTrees.list(made.id)).toEqual([catalog.defaultTreeId]);
    // Once more with the same key: the same answer, still one team.
    expect(await t.ask('team create Ledger', { channel: 'C-LEDGER', key: 'slack:T1:command:ledger-1' })).toMatchObject({ ok: true, team: { id: made.id } });
    expect((await store.teams.list('slack:T1')).filter((x) => x.slug === 'ledger')).toHaveLength(1);
    // Another command asking for the same name is told it exists.
    expect(await t.ask('team create Ledger', { channel: 'C-ELSE', key: 'slack:T1:command:ledger-2' })).toMatchObject({ ok: false, error: { kind: 'TeamExists' } });
    expect(await store.channels.teamFor('slack:T1:C-ELSE')).toBeUndefined();
  });
});
