// Which track a box is in. Track columns: each track gets its own run of slots, left to right in
// the tree's track order, as wide as the most boxes it may set side by side in a layer (its
// cap). ELK's interactive placement keeps each box at (or just right of) its slot, so a track's
// boxes stay under its header; the headers are then measured from where the boxes really are.
// When the columns do not fit the picture, each box carries its track's letter instead, and
// the legend names the tracks.
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

/**
 * Candidate caps (per track, the most of its boxes side by side in one layer) whose columns
 * fit `room` px with boxes `boxWidth` px wide and whose count of layers `fitsHeight`, fewest
 * layers first, then fewest slots (wider boxes). `depth` is each node's depth inside its tier.
 * Arithmetic only, so the caller can afford to lay out just the first few.
 */
export function columnCaps(tree: Tree, nodes: readonly TreeNode[], depth: ReadonlyMap<string, number>, fit: { readonly room: number; readonly boxWidth: number; readonly fitsHeight: (layers: number) => boolean }): Map<string, number>[] {
  // Boxes per (tier, depth) and track.
  const cells = new Map<string, Map<string, number>>();
  for (const n of nodes) {
    const key = `${n.tier}\u0000${depth.get(n.id) ?? 0}`;
    const row = cells.get(key) ?? new Map<string, number>();
    row.set(n.track, (row.get(n.track) ?? 0) + 1);
    cells.set(key, row);
  }
  const widest = new Map<string, number>();
  for (const row of cells.values()) for (const [track, k] of row) widest.set(track, Math.max(widest.get(track) ?? 0, k));
  const tracks = tree.tracks.map((t) => t.id).filter((t) => widest.has(t));
  const out: { caps: Map<string, number>; layers: number; slots: number }[] = [];
  const visit = (i: number, caps: Map<string, number>): void => {
    if (i === tracks.length) {
      const slots = [...caps.values()].reduce((a, b) => a + b, 0);
      const width = slots * fit.boxWidth + (slots - tracks.length) * SLOT_GAP + (tracks.length - 1) * (TRACK_GAP + SLOT_GAP);
      if (width > fit.room) return;
      let layers = 0;
      for (const row of cells.values()) layers += Math.max(...[...row].map(([t, k]) => Math.ceil(k / (caps.get(t) ?? 1))));
      if (!fit.fitsHeight(layers)) return;
      out.push({ caps: new Map(caps), layers, slots });
      return;
    }
    const track = tracks[i] as string;
    for (let c = 1; c <= (widest.get(track) ?? 1); c++) visit(i + 1, caps.set(track, c));
  };
  visit(0, new Map());
  return out.sort((a, b) => a.layers - b.layers || a.slots - b.slots).map((c) => c.caps);
}

/**
 * The track letter's chip: a square of TAG_SIZE px centred on a box's top-left corner (see
 * chipOf in tree-layout.ts), so it takes only TAG_ROOM px of the text's room.
 */
export const TAG_SIZE = 12;
export const TAG_ROOM = 4;

export interface TrackTag {
  readonly track: string;
  /** "A" for the tree's first track, "B" for the second…: the same letter in every picture of the tree. */
  readonly tag: string;
  /** The track's title as the legend shows it. */
  readonly title: string;
}

/** One letter per track that has a box among `nodes`, in the tree's track order. */
export function trackTags(tree: Tree, nodes: readonly TreeNode[]): TrackTag[] {
  const shown = new Set(nodes.map((n) => n.track));
  return tree.tracks.flatMap((t, i) => (shown.has(t.id) ? [{ track: t.id, tag: tagOf(i), title: drawable(t.title) || t.id }] : []));
}

// A…Z, then A2…Z2: a tree with more than 26 tracks is not one anyone draws, but it stays exact.
function tagOf(i: number): string {
  return String.fromCharCode(65 + (i % 26)) + (i >= 26 ? String(Math.floor(i / 26) + 1) : '');
}
