// What changed for a team between two instants.
import type { CompiledTree } from './compiled-tree.ts';
import { AVAILABLE, DONE, LOCKED, SKIPPED, replay, type TeamProgress } from './progress.ts';
import type { ProgressEvent } from './types.ts';

export interface PeriodChange {
  /** Locked at `from`, available, in progress or done at `to`. A skip is not an unlock. */
  readonly newlyUnlocked: readonly string[];
  /** Done at `to` and not done at `from`. */
  readonly newlyDone: readonly string[];
  /** Skipped (not applicable) at `to` and not at `from`. */
  readonly newlySkipped: readonly string[];
}

/** The change between two replays of one tree (`before` earlier than `after`). */
export function changeOf(before: TeamProgress, after: TeamProgress): PeriodChange {
  const { ct } = after;
  const newlyUnlocked: string[] = [];
  const newlyDone: string[] = [];
  const newlySkipped: string[] = [];
  for (let i = 0; i < ct.nodes.length; i++) {
    const b = before.status[i]!;
    const a = after.status[i]!;
    if (b === LOCKED && a >= AVAILABLE && a !== SKIPPED) newlyUnlocked.push(ct.nodes[i]!.id);
    if (b !== DONE && a === DONE) newlyDone.push(ct.nodes[i]!.id);
    if (b !== SKIPPED && a === SKIPPED) newlySkipped.push(ct.nodes[i]!.id);
  }
  return { newlyUnlocked, newlyDone, newlySkipped };
}

/** The period is (from, to]: an event exactly at `from` belongs to the previous period. */
export function changeBetween(ct: CompiledTree, events: readonly ProgressEvent[], from: Date, to: Date): PeriodChange {
  return changeOf(replay(ct, events, from), replay(ct, events, to));
}
