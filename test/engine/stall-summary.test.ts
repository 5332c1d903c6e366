import { describe, expect, it } from 'vitest';
import { assessStall, computeDigest, replay, summarise, type ProgressEvent } from '../../src/engine/index.ts';
import { day, events, fixtureTree } from '../helpers/trees.ts';

const diamond = fixtureTree('diamond');
const linear = fixtureTree('linear');

describe('stall: no progress for stall_days with work available, or in progress too long', () => {
  const cases: [string, ReturnType<typeof fixtureTree>, ProgressEvent[], number, { stalled: boolean; daysSinceProgress: number; stuck?: string[] }][] = [
    ['a new team one day short of the threshold', diamond, [], 20, { stalled: false, daysSinceProgress: 20 }],
    ['a new team at the threshold', diamond, [], 21, { stalled: true, daysSinceProgress: 21 }],
    ['progress resets the clock', diamond, events([10, 'done', 'root']), 30, { stalled: false, daysSinceProgress: 20 }],
    ['a skip is progress too', diamond, events([0, 'done', 'root'], [10, 'skipped', 'leaf']), 31, { stalled: true, daysSinceProgress: 21 }],
    ['an undo is not progress', diamond, events([0, 'done', 'root'], [15, 'done', 'leaf'], [20, 'undone', 'leaf']), 36, { stalled: true, daysSinceProgress: 21 }],
    ['a finished tree is never stalled', linear, events([0, 'done', 'lin-a'], [1, 'done', 'lin-b'], [2, 'done', 'lin-c']), 200, { stalled: false, daysSinceProgress: 198 }],
    ['in progress for too long stalls a busy team', diamond, events([0, 'done', 'root'], [1, 'started', 'leaf'], [25, 'done', 'branch-left']), 30, { stalled: true, daysSinceProgress: 5, stuck: ['leaf'] }],
    ['in progress one day short is fine', diamond, events([0, 'done', 'root'], [10, 'started', 'leaf'], [25, 'done', 'branch-left']), 30, { stalled: false, daysSinceProgress: 5, stuck: [] }],
  ];
  it.each(cases)('%s', (_n, ct, evs, now, expected) => {
    const info = assessStall({ progress: [replay(ct, evs, day(now))], now: day(now), stallDays: 21, since: day(0) });
    expect(info.stalled).toBe(expected.stalled);
    expect(info.daysSinceProgress).toBe(expected.daysSinceProgress);
    if (expected.stuck) expect(info.stuck.map((s) => s.nodeId)).toEqual(expected.stuck);
  });
});

describe('summary per tier and track', () => {
  it('counts states and leaves skipped nodes out of the percentage', () => {
    const s = summarise(replay(diamond, events([0, 'done', 'root'], [1, 'skipped', 'leaf'], [2, 'done', 'branch-left'])));
    expect(s.overall).toMatchObject({ total: 5, done: 2, skipped: 1, available: 1, locked: 1, percent: 50 });
    expect(s.tiers.map((t) => [t.id, t.percent])).toEqual([['base', 100], ['mid', 50], ['top', 0]]);
    expect(s.tracks.map((t) => [t.id, t.done, t.total])).toEqual([['left', 2, 3], ['right', 0, 2]]);
    expect(s.tierReached).toBe('base');
  });

  it('has no tier reached before the first tier is three quarters done', () => {
    expect(summarise(replay(diamond, [])).tierReached).toBeUndefined();
  });
});

describe('digest computation', () => {
  const teamA = { teamId: 'a', name: 'Payments', createdAt: day(-30), events: events([0, 'done', 'root'], [8, 'done', 'branch-left'], [9, 'done', 'branch-right']) };
  const teamB = { teamId: 'b', name: 'Search', createdAt: day(-30), events: events([1, 'done', 'root'], [10, 'done', 'branch-left']) };
  const teamC = { teamId: 'c', name: 'Mobile', createdAt: day(-30), events: [] };
  const digest = computeDigest({ trees: [diamond], teams: [teamA, teamB, teamC], from: day(7), to: day(14), stallDays: 21 });

  it('lists per team what was newly done and unlocked', () => {
    const byName = Object.fromEntries(digest.teams.map((t) => [t.name, t]));
    expect(byName.Payments!.newlyDone).toEqual(['branch-left', 'branch-right']);
    expect(byName.Payments!.newlyUnlocked).toEqual(['join']);
    expect(byName.Search!.newlyDone).toEqual(['branch-left']);
    expect(byName.Search!.newlyUnlocked).toEqual([]);
    expect(byName.Mobile!.stall).toMatchObject({ stalled: true, daysSinceProgress: 44 });
  });

  it('names org-wide firsts only for nodes nobody had done before the period', () => {
    expect(digest.firsts.map((f) => [f.nodeId, f.teamId])).toEqual([['branch-left', 'a'], ['branch-right', 'a']]);
  });
});
