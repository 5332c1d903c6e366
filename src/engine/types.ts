// Domain types shared by every layer. The engine is pure: data in, data out, `now` passed in.

export type EffortSize = 'S' | 'M' | 'L' | 'XL';

export interface Effort {
  readonly size: EffortSize;
  /** Person-weeks, [low, high]. */
  readonly weeks: readonly [number, number];
}

export interface Link {
  readonly title: string;
  readonly url: string;
}

export interface Tier {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
}

export interface Track {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
}

export interface TreeNode {
  readonly id: string;
  readonly title: string;
  /** A shorter label for pictures, where the title would not fit (e.g. repeats its tier and track). */
  readonly short?: string;
  readonly tier: string;
  readonly track: string;
  readonly summary: string;
  /** Free-form labels; a tag may be shared by several nodes (matching says "ambiguous" then). */
  readonly tags: readonly string[];
  /** Short names users type ("falco", "k8s"); unique across every loaded tree. */
  readonly aliases: readonly string[];
  readonly effort: Effort;
  readonly steps: readonly string[];
  readonly requires: readonly string[];
  readonly links: readonly Link[];
}

export interface Tree {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly tiers: readonly Tier[];
  readonly tracks: readonly Track[];
  readonly nodes: readonly TreeNode[];
}

export type EventKind = 'done' | 'undone' | 'started' | 'skipped' | 'unskipped';

export const EVENT_KINDS: readonly EventKind[] = ['done', 'undone', 'started', 'skipped', 'unskipped'];

/** One recorded change of a team's progress. Events are never edited; state is their replay. */
export interface ProgressEvent {
  readonly kind: EventKind;
  readonly nodeId: string;
  readonly at: Date;
  readonly actor?: string;
  readonly platform?: string;
  /** `done --force` on a locked node. */
  readonly force?: boolean;
  /** Why a node was skipped. */
  readonly reason?: string;
}

export type NodeStatus = 'done' | 'skipped' | 'in_progress' | 'available' | 'locked';

export const NODE_STATUSES: readonly NodeStatus[] = ['done', 'skipped', 'in_progress', 'available', 'locked'];

export interface NodeState {
  readonly nodeId: string;
  readonly status: NodeStatus;
  /** Done or in progress while a prerequisite is still neither done nor skipped. */
  readonly outOfOrder: boolean;
  /** When the node reached its current done/skipped/in-progress state. */
  readonly since?: Date;
  /** The skip reason, for skipped nodes. */
  readonly reason?: string;
}
