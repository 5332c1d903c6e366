// A team's state on one tree is the replay of its events up to an instant.
import type { CompiledTree } from './compiled-tree.ts';
import type { NodeState, NodeStatus, ProgressEvent } from './types.ts';

/** Status codes, ordered so that `>= AVAILABLE` means "unlocked". */
export const LOCKED = 0;
export const AVAILABLE = 1;
export const IN_PROGRESS = 2;
export const DONE = 3;
export const SKIPPED = 4;

const STATUS_NAMES: readonly NodeStatus[] = ['locked', 'available', 'in_progress', 'done', 'skipped'];

export function statusName(code: number): NodeStatus {
  return STATUS_NAMES[code]!;
}

export interface TeamProgress {
  readonly ct: CompiledTree;
  /** Status code per node index. */
  readonly status: Uint8Array;
  readonly outOfOrder: Uint8Array;
  readonly since: readonly (Date | undefined)[];
  readonly reasons: ReadonlyMap<number, string>;
  /** The last done or skipped event on this tree, if any. */
  readonly lastProgressAt?: Date;
}

/** Events ordered by time; ties keep their given order (the store's insertion order). */
export function orderEvents<E extends ProgressEvent>(events: readonly E[]): readonly E[] {
  for (let i = 1; i < events.length; i++) {
    if (events[i]!.at.getTime() < events[i - 1]!.at.getTime()) {
      return [...events].sort((a, b) => a.at.getTime() - b.at.getTime());
    }
  }
  return events;
}

const NONE = 0;
const FACT_DONE = 1;
const FACT_STARTED = 2;
const FACT_SKIPPED = 3;

/**
 * Replays `events` (ordered, see orderEvents) up to and including `at`.
 * Events for nodes outside this tree are ignored: a team's history spans all its trees.
 */
export function replay(ct: CompiledTree, events: readonly ProgressEvent[], at?: Date): TeamProgress {
  const n = ct.nodes.length;
  const fact = new Uint8Array(n);
  const since: (Date | undefined)[] = new Array(n);
  const reasons = new Map<number, string>();
  const limit = at?.getTime() ?? Number.POSITIVE_INFINITY;
  let lastProgressAt: Date | undefined;

  for (const e of events) {
    if (e.at.getTime() > limit) break;
    const i = ct.indexOf.get(e.nodeId);
    if (i === undefined) continue;
    const f = fact[i]!;
    switch (e.kind) {
      case 'done':
        if (f !== FACT_DONE) {
          fact[i] = FACT_DONE;
          since[i] = e.at;
          reasons.delete(i);
        }
        lastProgressAt = e.at;
        break;
      case 'undone':
        // Takes back the latest claim: a completion, or a start.
        if (f === FACT_DONE || f === FACT_STARTED) {
          fact[i] = NONE;
          since[i] = undefined;
        }
        break;
      case 'started':
        if (f === NONE) {
          fact[i] = FACT_STARTED;
          since[i] = e.at;
        }
        break;
      case 'skipped':
        fact[i] = FACT_SKIPPED;
        since[i] = e.at;
        if (e.reason) reasons.set(i, e.reason);
        lastProgressAt = e.at;
        break;
      case 'unskipped':
        if (f === FACT_SKIPPED) {
          fact[i] = NONE;
          since[i] = undefined;
          reasons.delete(i);
        }
        break;
    }
  }

  const status = new Uint8Array(n);
  const outOfOrder = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let met = true;
    for (const r of ct.requires[i]!) {
      const fr = fact[r]!;
      if (fr !== FACT_DONE && fr !== FACT_SKIPPED) {
        met = false;
        break;
      }
    }
    const f = fact[i]!;
    if (f === FACT_DONE) status[i] = DONE;
    else if (f === FACT_SKIPPED) status[i] = SKIPPED;
    else if (f === FACT_STARTED) status[i] = IN_PROGRESS;
    else status[i] = met ? AVAILABLE : LOCKED;
    if (!met && (f === FACT_DONE || f === FACT_STARTED)) outOfOrder[i] = 1;
  }
  return { ct, status, outOfOrder, since, reasons, lastProgressAt };
}

/**
 * How many nodes of `ct` are done at each of `instants` (ascending; events at an instant count),
 * by the same rules as `replay`, in one pass over `events` (ordered, see orderEvents): for
 * counts over many instants, where a replay per instant would walk the history again each time.
 */
export function doneCountsAt(ct: CompiledTree, events: readonly ProgressEvent[], instants: readonly Date[]): number[] {
  const limits = instants.map((d) => d.getTime());
  const counts: number[] = [];
  const fact = new Uint8Array(ct.nodes.length);
  let done = 0;
  for (const e of events) {
    const at = e.at.getTime();
    while (counts.length < limits.length && at > limits[counts.length]!) counts.push(done);
    if (counts.length === limits.length) return counts;
    const i = ct.indexOf.get(e.nodeId);
    if (i === undefined) continue;
    const before = fact[i]!;
    const after = nextFact(before, e.kind);
    fact[i] = after;
    done += Number(after === FACT_DONE) - Number(before === FACT_DONE);
  }
  while (counts.length < limits.length) counts.push(done);
  return counts;
}

/** The fact a node holds after an event of `kind`: the transitions of `replay`'s switch. */
function nextFact(f: number, kind: ProgressEvent['kind']): number {
  switch (kind) {
    case 'done':
      return FACT_DONE;
    case 'undone':
      return f === FACT_DONE || f === FACT_STARTED ? NONE : f;
    case 'started':
      return f === NONE ? FACT_STARTED : f;
    case 'skipped':
      return FACT_SKIPPED;
    case 'unskipped':
      return f === FACT_SKIPPED ? NONE : f;
    default:
      return f;
  }
}

export function isSatisfied(code: number): boolean {
  return code === DONE || code === SKIPPED;
}

export function nodeState(p: TeamProgress, i: number): NodeState {
  const since = p.since[i];
  const reason = p.reasons.get(i);
  return {
    nodeId: p.ct.nodes[i]!.id,
    status: statusName(p.status[i]!),
    outOfOrder: p.outOfOrder[i] === 1,
    ...(since ? { since } : {}),
    ...(reason ? { reason } : {}),
  };
}

export function nodeStates(p: TeamProgress): ReadonlyMap<string, NodeState> {
  return new Map(p.ct.nodes.map((node, i) => [node.id, nodeState(p, i)]));
}

/** The direct prerequisites of node `i` that are neither done nor skipped. */
export function missingPrerequisites(p: TeamProgress, i: number): number[] {
  return [...p.ct.requires[i]!].filter((r) => !isSatisfied(p.status[r]!));
}
