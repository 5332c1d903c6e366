// One council period: per team what was newly done, unlocked and skipped, who is stalled and who
// could help them, org-wide firsts, and the same totals for the period before, to compare.
import type { CompiledTree } from './compiled-tree.ts';
import { compareSuggestions, rankNext } from './next.ts';
import { DONE, doneCountsAt, IN_PROGRESS, replay, type TeamProgress } from './progress.ts';
import { assessStall, type StallInfo } from './stall.ts';
import { summarise, type ProgressSummary } from './summary.ts';
import type { ProgressEvent } from './types.ts';
import { changeOf } from './unlocks.ts';

export interface DigestTeamInput {
  readonly teamId: string;
  readonly name: string;
  readonly createdAt: Date;
  /** Ordered by time (see orderEvents); events after `to` are ignored. */
  readonly events: readonly ProgressEvent[];
}

export interface DigestInput {
  readonly trees: readonly CompiledTree[];
  readonly teams: readonly DigestTeamInput[];
  /** The period is (from, to]: from the previous scheduled slot to this one. */
  readonly from: Date;
  readonly to: Date;
  /** Start of the period before (from the slot before `from`), to compare totals with. */
  readonly previousFrom?: Date;
  readonly stallDays: number;
}

/** Another covered team that has done what a stalled team is waiting on: someone to ask. */
export interface PeerHelp {
  readonly nodeId: string;
  readonly teamId: string;
  readonly doneAt: Date;
}

export interface DigestTeam {
  readonly teamId: string;
  readonly name: string;
  readonly newlyDone: readonly string[];
  /** Of `newlyDone`, those marked done while a prerequisite was still open (`done --force`). */
  readonly outOfOrder: readonly string[];
  /** Became available (or better) this period: locked at `from`. Skips are not unlocks. */
  readonly newlyUnlocked: readonly string[];
  /** Marked not applicable this period. */
  readonly newlySkipped: readonly string[];
  /** In progress at `to`. */
  readonly inProgress: readonly string[];
  readonly stall: StallInfo;
  /**
   * What the team could start, best first, by the engine's `next` ranking across its trees (the
   * same order `next` answers with), at most {@link MAX_NEXT}: the one list the digest's words
   * ("could start …") and the stalled chart ("next: …") both read.
   */
  readonly next: readonly string[];
  readonly summaries: readonly ProgressSummary[];
  /** For a stalled team: peers who did what it is stuck on or could do next, most recent first (at most 3). */
  readonly peers: readonly PeerHelp[];
}

export interface OrgFirst {
  readonly nodeId: string;
  readonly teamId: string;
  readonly at: Date;
  /**
   * The first team marked it done with a prerequisite still open (`done --force`), and that team
   * still has one open at `to`. It is the org's first completion all the same (a later team's
   * would not be the first), so it stays a first; the words say it was out of order.
   */
  readonly outOfOrder: boolean;
}

export interface PeriodTotals {
  readonly done: number;
  readonly unlocked: number;
  readonly skipped: number;
  /** Teams with at least one node done or skipped. */
  readonly teamsMoved: number;
}

export interface Digest {
  readonly from: Date;
  readonly to: Date;
  readonly teams: readonly DigestTeam[];
  /** Nodes that no team had done at `from` and some team had done at `to`, with the first to do it (forced completions included, flagged). */
  readonly firsts: readonly OrgFirst[];
  readonly totals: PeriodTotals;
  /** The same totals for (previousFrom, from], when previousFrom was given. */
  readonly previous?: PeriodTotals;
  readonly previousFrom?: Date;
}

interface Change {
  readonly done: string[];
  readonly unlocked: string[];
  readonly skipped: string[];
}

function change(before: TeamProgress, after: TeamProgress, into: Change): void {
  const c = changeOf(before, after);
  into.done.push(...c.newlyDone);
  into.unlocked.push(...c.newlyUnlocked);
  into.skipped.push(...c.newlySkipped);
}

const MAX_PEERS = 3;
/** How many ranked next nodes a digest team carries. */
export const MAX_NEXT = 5;

