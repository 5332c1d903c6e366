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

export interface LaidOutEdge {
  readonly x: number;
  readonly y: number;
  readonly x2: number;
  readonly y2: number;
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
const TIER_COLUMN = 124;
const HEADER_FONT = 13;
const HEADER_HEIGHT = 44;
const CELL_PAD = 8;
const BOX_GAP = 8;
const TEXT_PAD = 6;

export function layoutTree(tree: Tree, states: ReadonlyMap<string, NodeState>): TreeLayout {
  const columnWidth = Math.max(96, Math.min(170, Math.floor((TARGET_WIDTH - TIER_COLUMN) / Math.max(1, tree.tracks.length))));
  // Narrow columns get a smaller font so two lines still hold a typical title.
  const fontSize = columnWidth >= 130 ? 12.5 : 11.5;
  const lineHeight = Math.round(fontSize * 1.25);
  const boxHeight = 2 * lineHeight + 2 * TEXT_PAD;
  const boxWidth = columnWidth - 2 * CELL_PAD;

  const cells = groupByCell(tree);
  const boxes: LaidOutBox[] = [];
  const bands: TierBand[] = [];
  const tierHeaders: LaidOutHeader[] = [];
  const centre = new Map<string, { x: number; y: number }>();

  let top = HEADER_HEIGHT;
  tree.tiers.forEach((tier, row) => {
    const stacks = tree.tracks.map((track) => cells.get(`${track.id}\u0000${tier.id}`) ?? []);
    const depth = Math.max(1, ...stacks.map((s) => s.length));
    const rowHeight = depth * boxHeight + (depth - 1) * BOX_GAP + 2 * CELL_PAD;
    bands.push({ y: top, y2: top + rowHeight, shaded: row % 2 === 0 });
    tierHeaders.push({ x: CELL_PAD, y: top + rowHeight / 2, lines: wrap(drawable(tier.title), TIER_COLUMN - 2 * CELL_PAD, HEADER_FONT, 3, true) });
    stacks.forEach((stack, col) => {
      const x = TIER_COLUMN + col * columnWidth + CELL_PAD;
      // Centre short stacks vertically so a lone node lines up with the middle of a tall row.
      const used = stack.length * boxHeight + Math.max(0, stack.length - 1) * BOX_GAP;
      let y = top + (rowHeight - used) / 2;
      for (const node of stack) {
        const state = states.get(node.id);
        boxes.push({
          id: node.id,
          status: state?.status ?? 'locked',
          outOfOrder: state?.outOfOrder ?? false,
          x,
          x2: x + boxWidth,
          y,
          y2: y + boxHeight,
          lines: wrap(drawable(node.title) || node.id, boxWidth - 2 * TEXT_PAD, fontSize, 2),
        });
        centre.set(node.id, { x: x + boxWidth / 2, y: y + boxHeight / 2 });
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
    const to = centre.get(node.id);
    for (const req of node.requires) {
      const from = centre.get(req);
      if (!from || !to) continue;
      const status = states.get(req)?.status;
      edges.push({ x: from.x, y: from.y, x2: to.x, y2: to.y, met: status === 'done' || status === 'skipped' });
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
