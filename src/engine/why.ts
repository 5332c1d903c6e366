// "Why is X locked?": every missing prerequisite, transitively, as a plan in the order to do it.
import { isSatisfied, LOCKED, statusName, type TeamProgress } from './progress.ts';
import type { NodeStatus } from './types.ts';

export interface PlanStep {
  readonly nodeId: string;
  readonly status: NodeStatus;
  /** Direct prerequisites of this step that are still open (empty: it can be started now). */
  readonly waitingOn: readonly string[];
}

export interface WhyPlan {
  readonly nodeId: string;
  readonly status: NodeStatus;
  /** Empty unless the node is locked. Prerequisites come before what needs them. */
  readonly plan: readonly PlanStep[];
}

export function whyLocked(p: TeamProgress, nodeId: string): WhyPlan | undefined {
  const { ct, status } = p;
  const target = ct.indexOf.get(nodeId);
  if (target === undefined) return undefined;
  if (status[target] !== LOCKED) return { nodeId, status: statusName(status[target]!), plan: [] };

  const needed = new Uint8Array(ct.nodes.length);
  const stack = [target];
  while (stack.length > 0) {
    for (const r of ct.requires[stack.pop()!]!) {
      if (needed[r] || isSatisfied(status[r]!)) continue;
      needed[r] = 1;
      stack.push(r);
    }
  }
  const steps = [...needed.keys()].filter((i) => needed[i] === 1).sort((a, b) => ct.topoRank[a]! - ct.topoRank[b]!);
  const plan = steps.map((i) => ({
    nodeId: ct.nodes[i]!.id,
    status: statusName(status[i]!),
    waitingOn: [...ct.requires[i]!].filter((r) => !isSatisfied(status[r]!)).map((r) => ct.nodes[r]!.id),
  }));
  return { nodeId, status: 'locked', plan };
}
