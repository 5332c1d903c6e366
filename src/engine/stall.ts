// Stalled: available work and no progress for `stallDays`, or something in progress for that long.
import { AVAILABLE, IN_PROGRESS, type TeamProgress } from './progress.ts';
import { DAY_MS } from './time.ts';

export const DEFAULT_STALL_DAYS = 21;

export interface StallInput {
  /** The team's progress on each tree it tracks. */
  readonly progress: readonly TeamProgress[];
  readonly now: Date;
  readonly stallDays: number;
  /** When the team started: stands in for "last progress" until its first done or skip. */
  readonly since: Date;
}

export interface StallInfo {
  readonly stalled: boolean;
  readonly daysSinceProgress: number;
  readonly lastProgressAt?: Date;
  /** Nodes the team could do now. */
  readonly available: readonly string[];
  /** In-progress nodes older than the threshold, oldest first. */
  readonly stuck: readonly { readonly nodeId: string; readonly days: number }[];
  readonly idle: boolean;
}

const days = (from: Date, to: Date) => Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));

export function assessStall(input: StallInput): StallInfo {
  const { now, stallDays } = input;
  let last: Date | undefined;
  const available: string[] = [];
  const stuck: { nodeId: string; days: number }[] = [];
  for (const p of input.progress) {
    if (p.lastProgressAt && (!last || p.lastProgressAt > last)) last = p.lastProgressAt;
    p.status.forEach((code, i) => {
      if (code === AVAILABLE) available.push(p.ct.nodes[i]!.id);
      const started = p.since[i];
      if (code === IN_PROGRESS && started && days(started, now) >= stallDays) {
        stuck.push({ nodeId: p.ct.nodes[i]!.id, days: days(started, now) });
      }
    });
  }
  stuck.sort((a, b) => b.days - a.days || a.nodeId.localeCompare(b.nodeId));
  // Before its first done or skip, a team's clock runs from when it started.
  const reference = last ?? input.since;
  const daysSinceProgress = days(reference, now);
  const idle = available.length > 0 && daysSinceProgress >= stallDays;
  return {
    stalled: idle || stuck.length > 0,
    daysSinceProgress,
    ...(last ? { lastProgressAt: last } : {}),
    available,
    stuck,
    idle,
  };
}
