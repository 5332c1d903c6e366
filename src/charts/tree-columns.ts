// Track columns of the tree picture: each track gets its own run of slots, left to right in the
// tree's track order, wide enough for the most boxes that track has in any one layer. ELK's
// interactive placement keeps each box at (or just right of) its slot, so a track's boxes stay
// under its header; the headers are then measured from where the boxes really are.
import type { Tree, TreeNode } from '../engine/types.ts';
import { drawable, fitLabel } from './text-fit.ts';

/** Space between two boxes of one track in a layer, and extra space between two tracks. */
export const SLOT_GAP = 8;
export const TRACK_GAP = 16;
const HEADER_FONT = 11;
const HEADER_LINES = 2;

export interface TrackSlots {
  /** Where each node's box should start, in px from the left of the grid. */
  readonly x: ReadonlyMap<string, number>;
  /** Width of all the columns with their gaps, in px. */
  readonly width: number;
  /** Slots in all, and tracks with a column. */
  readonly slots: number;
  readonly tracks: number;
}

/**
 * Slots for `nodes` (in model order: tier, then track) with boxes `boxWidth` px wide: a track
 * is as many slots wide as the most of its boxes that share one layer. Tracks with no box
 * shown get no column.
 */
export function trackSlots(tree: Tree, nodes: readonly TreeNode[], layers: ReadonlyMap<string, number>, boxWidth: number): TrackSlots {
  const cells = new Map<string, string[]>();
  for (const n of nodes) {
    const key = `${layers.get(n.id) ?? 0}\u0000${n.track}`;
    cells.set(key, [...(cells.get(key) ?? []), n.id]);
  }
  const slotsOf = new Map<string, number>();
  for (const [key, ids] of cells) {
    const track = key.split('\u0000')[1] ?? '';
    slotsOf.set(track, Math.max(slotsOf.get(track) ?? 0, ids.length));
  }
  const start = new Map<string, number>();
  let width = 0;
  let total = 0;
  for (const track of tree.tracks) {
    const slots = slotsOf.get(track.id);
    if (slots === undefined) continue;
    if (start.size > 0) width += TRACK_GAP + SLOT_GAP;
    start.set(track.id, width);
    width += slots * boxWidth + (slots - 1) * SLOT_GAP;
    total += slots;
  }
  const x = new Map<string, number>();
  for (const n of nodes) {
    const cell = cells.get(`${layers.get(n.id) ?? 0}\u0000${n.track}`) ?? [];
    x.set(n.id, (start.get(n.track) ?? 0) + cell.indexOf(n.id) * (boxWidth + SLOT_GAP));
  }
  return { x, width, slots: total, tracks: start.size };
}

/**
 * Box width for a pinned layout of `slots` slots and `tracks` tracks within `room` px: as wide
 * as fits, between `min` and `max`.
 */
export function slotWidth(slots: number, tracks: number, room: number, min: number, max: number): number {
  const gaps = (slots - 1) * SLOT_GAP + (tracks - 1) * TRACK_GAP;
  return Math.max(min, Math.min(max, Math.floor((room - gaps) / Math.max(1, slots))));
}

export interface Column {
  /** Left and right edge of the column: every box of the track lies within them. */
  readonly x1: number;
  readonly x2: number;
  readonly lines: string[];
}

/**
 * One header per track shown, spanning its boxes from the leftmost to the rightmost, when no
 * other track's box reaches into any of those spans; otherwise none at all, because a header
 * over boxes of another track would mislead.
 */
export function trackHeaders(tree: Tree, nodes: readonly TreeNode[], boxes: readonly { id: string; x: number; w: number }[]): Column[] {
  const trackOf = new Map(nodes.map((n) => [n.id, n.track]));
  const columns = tree.tracks.flatMap((track) => {
    const mine = boxes.filter((b) => trackOf.get(b.id) === track.id);
    if (mine.length === 0) return [];
    return [{ track, x1: Math.min(...mine.map((b) => b.x)), x2: Math.max(...mine.map((b) => b.x + b.w)) }];
  });
  const clash = columns.some((c) => boxes.some((b) => trackOf.get(b.id) !== c.track.id && b.x < c.x2 && c.x1 < b.x + b.w));
  if (clash) return [];
  return columns.map((c) => ({ x1: c.x1, x2: c.x2, lines: fitLabel(drawable(c.track.title) || c.track.id, c.x2 - c.x1 + 4, HEADER_FONT, HEADER_LINES, true) }));
}
