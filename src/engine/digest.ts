// One council period: per team what was newly done and unlocked, who is stalled, org-wide firsts.
import type { CompiledTree } from './compiled-tree.ts';
import { DONE, replay } from './progress.ts';
import { assessStall, type StallInfo } from './stall.ts';
import { summarise, type ProgressSummary } from './summary.ts';
import { changeBetween } from './unlocks.ts';
import type { ProgressEvent } from './types.ts';

export interface DigestTeamInput {
  readonly teamId: string;
  readonly name: string;
  readonly createdAt: Date;
  readonly events: readonly ProgressEvent[];
}

export interface DigestInput {
  readonly trees: readonly CompiledTree[];
  readonly teams: readonly DigestTeamInput[];
  readonly from: Date;
  readonly to: Date;
  readonly stallDays: number;
}

export interface DigestTeam {
  readonly teamId: string;
  readonly name: string;
  readonly newlyDone: readonly string[];
  readonly newlyUnlocked: readonly string[];
  readonly stall: StallInfo;
  readonly summaries: readonly ProgressSummary[];
}

export interface OrgFirst {
  readonly nodeId: string;
  readonly teamId: string;
  readonly at: Date;
}

export interface Digest {
  readonly from: Date;
  readonly to: Date;
  readonly teams: readonly DigestTeam[];
  /** Nodes that no team had done at `from` and some team had done at `to`, with the first to do it. */
  readonly firsts: readonly OrgFirst[];
}

export function computeDigest(input: DigestInput): Digest {
  const { trees, from, to } = input;
  const teams = input.teams.map((team): DigestTeam => {
    const progress = trees.map((ct) => replay(ct, team.events, to));
    const changes = trees.map((ct) => changeBetween(ct, team.events, from, to));
    return {
      teamId: team.teamId,
      name: team.name,
      newlyDone: changes.flatMap((c) => c.newlyDone),
      newlyUnlocked: changes.flatMap((c) => c.newlyUnlocked),
      stall: assessStall({ progress, now: to, stallDays: input.stallDays, since: team.createdAt }),
      summaries: progress.map(summarise),
    };
  });
  return { from, to, teams, firsts: orgFirsts(input) };
}

function orgFirsts({ trees, teams, from, to }: DigestInput): OrgFirst[] {
  const firsts: OrgFirst[] = [];
  for (const ct of trees) {
    const doneBefore = new Uint8Array(ct.nodes.length);
    const earliest = new Map<number, OrgFirst>();
    for (const team of teams) {
      const before = replay(ct, team.events, from);
      const after = replay(ct, team.events, to);
      for (let i = 0; i < ct.nodes.length; i++) {
        if (before.status[i] === DONE) doneBefore[i] = 1;
        const at = after.since[i];
        if (after.status[i] === DONE && at && at > from) {
          const prior = earliest.get(i);
          if (!prior || at < prior.at) earliest.set(i, { nodeId: ct.nodes[i]!.id, teamId: team.teamId, at });
        }
      }
    }
    for (const [i, first] of earliest) if (!doneBefore[i]) firsts.push(first);
  }
  return firsts.sort((a, b) => a.at.getTime() - b.at.getTime());
}
