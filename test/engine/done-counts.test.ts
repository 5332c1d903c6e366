// The one-pass weekly counts behind the trend chart must agree with a replay at every instant.
import { describe, expect, it } from 'vitest';
import { DONE, doneByWeek, doneCountsAt, EVENT_KINDS, replay, type ProgressEvent } from '../../src/engine/index.ts';
import { day, fixtureTree } from '../helpers/trees.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const diamond = fixtureTree('diamond');
const nodes = [...diamond.nodes.map((n) => n.id), 'not-in-this-tree'];


/** A random ordered history of every kind, with same-day events and unknown nodes. */
function history(seed: number, length: number): ProgressEvent[] {
  const rand = seededRandom(seed);
  let d = 0;
  return Array.from({ length }, () => {
    d += Math.floor(rand() * 3);
    return { kind: EVENT_KINDS[Math.floor(rand() * EVENT_KINDS.length)]!, nodeId: nodes[Math.floor(rand() * nodes.length)]!, at: day(d), actor: 'U1', platform: 'cli' };
  });
}

const doneAt = (evs: readonly ProgressEvent[], at: Date) => replay(diamond, evs, at).status.filter((s) => s === DONE).length;

describe('doneCountsAt: done nodes at many instants in one pass', () => {
  it.each(Array.from({ length: 40 }, (_, seed) => [seed]))('agrees with replay at every instant (history %i)', (seed) => {
    const evs = history(seed, 10 + seed * 3);
    const instants = Array.from({ length: 30 }, (_, k) => new Date(day(-1).getTime() + k * 2.5 * 86_400_000));
    expect(doneCountsAt(diamond, evs, instants)).toEqual(instants.map((at) => doneAt(evs, at)));
  });

  it('counts the events at an instant, and none after it', () => {
    const evs: ProgressEvent[] = [
      { kind: 'done', nodeId: 'root', at: day(1), actor: 'U1', platform: 'cli' },
      { kind: 'done', nodeId: 'leaf', at: day(2), actor: 'U1', platform: 'cli' },
    ];
    expect(doneCountsAt(diamond, evs, [day(0), day(1), new Date(day(2).getTime() - 1), day(2), day(9)])).toEqual([0, 1, 1, 2, 2]);
    expect(doneCountsAt(diamond, [], [day(0)])).toEqual([0]);
  });
});

describe('doneByWeek: net nodes done per week', () => {
  it('matches a replay at each week boundary, an undo taking a completion back', () => {
    const evs = history(7, 120);
    const starts = Array.from({ length: 12 }, (_, k) => day(k * 7));
    const bounds = [...starts, day(12 * 7)].map((b) => doneAt(evs, new Date(b.getTime() - 1)));
    expect(doneByWeek(diamond, evs, starts, 7 * 86_400_000)).toEqual(starts.map((_, w) => Math.max(0, bounds[w + 1]! - bounds[w]!)));
  });
});
