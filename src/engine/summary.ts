// Progress per tier and per track, and the tier a team has reached.
import { AVAILABLE, DONE, IN_PROGRESS, LOCKED, SKIPPED, type TeamProgress } from './progress.ts';

export interface Tally {
  readonly total: number;
  readonly done: number;
  readonly skipped: number;
  readonly inProgress: number;
  readonly available: number;
  readonly locked: number;
  /** Done as a share of the applicable (not skipped) nodes, 0..100, rounded. */
  readonly percent: number;
}

export interface SectionTally extends Tally {
  readonly id: string;
  readonly title: string;
}

export interface ProgressSummary {
  readonly treeId: string;
  readonly overall: Tally;
  readonly tiers: readonly SectionTally[];
  readonly tracks: readonly SectionTally[];
  /** The furthest tier such that it and every earlier tier are at least REACHED_SHARE done. */
  readonly tierReached?: string;
}

/** A tier counts as reached at three quarters done: teams rarely finish a tier completely before moving on. */
export const REACHED_SHARE = 0.75;

function tally(codes: readonly number[]): Tally {
  const count = (c: number) => codes.filter((x) => x === c).length;
  const total = codes.length;
  const done = count(DONE);
  const skipped = count(SKIPPED);
  const applicable = total - skipped;
  return {
    total,
    done,
    skipped,
    inProgress: count(IN_PROGRESS),
    available: count(AVAILABLE),
    locked: count(LOCKED),
    percent: applicable === 0 ? 100 : Math.round((100 * done) / applicable),
  };
}

export function summarise(p: TeamProgress): ProgressSummary {
  const { ct, status } = p;
  const tierCodes: number[][] = ct.tree.tiers.map(() => []);
  const trackCodes: number[][] = ct.tree.tracks.map(() => []);
  for (let i = 0; i < ct.nodes.length; i++) {
    tierCodes[ct.tierOf[i]!]!.push(status[i]!);
    trackCodes[ct.trackOf[i]!]!.push(status[i]!);
  }
  const tiers = ct.tree.tiers.map((t, k) => ({ id: t.id, title: t.title, ...tally(tierCodes[k]!) }));
  const tracks = ct.tree.tracks.map((t, k) => ({ id: t.id, title: t.title, ...tally(trackCodes[k]!) }));
  let tierReached: string | undefined;
  for (const t of tiers) {
    const applicable = t.total - t.skipped;
    if (applicable > 0 && t.done / applicable < REACHED_SHARE) break;
    tierReached = t.id;
  }
  return { treeId: ct.tree.id, overall: tally([...status]), tiers, tracks, ...(tierReached ? { tierReached } : {}) };
}
