// Answers users questioned (issue 11, items 8, 9, 11 and the small ones of 16): each input as
// they typed it, through the whole app on a real database.
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/databases.ts';
import { useApp } from '../helpers/app.ts';

describe.each(DIALECTS)('answers on %s', (dialect) => {
  const t = useApp(dialect);
  const admin = { channel: 'C-COUNCIL', userId: 'U-ADMIN' };
  const teamId = async (channel: string) => (await t.db.store.channels.teamFor(`slack:T1:${channel}`))!.id;
  const eventCount = async (channel: string) => (await t.db.store.events.forTeam(await teamId(channel))).length;
  const covered = async () => {
    const council = (await t.db.store.councils.forChannel('slack:T1:C-COUNCIL'))!;
    const teams = await t.db.store.teams.list('slack:T1');
    return council.teamIds.map((id) => teams.find((x) => x.id === id)!.name).sort();
  };

  it('sets up three teams and a council', async () => {
    await t.ask('team create Payments');
    await t.ask('team create Search', { channel: 'C-SEARCH', userId: 'U2' });
    await t.ask('team create B', { channel: 'C-B', userId: 'U3' });
    expect((await t.ask('council here', admin)).ok).toBe(true);
  });

  describe('council remove (item 8): a removed team stays out until it is added back', () => {
    it('council add B, then council remove B, does not cover every team again', async () => {
      await t.ask('council add B', admin);
      const r = await t.ask('council remove B', admin);
      expect(r.text).not.toContain('every team');
      expect(r.text).toContain('nothing changed');
      expect(await covered()).toEqual(['B']);
    });

    it('removals from "every team" narrow the list, and the last one left is kept', async () => {
      await t.ask('council add Payments', admin);
      await t.ask('council add Search', admin);
      expect((await t.ask('council remove B', admin)).text).toContain('B removed from the council');
      expect(await covered()).toEqual(['Payments', 'Search']);
      await t.ask('council remove Search', admin);
      const last = await t.ask('council remove Payments', admin);
      expect(last.text).toMatch(/only team the council covers/);
      // Neither removed team came back.
      expect(await covered()).toEqual(['Payments']);
      await t.ask('council add B', admin);
      expect(await covered()).toEqual(['B', 'Payments']);
    });

    it('says so when adding a first team narrows a council that covered everyone', async () => {
      await t.ask('council here', { channel: 'C-COUNCIL2', userId: 'U-ADMIN' });
      const r = await t.ask('council add Search', { channel: 'C-COUNCIL2', userId: 'U-ADMIN' });
      expect(r.text).toContain('from now on it covers only the teams listed');
    });
  });

  describe('undo (item 9) lists only nodes whose state changed', () => {
    it('undo k8s names what was available and is locked again, not what never was available', async () => {
      for (const line of ['done containerd', 'done oci', 'done k8s']) expect((await t.ask(line)).ok).toBe(true);
      const r = await t.ask('undo k8s');
      const relocked = r.text.split('\n').find((l) => l.startsWith('Locked again:'))!;
      for (const title of ['Helm Charts', 'Production Ingress Controller', 'CNI with NetworkPolicy', 'Prometheus + Grafana', 'Runtime Security (Falco)']) {
        expect(relocked).toContain(title);
      }
      expect(relocked).not.toContain('Argo CD');
      expect(relocked).not.toContain('Knative');
      expect(r.text).not.toContain('Heads-up');
    });

    it('names a dependant that is done as out of order, in the right grammatical number', async () => {
      await t.ask('done k8s');
      await t.ask('done helm');
      const one = await t.ask('undo k8s');
      expect(one.text).toContain('*Helm Charts for Releasable Units* depends on it and now shows as out of order.');
      expect(one.text).not.toContain('Locked again: Helm');
      // Already out of order before the undo: not named again.
      await t.ask('done ingress --force');
      await t.ask('done k8s');
      const two = await t.ask('undo k8s');
      expect(two.text).toMatch(/\*Helm Charts for Releasable Units\*, \*Production Ingress Controller\* depend on it and now show as out of order\./);
      await t.ask('done k8s');
    });
  });

  describe("matching prefers the team's trees (item 11)", () => {
    it('done security offers only nodes of the tracked tree', async () => {
      const before = await eventCount('C-PAY');
      const r = await t.ask('done security');
      expect(r.error?.kind).toBe('AmbiguousNode');
      expect(r.actions!.map((a) => a.command).sort()).toEqual(['done registry-auth', 'done runtime-security']);
      expect(await eventCount('C-PAY')).toBe(before);
    });

    it("another tree's node is offered with its tree named and a word that recording it adds the tree", async () => {
      const before = await eventCount('C-PAY');
      const r = await t.ask('done people at build');
      expect(r.error).toMatchObject({ kind: 'DidYouMean', node: { id: 'people-build', tree: 'Cloud Native Maturity Model' }, addsTree: true });
      expect(r.text).toContain('is in the Cloud Native Maturity Model tree, which your team does not track yet: recording it adds that tree to the team');
      expect(r.actions).toEqual([expect.objectContaining({ label: expect.stringContaining('(adds Cloud Native Maturity Model)'), command: 'done people-build' })]);
      expect(await eventCount('C-PAY')).toBe(before);
      expect(await t.db.store.teamTrees.list(await teamId('C-PAY'))).toEqual(['cncf-adoption']);
    });

    it('an exact name of another tree is still confirmed; its id records and says the tree was added', async () => {
      const title = await t.ask('done People at Build: Aligned Leaders, Learning Team');
      expect(title.error).toMatchObject({ kind: 'DidYouMean', exact: true, addsTree: true });
      const r = await t.ask('done people-build');
      expect(r.ok).toBe(true);
      expect(r.text).toContain('*Payments* now tracks *Cloud Native Maturity Model* too');
      expect(await t.db.store.teamTrees.list(await teamId('C-PAY'))).toEqual(['cncf-adoption', 'cloud-native-maturity']);
    });

    it('show names the tree of a node the team does not track, and its buttons say they add it', async () => {
      const r = await t.ask('show security-compliance-split');
      expect(r.text).toMatch(/Tree: Provisioning Practices, which Payments does not track yet/);
      expect(r.actions!.map((a) => a.label)).toContain('Mark done (adds Provisioning Practices)');
    });

    it('names the trees of suggestions from untracked trees', async () => {
      const r = await t.ask('done qwertyuiop budget');
      expect(r.error?.kind).toBe('UnknownNode');
      expect(r.text).toContain('`security-budget-plan`, in Provisioning Practices');
      expect(r.actions).toContainEqual({ label: 'Budget for Security Maturity (Provisioning Practices)', command: 'show security-budget-plan' });
      expect(r.actions).toContainEqual({ label: 'Production Ingress Controller', command: 'show ingress-controller' });
    });
  });

  it('understands plain requests (item 12) through the whole app', async () => {
    expect((await t.ask("we've got otel running")).error).toMatchObject({ kind: 'Locked', node: { id: 'opentelemetry' } });
    expect((await t.ask('can you undo falco')).error).toMatchObject({ kind: 'NotDone', node: { id: 'runtime-security' } });
    expect((await t.ask('mark opa as done')).error).toMatchObject({ kind: 'Locked', node: { id: 'policy-as-code' } });
  });

  describe('small ones (item 16)', () => {
    it("next for another team says that team's earliest open tier, never yours", async () => {
      const r = await t.ask('next Search');
      expect(r.team?.name).toBe('Search');
      const reasons = r.suggestions!.flatMap((s) => s.reasons).join('\n');
      expect(reasons).toContain("Search's earliest open tier");
      expect(reasons).not.toMatch(/\byour\b/);
      expect((await t.ask('next')).suggestions!.flatMap((s) => s.reasons).join('\n')).toContain('your earliest open tier');
    });

    it('team link from the CLI without a channel says it needs one', async () => {
      const r = await t.app.ask({ platform: 'cli', orgId: 'cli:acme', userId: 'u1', isDirect: true }, 'team link Payments');
      expect(r.error).toMatchObject({ kind: 'NeedsChannel', command: 'team link' });
      expect(r.text).toContain('--channel');
      expect(r.text).not.toMatch(/don't know the command/);
      const dm = await t.ask('team link Payments', { isDirect: true });
      expect(dm.text).toContain('team join <team>');
    });

    it('counts take the right plural', async () => {
      const digest = await t.ask('digest', { channel: 'C-ELSEWHERE', userId: 'U-ADMIN' });
      expect(digest.text).toContain('Covers 3 teams');
      const single = await t.ask('digest', { channel: 'C-COUNCIL2', userId: 'U-ADMIN' });
      expect(single.text).toContain('Covers 1 team:');
      expect(single.text).not.toContain('(s)');
      expect((await t.ask('trees')).text).toMatch(/23 capabilities in 4 tiers and 6 tracks/);
    });
  });
});
