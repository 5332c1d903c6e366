import { describe, expect, it } from 'vitest';
import { compareSuggestions, rankNext, replay, whyLocked, type ProgressEvent, type Reason, type TierPlace } from '../../src/engine/index.ts';
import { events, fixtureTree } from '../helpers/trees.ts';

const diamond = fixtureTree('diamond');
const linear = fixtureTree('linear');
const cross = fixtureTree('cross-track');
const tiered = fixtureTree('tiered');

describe('next: ranking with reasons', () => {
  const cases: [string, ReturnType<typeof fixtureTree>, ProgressEvent[], Record<string, string[]>, string[]][] = [
    ['a fresh team starts at the root', diamond, [], {}, ['root']],
    ['cheap work per unlock value comes first; ties go by id', diamond, events([0, 'done', 'root']), {}, ['leaf', 'branch-left', 'branch-right']],
    ['peers who already did it break a tie', diamond, events([0, 'done', 'root']), { 'branch-right': ['Payments'] }, ['leaf', 'branch-right', 'branch-left']],
    ['the last missing prerequisite gains value', diamond, events([0, 'done', 'root'], [1, 'done', 'branch-left']), {}, ['leaf', 'branch-right']],
    ['in-progress and skipped nodes are not suggested', diamond, events([0, 'done', 'root'], [1, 'started', 'leaf'], [2, 'skipped', 'branch-left']), {}, ['branch-right']],
    ['a finished tree has nothing next', linear, events([0, 'done', 'lin-a'], [1, 'done', 'lin-b'], [2, 'done', 'lin-c']), {}, []],
    ['prerequisites gate across tracks', cross, events([0, 'done', 'x-build']), {}, ['x-run']],
  ];
  it.each(cases)('%s', (_name, ct, evs, peers, expected) => {
    const ranked = rankNext(replay(ct, evs), { peers: new Map(Object.entries(peers)) });
    expect(ranked.map((s) => s.nodeId)).toEqual(expected);
  });

  it('explains each suggestion: direct unlocks, what it leads to, effort, peers, tier', () => {
    const ranked = rankNext(replay(diamond, events([0, 'done', 'root'], [1, 'done', 'branch-left'])), {
      peers: new Map([['branch-right', ['Search', 'Checkout']]]),
    });
    const right = ranked.find((s) => s.nodeId === 'branch-right')!;
    expect(right.reasons).toEqual([
      { kind: 'unlocks', nodeIds: ['join'] },
      { kind: 'effort', effort: { size: 'M', weeks: [2, 4] } },
      { kind: 'peers', teams: ['Search', 'Checkout'] },
      { kind: 'tier', tierId: 'mid', place: 'earliest', earliestTierId: 'mid' },
    ]);
  });

  // Tiered: a (first tier, 4 weeks, unlocks e1), h (second tier, 2 weeks, unlocks d1 and d2),
  // z (third tier, 1 week, unlocks nothing). Value per effort alone would put z above a.
  const tierCases: [string, ProgressEvent[], [string, TierPlace][]][] = [
    ['a later node that unlocks more joins the earliest tier; cheap work that unlocks nothing waits', [], [['h', 'ahead'], ['a', 'earliest'], ['z', 'after']]],
    ['a later node that unlocks no more than the earliest tier waits, by tier', events([0, 'done', 'd1']), [['a', 'earliest'], ['h', 'after'], ['z', 'after']]],
    ['the earliest open tier moves on once its work is done or skipped', events([0, 'skipped', 'a']), [['h', 'earliest'], ['e1', 'earliest'], ['z', 'after']]],
    ['within one tier, value per effort decides', events([0, 'done', 'a'], [1, 'done', 'e1'], [2, 'done', 'h']), [['z', 'earliest'], ['d1', 'earliest'], ['d2', 'earliest']]],
  ];
  it.each(tierCases)('tier: %s', (_name, evs, expected) => {
    const ranked = rankNext(replay(tiered, evs));
    expect(ranked.map((s) => [s.nodeId, (s.reasons.find((r) => r.kind === 'tier') as Extract<Reason, { kind: 'tier' }>).place])).toEqual(expected);
  });

  it('says in the tier reason which tier came first', () => {
    const [hub, first, cheap] = rankNext(replay(tiered, []));
    expect(hub!.reasons.at(-1)).toEqual({ kind: 'tier', tierId: 't2', place: 'ahead', earliestTierId: 't1' });
    expect(first!.reasons.at(-1)).toEqual({ kind: 'tier', tierId: 't1', place: 'earliest', earliestTierId: 't1' });
    expect(cheap!.reasons.at(-1)).toEqual({ kind: 'tier', tierId: 't3', place: 'after', earliestTierId: 't1' });
  });

  it('orders suggestions of several trees by the same rule', () => {
    const merged = [...rankNext(replay(linear, [])), ...rankNext(replay(tiered, []))].sort(compareSuggestions);
    // Every "first" suggestion of either tree comes before any "later" one.
    const bands = merged.map((s) => s.band);
    expect(bands.indexOf('later')).toBeGreaterThan(bands.lastIndexOf('first'));
  });

  it('counts transitive dependants beyond the direct unlocks', () => {
    const [first] = rankNext(replay(linear, []));
    expect(first!.reasons.slice(0, 2)).toEqual([
      { kind: 'unlocks', nodeIds: ['lin-b'] },
      { kind: 'leadsTo', count: 1 },
    ]);
  });

  it('honours the limit', () => {
    expect(rankNext(replay(diamond, events([0, 'done', 'root'])), { limit: 2 })).toHaveLength(2);
  });
});

describe('why: the plan to unlock a node', () => {
  it.each([
    ['everything from the root', [], 'join', [['root', 'available', []], ['branch-left', 'locked', ['root']], ['branch-right', 'locked', ['root']]]],
    ['only what is still missing', events([0, 'done', 'root'], [1, 'done', 'branch-left']), 'join', [['branch-right', 'available', []]]],
    ['a skipped prerequisite is not in the plan', events([0, 'done', 'root'], [1, 'skipped', 'branch-left']), 'join', [['branch-right', 'available', []]]],
    ['an in-progress prerequisite is in the plan', events([0, 'done', 'root'], [1, 'started', 'branch-left']), 'join', [['branch-left', 'in_progress', []], ['branch-right', 'available', []]]],
    ['an available node needs no plan', events([0, 'done', 'root']), 'leaf', []],
  ] as [string, ProgressEvent[], string, [string, string, string[]][]][])('%s', (_n, evs, node, plan) => {
    const why = whyLocked(replay(diamond, evs), node)!;
    expect(why.plan.map((s) => [s.nodeId, s.status, s.waitingOn])).toEqual(plan);
  });

  it('reports the status of a node that is not locked', () => {
    expect(whyLocked(replay(diamond, events([0, 'done', 'root'])), 'root')).toEqual({ nodeId: 'root', status: 'done', plan: [] });
  });

  it('returns undefined for a node outside the tree', () => {
    expect(whyLocked(replay(diamond, []), 'nope')).toBeUndefined();
  });

  it('orders a long chain prerequisites-first', () => {
    expect(whyLocked(replay(linear, []), 'lin-c')!.plan.map((s) => s.nodeId)).toEqual(['lin-a', 'lin-b']);
  });
});
