// Geometry of the tech-tree picture, in px: tracks are columns, tiers are rows, nodes of one
// (track, tier) cell are stacked in the cell. Computed here rather than by Vega so boxes never
// overlap and text can be fitted to the box it sits in.
import type { NodeState, NodeStatus, Tree, TreeNode } from '../engine/types.ts';
import { drawable, wrap } from './text-fit.ts';

export interface LaidOutBox {
  readonly id: string;
  readonly status: NodeStatus;
  readonly outOfOrder: boolean;
  readonly x: number;
  readonly x2: number;
  readonly y: number;
  readonly y2: number;
  readonly lines: readonly string[];
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface LaidOutEdge {
  /** Control points of a smooth curve from the prerequisite to its dependant. */
  readonly points: readonly Point[];
  /** The prerequisite is done or skipped. */
  readonly met: boolean;
}

export interface LaidOutHeader {
  readonly x: number;
  readonly y: number;
  readonly lines: readonly string[];
}

export interface TierBand {
  readonly y: number;
  readonly y2: number;
  readonly shaded: boolean;
}

export interface TreeLayout {
  readonly width: number;
  /** Bottom of the grid; the legend goes below it. */
  readonly height: number;
  readonly fontSize: number;
  readonly lineHeight: number;
  readonly boxes: readonly LaidOutBox[];
  readonly edges: readonly LaidOutEdge[];
  readonly trackHeaders: readonly LaidOutHeader[];
  readonly tierHeaders: readonly LaidOutHeader[];
  readonly bands: readonly TierBand[];
}

// Aim for a picture whose natural width is at most this, so the PNG is never shrunk below 1:1.
const TARGET_WIDTH = 1000;
const TIER_COLUMN = 112;
const HEADER_FONT = 13;
const HEADER_HEIGHT = 44;
const CELL_PAD_X = 7;
const CELL_PAD_Y = 8;
const BOX_GAP = 8;
const TEXT_PAD = 5;
/** Room kept free at a box's right edge for the out-of-order badge. */
export const BADGE_ROOM = 8;

/**
 * Each node's status. A node the caller sent no state for (a team with no events yet) is
 * worked out the engine's way, so a fresh team sees its first nodes available, not locked.
 */
export function statusesOf(tree: Tree, states: ReadonlyMap<string, NodeState>): Map<string, NodeStatus> {
  const met = (id: string) => ['done', 'skipped'].includes(states.get(id)?.status ?? 'locked');
  return new Map(tree.nodes.map((n) => [n.id, states.get(n.id)?.status ?? (n.requires.every(met) ? 'available' : 'locked')]));
}

export function layoutTree(tree: Tree, states: ReadonlyMap<string, NodeState>): TreeLayout {
  const columnWidth = Math.max(96, Math.min(170, Math.floor((TARGET_WIDTH - TIER_COLUMN) / Math.max(1, tree.tracks.length))));
  // Narrow columns get a smaller font so two lines still hold a typical title.
  const fontSize = columnWidth >= 140 ? 12 : 11;
  const lineHeight = Math.round(fontSize * 1.25);
  const boxHeight = 2 * lineHeight + 2 * TEXT_PAD + 2;
  const boxWidth = columnWidth - 2 * CELL_PAD_X;

  const cells = groupByCell(tree);
  const boxes: LaidOutBox[] = [];
  const bands: TierBand[] = [];
  const tierHeaders: LaidOutHeader[] = [];
  const status = statusesOf(tree, states);
  const placedBoxes = new Map<string, LaidOutBox>();
  const tierRow = new Map(tree.tiers.map((t, i) => [t.id, i]));
  const rowOf = new Map(tree.nodes.map((n) => [n.id, tierRow.get(n.tier)]));

  let top = HEADER_HEIGHT;
  tree.tiers.forEach((tier, row) => {
    const stacks = tree.tracks.map((track) => cells.get(`${track.id}\u0000${tier.id}`) ?? []);
    const depth = Math.max(1, ...stacks.map((s) => s.length));
    const rowHeight = depth * boxHeight + (depth - 1) * BOX_GAP + 2 * CELL_PAD_Y;
    bands.push({ y: top, y2: top + rowHeight, shaded: row % 2 === 0 });
    tierHeaders.push({ x: CELL_PAD_X, y: top + rowHeight / 2, lines: wrap(drawable(tier.title), TIER_COLUMN - 2 * CELL_PAD_X, HEADER_FONT, 3, true) });
    stacks.forEach((stack, col) => {
      const x = TIER_COLUMN + col * columnWidth + CELL_PAD_X;
      // Centre short stacks vertically so a lone node lines up with the middle of a tall row.
      const used = stack.length * boxHeight + Math.max(0, stack.length - 1) * BOX_GAP;
      let y = top + (rowHeight - used) / 2;
      for (const node of stack) {
        const state = states.get(node.id);
        const outOfOrder = state?.outOfOrder ?? false;
        const textWidth = boxWidth - 2 * TEXT_PAD - (outOfOrder ? BADGE_ROOM : 0);
        const box: LaidOutBox = {
          id: node.id,
          status: status.get(node.id) ?? 'locked',
          outOfOrder,
          x,
          x2: x + boxWidth,
          y,
          y2: y + boxHeight,
          lines: wrap(drawable(node.title) || node.id, textWidth, fontSize, 2),
        };
        boxes.push(box);
        placedBoxes.set(node.id, box);
        y += boxHeight + BOX_GAP;
      }
    });
    top += rowHeight;
  });

  const trackHeaders = tree.tracks.map((track, col) => ({
    x: TIER_COLUMN + col * columnWidth + columnWidth / 2,
    y: HEADER_HEIGHT / 2,
    lines: wrap(drawable(track.title), columnWidth - 4, HEADER_FONT, 2, true),
  }));

  const edges: LaidOutEdge[] = [];
  for (const node of tree.nodes) {
    const to = placedBoxes.get(node.id);
    for (const req of node.requires) {
      const from = placedBoxes.get(req);
      if (!from || !to) continue;
      const reqStatus = status.get(req);
      edges.push({ points: curve(from, to, rowOf.get(req) === rowOf.get(node.id)), met: reqStatus === 'done' || reqStatus === 'skipped' });
    }
  }

  return {
    width: TIER_COLUMN + tree.tracks.length * columnWidth,
    height: top,
    fontSize,
    lineHeight,
    boxes,
    edges,
    trackHeaders,
    tierHeaders,
    bands,
  };
}

/**
 * Control points for a prerequisite line: down from the bottom of the prerequisite to the top
 * of its dependant, or sideways between boxes of one tier, bending halfway like a circuit
 * trace so lines run parallel instead of crossing the picture diagonally.
 */
function curve(from: LaidOutBox, to: LaidOutBox, sameRow: boolean): Point[] {
  const fx = (from.x + from.x2) / 2;
  const tx = (to.x + to.x2) / 2;
  if (sameRow && from.x === to.x) return [{ x: fx, y: from.y2 }, { x: tx, y: to.y }];
  if (sameRow) {
    const [sx, ex] = from.x < to.x ? [from.x2, to.x] : [from.x, to.x2];
    const fy = (from.y + from.y2) / 2;
    const ty = (to.y + to.y2) / 2;
    const mx = (sx + ex) / 2;
    return [{ x: sx, y: fy }, { x: mx, y: fy }, { x: mx, y: ty }, { x: ex, y: ty }];
  }
  const my = (from.y2 + to.y) / 2;
  return [{ x: fx, y: from.y2 }, { x: fx, y: my }, { x: tx, y: my }, { x: tx, y: to.y }];
}

/** Nodes per "track\0tier", each stack ordered so a prerequisite sits above its dependant. */
function groupByCell(tree: Tree): Map<string, TreeNode[]> {
  const cells = new Map<string, TreeNode[]>();
  for (const node of tree.nodes) {
    const key = `${node.track}\u0000${node.tier}`;
    cells.set(key, [...(cells.get(key) ?? []), node]);
  }
  for (const [key, stack] of cells) cells.set(key, prerequisitesFirst(stack));
  return cells;
}

function prerequisitesFirst(stack: readonly TreeNode[]): TreeNode[] {
  const ids = new Set(stack.map((n) => n.id));
  const placed = new Set<string>();
  const out: TreeNode[] = [];
  // Tiny stacks (≤ a handful of nodes): repeated passes are clearer than a full topo sort, and
  // a cycle (which validation rejects anyway) still terminates by falling back to input order.
  while (out.length < stack.length) {
    const next = stack.find((n) => !placed.has(n.id) && n.requires.every((r) => !ids.has(r) || placed.has(r)))
      ?? stack.find((n) => !placed.has(n.id)) as TreeNode;
    placed.add(next.id);
    out.push(next);
  }
  return out;
}
