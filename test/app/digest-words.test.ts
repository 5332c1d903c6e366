// The digest as a council lead reads it: each team's line is a sentence, and the node a stalled
// team "could start" first is the node the stalled chart names after its bar: both come from
// the engine's `next` ranking, not from the tree's file order.
import { describe, expect, it } from 'vitest';
import { digestText } from '../../src/app/digest-words.ts';
import { digestChartInputs } from '../../src/app/pictures.ts';
import { compileTree, computeDigest, rankNext, replay } from '../../src/engine/index.ts';
import { day, events, shippedTrees } from '../helpers/trees.ts';

const ct = compileTree(shippedTrees().find((t) => t.id === 'cncf-adoption')!);
const title = (id: string) => ct.tree.nodes.find((n) => n.id === id)?.title ?? id;
const base: Parameters<typeof events> = [[0, 'done', 'containerd-runtime'], [1, 'done', 'oci-images'], [2, 'done', 'kubernetes-cluster']];

const teams = [
  // Stalled since day 3, with most of Orchestrate open and Registry Auth still to do.
  { teamId: 'm', name: 'Mobile', createdAt: day(-10), events: events(...base, [3, 'done', 'registry-auth'], [3, 'done', 'helm-charts']) },
  { teamId: 'c', name: 'Checkout', createdAt: day(-10), events: events(...base, [3, 'done', 'prometheus-grafana'], [50, 'done', 'log-aggregation']) },
  { teamId: 'p', name: 'Payments', createdAt: day(-10), events: events(...base, [4, 'done', 'helm-charts'], [30, 'done', 'gitops-bootstrap'], [52, 'done', 'ingress-controller']) },
];
const digest = computeDigest({ trees: [ct], teams, from: day(49), to: day(56), previousFrom: day(42), stallDays: 21 });
const words = {
  digest,
  names: new Map(teams.map((t) => [t.teamId, t.name])),
  titleOf: title,
  tierTitle: (_tree: string, tier: string) => ct.tree.tiers.find((t) => t.id === tier)?.title ?? tier,
  timeZone: 'UTC',
  stallDays: 21,
};
const text = digestText(words);
const lines = text.lists.flatMap((l) => l.items);

describe('the digest in words', () => {
  it('says what a team completed as a sentence', () => {
    expect(lines).toContain('*Checkout* completed Cluster-Wide Log Aggregation. 22% done, Containerise tier not reached yet.');
    expect(lines.join('\n')).not.toMatch(/\*\w+\* done /);
  });

  it('says when a completed node was marked out of order, and only then', () => {
    // KEDA needs Kubernetes' autoscaling prerequisites that this team has not done: `done --force`.
    const forced = [{ teamId: 'f', name: 'Forced', createdAt: day(-10), events: events(...base, [52, 'done', 'keda', { force: true }], [53, 'done', 'helm-charts']) }];
    const d = computeDigest({ trees: [ct], teams: forced, from: day(49), to: day(56), previousFrom: day(42), stallDays: 21 });
    expect(d.teams[0]!.outOfOrder).toEqual(['keda']);
    const line = digestText({ ...words, digest: d, names: new Map([['f', 'Forced']]) }).lists.flatMap((l) => l.items).find((l) => l.startsWith('*Forced* completed'))!;
    expect(line).toContain(`${title('keda')} (marked out of order)`);
    expect(line).not.toContain(`${title('helm-charts')} (marked out of order)`);
    expect(lines.join('\n')).not.toContain('out of order');
  });

  it('counts a forced completion as the org first it is, never celebrated without "(marked out of order)"', () => {
    // Forced marks KEDA done without its prerequisites (Prometheus, Helm charts); Orderly does Helm
    // charts, then KEDA, in order, later in the period: Forced's is still the first completion.
    const teamsNow = [
      { teamId: 'f', name: 'Forced', createdAt: day(-10), events: events(...base, [51, 'done', 'keda', { force: true }]) },
      { teamId: 'o', name: 'Orderly', createdAt: day(-10), events: events(...base, [12, 'done', 'prometheus-grafana'], [52, 'done', 'helm-charts'], [53, 'done', 'keda']) },
    ];
    const d = computeDigest({ trees: [ct], teams: teamsNow, from: day(49), to: day(56), previousFrom: day(42), stallDays: 21 });
    expect(d.firsts.map((f) => [f.nodeId, f.teamId, f.outOfOrder])).toEqual([['keda', 'f', true], ['helm-charts', 'o', false]]);
    const t = digestText({ ...words, digest: d, names: new Map([['f', 'Forced'], ['o', 'Orderly']]) });
    const firsts = t.lists.find((l) => l.heading === 'Firsts in the organisation')!.items;
    expect(firsts).toEqual([
      `Forced was the first team to complete ${title('keda')} (marked out of order)`,
      `Orderly was the first team to complete ${title('helm-charts')}`,
    ]);
    expect(t.headline).toContain(' 2 firsts for the organisation (1 marked out of order).');
    const alone = computeDigest({ trees: [ct], teams: teamsNow.slice(0, 1), from: day(49), to: day(56), stallDays: 21 });
    expect(digestText({ ...words, digest: alone, names: new Map([['f', 'Forced']]) }).headline).toContain(' 1 first for the organisation (marked out of order).');
    // The in-order digest above has firsts and no mark.
    expect(digest.firsts.length).toBeGreaterThan(0);
    expect(text.headline).toMatch(/firsts? for the organisation\./);
  });

  it('compares a period still running (a preview) as "so far", never "down from" a whole week', () => {
    const partial = computeDigest({ trees: [ct], teams, from: day(49), to: day(51), previousFrom: day(42), stallDays: 21 });
    const head = digestText({ ...words, digest: partial }).headline;
    expect(head).toMatch(/ so far \(2 days of 7; \d+ in all of last week\)/);
    expect(head).not.toMatch(/down from|up from/);
    expect(text.headline).toMatch(/(up|down) from \d+ last week|as many as last week/);
  });

  it('gives each team where it stands without repeating a label', () => {
    const standing = text.lists.find((l) => l.heading === 'Where teams stand')!.items;
    for (const item of standing) expect(item).toMatch(/^\w+: \d+% done, \w+ tier (reached|not reached yet)$/);
  });
});

describe('what a stalled team could start', () => {
  const mobile = digest.teams.find((t) => t.name === 'Mobile')!;

  it('is the engine ranking, which differs here from the order of the tree file', () => {
    expect(mobile.stall.stalled).toBe(true);
    const ranked = rankNext(replay(ct, teams[0]!.events, day(56)), { peers: new Map([['helm-charts', ['Payments']], ['gitops-bootstrap', ['Payments']], ['ingress-controller', ['Payments']], ['prometheus-grafana', ['Checkout']], ['log-aggregation', ['Checkout']]]) });
    expect(mobile.next).toEqual(ranked.map((s) => s.nodeId));
    // Without this the test could not tell the ranking from the file order.
    expect(mobile.next[0]).not.toBe(mobile.stall.available[0]);
  });

  it('is named first by the words and after the bar in the stalled chart', () => {
    const line = lines.find((l) => l.startsWith('*Mobile*:'))!;
    const first = /could start (.+?)(?: \(ask |, | or |\.$)/.exec(line)?.[1];
    expect(first).toBe(title(mobile.next[0]!));
    const chart = digestChartInputs({ digest, ct, stallDays: 21, titleOf: title, events: new Map() });
    const row = chart.stalled.rows.find((r) => r.team === 'Mobile')!;
    expect(row).toMatchObject({ stuckOn: title(mobile.next[0]!), stuckOnKind: 'next' });
  });
});
