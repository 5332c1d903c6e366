import { describe, expect, it } from 'vitest';
import { changeBetween, nodeStates, orderEvents, replay, type NodeStatus, type ProgressEvent } from '../../src/engine/index.ts';
import { day, events, fixtureTree } from '../helpers/trees.ts';

const diamond = fixtureTree('diamond');
const linear = fixtureTree('linear');

const statuses = (evs: ProgressEvent[], at?: Date) =>
  Object.fromEntries([...nodeStates(replay(diamond, orderEvents(evs), at))].map(([id, s]) => [id, s.status]));

describe('replay: node states from events', () => {
  const cases: [string, ProgressEvent[], Record<string, NodeStatus>][] = [
    ['no events: roots available, the rest locked', [], { root: 'available', 'branch-left': 'locked', 'branch-right': 'locked', join: 'locked', leaf: 'locked' }],
    ['done root unlocks its dependants', events([0, 'done', 'root']), { root: 'done', 'branch-left': 'available', 'branch-right': 'available', leaf: 'available', join: 'locked' }],
    ['one branch of a diamond is not enough', events([0, 'done', 'root'], [1, 'done', 'branch-left']), { join: 'locked' }],
    ['both branches unlock the join', events([0, 'done', 'root'], [1, 'done', 'branch-left'], [2, 'done', 'branch-right']), { join: 'available' }],
    ['skipped satisfies prerequisites', events([0, 'done', 'root'], [1, 'done', 'branch-left'], [2, 'skipped', 'branch-right', { reason: 'no right side here' }]), { 'branch-right': 'skipped', join: 'available' }],
    ['unskip locks again', events([0, 'done', 'root'], [1, 'done', 'branch-left'], [2, 'skipped', 'branch-right'], [3, 'unskipped', 'branch-right']), { 'branch-right': 'available', join: 'locked' }],
    ['undo of a prerequisite relocks its dependants', events([0, 'done', 'root'], [1, 'undone', 'root']), { root: 'available', 'branch-left': 'locked' }],
    ['undo keeps dependants that are done, done', events([0, 'done', 'root'], [1, 'done', 'leaf'], [2, 'undone', 'root']), { root: 'available', leaf: 'done' }],
    ['started is in progress', events([0, 'done', 'root'], [1, 'started', 'leaf']), { leaf: 'in_progress' }],
    ['started then done is done', events([0, 'done', 'root'], [1, 'started', 'leaf'], [2, 'done', 'leaf']), { leaf: 'done' }],
    ['started after done changes nothing', events([0, 'done', 'root'], [1, 'done', 'leaf'], [2, 'started', 'leaf']), { leaf: 'done' }],
    ['undo of a node never done changes nothing', events([0, 'undone', 'root']), { root: 'available' }],
    ['done twice is done once', events([0, 'done', 'root'], [1, 'done', 'root'], [2, 'undone', 'root']), { root: 'available' }],
    ['forced done on a locked node counts as done', events([0, 'done', 'join', { force: true }]), { join: 'done', root: 'available' }],
    ['same-instant events apply in the order given', events([0, 'done', 'root'], [0, 'undone', 'root'], [0, 'done', 'root']), { root: 'done', leaf: 'available' }],
    ['events for unknown nodes are ignored', events([0, 'done', 'not-in-this-tree']), { root: 'available' }],
  ];
  it.each(cases)('%s', (_name, evs, expected) => {
    expect(statuses(evs)).toMatchObject(expected);
  });

  it('flags done-while-locked as out of order until its prerequisites are met', () => {
    const forced = events([0, 'done', 'join', { force: true }]);
    expect(nodeStates(replay(diamond, forced)).get('join')).toMatchObject({ status: 'done', outOfOrder: true });
    const caughtUp = [...forced, ...events([1, 'done', 'root'], [2, 'done', 'branch-left'], [3, 'done', 'branch-right'])];
    expect(nodeStates(replay(diamond, caughtUp)).get('join')).toMatchObject({ status: 'done', outOfOrder: false });
  });

  it('keeps the skip reason and the time of the state', () => {
    const s = nodeStates(replay(diamond, events([0, 'done', 'root'], [3, 'skipped', 'leaf', { reason: 'not relevant' }]))).get('leaf');
    expect(s).toEqual({ nodeId: 'leaf', status: 'skipped', outOfOrder: false, since: day(3), reason: 'not relevant' });
  });

  it('replays to any instant, inclusive', () => {
    const evs = events([0, 'done', 'lin-a'], [5, 'done', 'lin-b'], [9, 'undone', 'lin-b']);
    const at = (d: number) => [...replay(linear, evs, day(d)).status];
    expect(at(-1)).toEqual([1, 0, 0]);
    expect(at(0)).toEqual([3, 1, 0]);
    expect(at(5)).toEqual([3, 3, 1]);
    expect(at(9)).toEqual([3, 1, 0]);
  });

  it('orders unsorted events by time, keeping same-instant order', () => {
    const evs = events([5, 'done', 'b'], [1, 'done', 'a'], [5, 'undone', 'b']);
    expect(orderEvents(evs).map((e) => `${e.kind}:${e.nodeId}`)).toEqual(['done:a', 'done:b', 'undone:b']);
  });

  it('tracks the last done or skipped event as the last progress', () => {
    const p = replay(diamond, events([0, 'done', 'root'], [4, 'skipped', 'leaf'], [6, 'started', 'branch-left'], [7, 'undone', 'leaf']));
    expect(p.lastProgressAt).toEqual(day(4));
  });
});

describe('changeBetween: newly unlocked and newly done in (from, to]', () => {
  const evs = events([0, 'done', 'root'], [7, 'done', 'branch-left'], [8, 'done', 'branch-right'], [14, 'undone', 'branch-right']);
  it.each([
    ['the first week', -1, 0, ['branch-left', 'branch-right', 'leaf'], ['root']],
    ['an event exactly at `from` belongs to the earlier period', 0, 6, [], []],
    ['the diamond closes', 6, 13, ['join'], ['branch-left', 'branch-right']],
    ['an undo relocks: nothing newly unlocked', 13, 20, [], []],
    ['over the whole span', -1, 20, ['branch-left', 'branch-right', 'leaf'], ['root', 'branch-left']],
  ])('%s', (_n, from, to, unlocked, done) => {
    const change = changeBetween(diamond, evs, day(from), day(to));
    expect([...change.newlyUnlocked].sort()).toEqual([...unlocked].sort());
    expect([...change.newlyDone].sort()).toEqual([...done].sort());
  });
});
