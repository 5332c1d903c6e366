// Who may change which team's progress and which council's settings (issue 13, item 6): across
// orgs and platforms, through app.ask as the adapters call it, with forged ids included.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/app/conversation.ts';
import type { Team } from '../../src/store/store.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { useApp } from '../helpers/app.ts';

const slackT1 = (o: Partial<Conversation>): Conversation => ({ platform: 'slack', orgId: 'slack:T1', userId: 'U1', ...o });
const slackT2 = (o: Partial<Conversation>): Conversation => ({ platform: 'slack', orgId: 'slack:T2', userId: 'V1', ...o });
const teamsA = (o: Partial<Conversation>): Conversation => ({ platform: 'teams', orgId: 'teams:tenant-a', userId: '29:alice', ...o });
const cli = (o: Partial<Conversation>): Conversation => ({ platform: 'cli', orgId: 'cli:acme', userId: 'cli-user', isDirect: true, ...o });

describe.each(DIALECTS)('authorization on %s', (dialect) => {
  // U-OPS is an admin on every platform; slack:U-SLACKOPS only on Slack.
  const t = useApp(dialect, { admins: ['U-OPS', 'slack:U-SLACKOPS'] });
  const teams = new Map<string, Team>();
  const must = async (conv: Conversation, text: string) => {
    const r = await t.app.ask(conv, text);
    if (!r.ok) throw new Error(`setup "${text}" failed: ${r.text}`);
    return r;
  };

  beforeAll(async () => {
    const made = async (key: string, conv: Conversation, name: string) => teams.set(key, (await t.db.store.teams.get((await must(conv, `team create ${name}`)).team!.id))!);
    await made('T1/Payments', slackT1({ channelId: 'slack:T1:C-PAY' }), 'Payments');
    await made('T1/Search', slackT1({ channelId: 'slack:T1:C-SEARCH', userId: 'U2' }), 'Search');
    await made('T2/Payments', slackT2({ channelId: 'slack:T2:C-PAY' }), 'Payments');
    await made('A/Ops', teamsA({ channelId: 'teams:tenant-a:19:ops' }), 'Ops');
    await made('acme/Cli', cli({}), 'Cli');
    await must(slackT1({ channelId: 'slack:T1:C-COUNCIL', userId: 'U-OPS' }), 'council here');
    await must(slackT2({ channelId: 'slack:T2:C-COUNCIL', userId: 'V-ADMIN', isPlatformAdmin: true }), 'council here');
    await must(teamsA({ channelId: 'teams:tenant-a:19:council', userId: '29:boss', isPlatformAdmin: true }), 'council here');
  });

  /** The team (by key) whose events include `nodeId`, if any. */
  async function whoRecorded(nodeId: string): Promise<string[]> {
    const found: string[] = [];
    for (const [key, team] of teams) if ((await t.db.store.events.forTeam(team.id)).some((e) => e.nodeId === nodeId)) found.push(key);
    return found;
  }

  // Each row records a different node with `done <node> --force`, so each row's effect is its own.
  const progress: [string, () => Conversation, string | { refused: string }][] = [
    ['a member in their team channel', () => slackT1({ channelId: 'slack:T1:C-PAY' }), 'T1/Payments'],
    ["another team's member in that channel: the channel decides", () => slackT1({ channelId: 'slack:T1:C-PAY', userId: 'U2' }), 'T1/Payments'],
    ['a member in a DM', () => slackT1({ channelId: 'slack:T1:D1', isDirect: true }), 'T1/Payments'],
    ['someone on no team, in a DM', () => slackT1({ channelId: 'slack:T1:D9', isDirect: true, userId: 'U9' }), { refused: 'NoTeam' }],
    ['a member in a channel linked to no team', () => slackT1({ channelId: 'slack:T1:C-RANDOM' }), { refused: 'NoTeam' }],
    ['the same team name in another workspace', () => slackT2({ channelId: 'slack:T2:C-PAY' }), 'T2/Payments'],
    ["another workspace naming this workspace's channel", () => slackT2({ channelId: 'slack:T1:C-PAY' }), { refused: 'NoTeam' }],
    ["another workspace naming this workspace's team id", () => slackT2({ channelId: 'slack:T2:D1', isDirect: true, teamId: teams.get('T1/Payments')!.id }), 'T2/Payments'],
    ['a Teams member in their team channel', () => teamsA({ channelId: 'teams:tenant-a:19:ops' }), 'A/Ops'],
    ['a Teams tenant naming a Slack channel', () => teamsA({ channelId: 'slack:T1:C-PAY' }), { refused: 'NoTeam' }],
    ['the CLI naming a Slack team id', () => cli({ userId: 'nobody', teamId: teams.get('T1/Payments')!.id }), { refused: 'NoTeam' }],
    ['the CLI with its own team', () => cli({ teamId: teams.get('acme/Cli')!.id }), 'acme/Cli'],
  ];
  const nodes = ['containerd-runtime', 'oci-images', 'registry-auth', 'kubernetes-cluster', 'helm-charts', 'ingress-controller', 'cni-network-policy', 'prometheus-grafana', 'gitops-bootstrap', 'log-aggregation', 'opentelemetry', 'policy-as-code'];

  it.each(progress.map((row, k) => [...row, nodes[k]!] as const))('progress: %s', async (_who, conv, expected, nodeId) => {
    const r = await t.app.ask(conv(), `done ${nodeId} --force`);
    if (typeof expected === 'string') {
      expect(r.ok).toBe(true);
      expect(await whoRecorded(nodeId)).toEqual([expected]);
    } else {
      expect(r.error?.kind).toBe(expected.refused);
      expect(await whoRecorded(nodeId)).toEqual([]);
    }
  });

  it.each([
    ['next Payments', () => teamsA({ channelId: 'teams:tenant-a:19:ops' })],
    ['status Payments', () => cli({ teamId: teams.get('acme/Cli')!.id })],
    ['team join Payments', () => teamsA({ channelId: 'teams:tenant-a:D1', isDirect: true })],
    ['team link Payments', () => teamsA({ channelId: 'teams:tenant-a:19:new' })],
    ['council add Payments', () => teamsA({ channelId: 'teams:tenant-a:19:council', userId: '29:boss', isPlatformAdmin: true })],
  ])("%s: another org's team is invisible", async (text, conv) => {
    expect((await t.app.ask(conv(), text)).error?.kind).toBe('UnknownTeam');
    expect(await t.db.store.channels.teamFor('teams:tenant-a:19:new')).toBeUndefined();
  });

  it("reading another team of the org is allowed, but offers no button that records for it", async () => {
    const r = await t.app.ask(slackT1({ channelId: 'slack:T1:C-PAY' }), 'next Search');
    expect(r.team?.name).toBe('Search');
    expect(r.actions ?? []).toEqual([]);
  });

  // Each row sets a different stall threshold, so what changed tells who was allowed.
  const council: [string, Conversation, string, 'ok' | string][] = [
    ['an admin listed by id', slackT1({ channelId: 'slack:T1:C-COUNCIL', userId: 'U-OPS' }), 'slack:T1:C-COUNCIL', 'ok'],
    ['an admin listed as slack:id', slackT1({ channelId: 'slack:T1:C-COUNCIL', userId: 'U-SLACKOPS' }), 'slack:T1:C-COUNCIL', 'ok'],
    ['a workspace admin of this workspace', slackT1({ channelId: 'slack:T1:C-COUNCIL', userId: 'U7', isPlatformAdmin: true }), 'slack:T1:C-COUNCIL', 'ok'],
    ['a member who is no admin', slackT1({ channelId: 'slack:T1:C-COUNCIL' }), 'slack:T1:C-COUNCIL', 'NotAllowed'],
    ["another workspace's admin naming this council's channel", slackT2({ channelId: 'slack:T1:C-COUNCIL', userId: 'V-ADMIN', isPlatformAdmin: true }), 'slack:T1:C-COUNCIL', 'NoCouncil'],
    ['a Slack-only admin id on Teams', teamsA({ channelId: 'teams:tenant-a:19:council', userId: 'U-SLACKOPS' }), 'teams:tenant-a:19:council', 'NotAllowed'],
    ['an admin id listed without a platform, on Teams', teamsA({ channelId: 'teams:tenant-a:19:council', userId: 'U-OPS' }), 'teams:tenant-a:19:council', 'ok'],
    ['a Teams tenant admin', teamsA({ channelId: 'teams:tenant-a:19:council', userId: '29:boss', isPlatformAdmin: true }), 'teams:tenant-a:19:council', 'ok'],
    ['a Teams member who is no admin', teamsA({ channelId: 'teams:tenant-a:19:council' }), 'teams:tenant-a:19:council', 'NotAllowed'],
    ["a Teams tenant admin naming a Slack council's channel", teamsA({ channelId: 'slack:T2:C-COUNCIL', userId: '29:boss', isPlatformAdmin: true }), 'slack:T2:C-COUNCIL', 'NoCouncil'],
  ];

  it.each(council.map((row, k) => [...row, 30 + k] as const))('council settings: %s', async (_who, conv, channelId, expected, days) => {
    const before = (await t.db.store.councils.forChannel(channelId))!;
    const r = await t.app.ask(conv, `council stall ${days}`);
    const after = (await t.db.store.councils.forChannel(channelId))!;
    if (expected === 'ok') {
      expect(r.ok).toBe(true);
      expect(after.stallDays).toBe(days);
    } else {
      expect(r.error?.kind).toBe(expected);
      expect(after).toEqual(before);
    }
  });

  it.each([
    ['council schedule "0 8 * * 2" UTC'],
    ['council add Search'],
    ['council remove Payments'],
  ])('every council change is refused to a member who is no admin: %s', async (text) => {
    const before = await t.db.store.councils.forChannel('slack:T1:C-COUNCIL');
    const r = await t.app.ask(slackT1({ channelId: 'slack:T1:C-COUNCIL', userId: 'U2' }), text);
    expect(r.error?.kind).toBe('NotAllowed');
    expect(await t.db.store.councils.forChannel('slack:T1:C-COUNCIL')).toEqual(before);
  });

  it('no one but an admin makes a channel a council channel', async () => {
    const r = await t.app.ask(slackT1({ channelId: 'slack:T1:C-NEW' }), 'council here');
    expect(r.error?.kind).toBe('NotAllowed');
    expect(await t.db.store.councils.forChannel('slack:T1:C-NEW')).toBeUndefined();
    expect((await t.app.ask(cli({ channelId: 'cli:acme:council', isDirect: false, isPlatformAdmin: true }), 'council here')).ok).toBe(true);
  });
});