export function computeDigest(input: DigestInput): Digest {
  const { trees, from, to, previousFrom } = input;
  // One replay per team, tree and instant, shared by every part of the digest.
  const replays = input.teams.map((team) => trees.map((ct) => ({
    before: replay(ct, team.events, from),
    after: replay(ct, team.events, to),
    earlier: previousFrom ? replay(ct, team.events, previousFrom) : undefined,
  })));

  // Who has done what at `to`: node -> [team, when], for peer help.
  const doneBy = trees.map(() => new Map<number, { teamId: string; at: Date }[]>());
  replays.forEach((perTree, t) => perTree.forEach(({ after }, k) => {
    after.status.forEach((code, i) => {
      if (code !== DONE) return;
      const list = doneBy[k]!.get(i) ?? [];
      list.push({ teamId: input.teams[t]!.teamId, at: after.since[i] ?? to });
      doneBy[k]!.set(i, list);
    });
  }));

  // Node id -> names of the teams that have it done: `next` ranks ties by peers to ask.
  const nameOf = new Map(input.teams.map((t) => [t.teamId, t.name]));
  const peerNames = trees.map((ct, k) => new Map([...doneBy[k]!].map(([i, list]) => [ct.nodes[i]!.id, list.map((h) => nameOf.get(h.teamId) ?? h.teamId)])));

  const previousChanges: Change[] = [];
  const teams = input.teams.map((team, t): DigestTeam => {
    const now: Change = { done: [], unlocked: [], skipped: [] };
    const prev: Change = { done: [], unlocked: [], skipped: [] };
    for (const r of replays[t]!) {
      change(r.before, r.after, now);
      if (r.earlier) change(r.earlier, r.before, prev);
    }
    previousChanges.push(prev);
    const progress = replays[t]!.map((r) => r.after);
    const stall = assessStall({ progress, now: to, stallDays: input.stallDays, since: team.createdAt });
    const outOfOrder = new Set(progress.flatMap((p) => p.ct.nodes.filter((_, i) => p.outOfOrder[i] === 1).map((n) => n.id)));
    const inProgress = progress.flatMap((p) => p.ct.nodes.filter((_, i) => p.status[i] === IN_PROGRESS).map((n) => n.id));
    const next = progress
      .flatMap((p, k) => rankNext(p, { peers: peerNames[k]!, limit: MAX_NEXT }))
      .sort(compareSuggestions)
      .slice(0, MAX_NEXT)
      .map((s) => s.nodeId);
    return {
      teamId: team.teamId,
      name: team.name,
      newlyDone: now.done,
      outOfOrder: now.done.filter((id) => outOfOrder.has(id)),
      newlyUnlocked: now.unlocked,
      newlySkipped: now.skipped,
      inProgress,
      stall,
      next,
      summaries: progress.map(summarise),
      peers: stall.stalled ? peersFor(team.teamId, stall, next, trees, doneBy) : [],
    };
  });
  const totals = totalsOf(teams.map((t) => ({ done: t.newlyDone, unlocked: t.newlyUnlocked, skipped: t.newlySkipped })));
  return {
    from,
    to,
    teams,
    firsts: orgFirsts(input, replays),
    totals,
    ...(previousFrom ? { previous: totalsOf(previousChanges), previousFrom } : {}),
  };
}

function totalsOf(changes: readonly { readonly done: readonly string[]; readonly unlocked: readonly string[]; readonly skipped: readonly string[] }[]): PeriodTotals {
  let done = 0;
  let unlocked = 0;
  let skipped = 0;
  let teamsMoved = 0;
  for (const c of changes) {
    done += c.done.length;
    unlocked += c.unlocked.length;
    skipped += c.skipped.length;
    if (c.done.length + c.skipped.length > 0) teamsMoved++;
  }
  return { done, unlocked, skipped, teamsMoved };
}

/**
 * What the team is stuck on first, then what it could start (the ranked next first), matched
 * with whoever did it most recently.
 */
function peersFor(teamId: string, stall: StallInfo, next: readonly string[], trees: readonly CompiledTree[], doneBy: readonly Map<number, { teamId: string; at: Date }[]>[]): PeerHelp[] {
  const wanted = [...new Set([...stall.stuck.map((s) => s.nodeId), ...next, ...stall.available])];
  const peers: PeerHelp[] = [];
  for (const nodeId of wanted) {
    if (peers.length >= MAX_PEERS) break;
    const k = trees.findIndex((ct) => ct.indexOf.has(nodeId));
    if (k < 0) continue;
    const helpers = (doneBy[k]!.get(trees[k]!.indexOf.get(nodeId)!) ?? []).filter((h) => h.teamId !== teamId);
    if (helpers.length === 0) continue;
    const best = helpers.reduce((a, b) => (b.at > a.at ? b : a));
    peers.push({ nodeId, teamId: best.teamId, doneAt: best.at });
  }
  return peers;
}

function orgFirsts({ trees, teams, from }: DigestInput, replays: readonly { before: TeamProgress; after: TeamProgress }[][]): OrgFirst[] {
  const firsts: OrgFirst[] = [];
  trees.forEach((ct, k) => {
    const doneBefore = new Uint8Array(ct.nodes.length);
    const earliest = new Map<number, OrgFirst>();
    teams.forEach((team, t) => {
      const { before, after } = replays[t]![k]!;
      for (let i = 0; i < ct.nodes.length; i++) {
        if (before.status[i] === DONE) doneBefore[i] = 1;
        const at = after.since[i];
        if (after.status[i] === DONE && at && at > from) {
          const prior = earliest.get(i);
          if (!prior || at < prior.at) earliest.set(i, { nodeId: ct.nodes[i]!.id, teamId: team.teamId, at, outOfOrder: after.outOfOrder[i] === 1 });
        }
      }
    });
    for (const [i, first] of earliest) if (!doneBefore[i]) firsts.push(first);
  });
  return firsts.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * Nodes done per team in each of the weeks that start at `starts` (ascending), each week being
 * [start, start + 7 days): the net change in done nodes, so an undo takes a completion back.
 * One pass over `events` (ordered, see orderEvents) for all the boundaries, not a replay each.
 */
export function doneByWeek(ct: CompiledTree, events: readonly ProgressEvent[], starts: readonly Date[], weekMs: number): number[] {
  if (starts.length === 0) return [];
  // A boundary at instant b counts what replay(ct, events, b - 1 ms) would: the events before it.
  const bounds = doneCountsAt(ct, events, [...starts, new Date(starts.at(-1)!.getTime() + weekMs)].map((b) => new Date(b.getTime() - 1)));
  return starts.map((_, w) => Math.max(0, bounds[w + 1]! - bounds[w]!));
}
