// What changed for a team between two instants.
import type { CompiledTree } from './compiled-tree.ts';
import { AVAILABLE, DONE, LOCKED, replay } from './progress.ts';
import type { ProgressEvent } from './types.ts';

export interface PeriodChange {
  /** Available-or-better at `to` and locked at `from`. */
  readonly newlyUnlocked: readonly string[];
  /** Done at `to` and not done at `from`. */
  readonly newlyDone: readonly string[];
}

/** The period is (from, to]: an event exactly at `from` belongs to the previous period. */
export function changeBetween(ct: CompiledTree, events: readonly ProgressEvent[], from: Date, to: Date): PeriodChange {
  const before = replay(ct, events, from);
  const after = replay(ct, events, to);
  const newlyUnlocked: string[] = [];
  const newlyDone: string[] = [];
  for (let i = 0; i < ct.nodes.length; i++) {
    if (before.status[i] === LOCKED && after.status[i]! >= AVAILABLE) newlyUnlocked.push(ct.nodes[i]!.id);
    if (before.status[i] !== DONE && after.status[i] === DONE) newlyDone.push(ct.nodes[i]!.id);
  }
  return { newlyUnlocked, newlyDone };
}
