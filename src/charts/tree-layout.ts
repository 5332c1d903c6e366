// Geometry of the tech-tree picture, in px, computed by the Eclipse Layout Kernel (elkjs):
// a layered layout flowing down, each tier its own run of layers (so a tier's nodes never
// leave its band), each track its own column under its header when the columns fit
// (tree-columns.ts), else tracks kept left to right inside a layer by model order and each box
// marked with its track's letter, and edges routed orthogonally around the boxes, each edge on
// its own attachment points (no shared trunks) and never on one line with an unrelated edge
// (tree-lines.ts), so every prerequisite can be followed from its box to its dependant's.
// ELK's answer depends only on the tree and the boxes, never on the team's colours, so it is
// cached.
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import { LRUCache } from 'lru-cache';
import type { NodeState, NodeStatus, Tree, TreeNode } from '../engine/types.ts';
import { fitLabel, readableName } from './text-fit.ts';
import { stretched, tierBands, TIER_LINE, type Stretch, type TierBand } from './tree-bands.ts';
import { columnCaps, slotWidth, TAG_ROOM, TAG_SIZE, trackHeaders, trackSlots, trackTags, type TrackTag } from './tree-columns.ts';
import { separateLines } from './tree-lines.ts';

export { TIER_FONT, TIER_LINE, type TierBand } from './tree-bands.ts';
export { TAG_ROOM, TAG_SIZE, type TrackTag } from './tree-columns.ts';

export interface LaidOutBox {
  readonly id: string;
  readonly status: NodeStatus;
  readonly outOfOrder: boolean;
  readonly x: number;
  readonly x2: number;
  readonly y: number;
  readonly y2: number;
  readonly lines: readonly string[];
  /** The letter of the box's track (see `TreeLayout.trackTags`), set when there are no track headers. */
  readonly tag?: string;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface LaidOutEdge {
  readonly from: string;
  readonly to: string;
  /** Orthogonal polyline from the prerequisite's box to its dependant's. */
  readonly points: readonly Point[];
  /** The prerequisite is done or skipped. */
  readonly met: boolean;
}

export interface TrackHeader {
  /** Centre of the column. */
  readonly x: number;
  /** Left and right edge of the column: every box of the track lies within them. */
  readonly x1: number;
  readonly x2: number;
  readonly y: number;
  readonly lines: readonly string[];
}

export interface TreeLayout {
  readonly width: number;
  /** One title per track over its column, or none when the tracks do not stand in columns of their own. */
  readonly trackHeaders: readonly TrackHeader[];
  /**
   * When there are no track headers: one letter per track shown, which each box carries at its
   * left ({@link TAG_ROOM} px) and the legend explains; else none.
   */
  readonly trackTags: readonly TrackTag[];
  /** Width of the column of turned tier titles at the left; boxes start right of it. */
  readonly tierColumn: number;
  /** Bottom of the last band; the legend goes below it. */
  readonly height: number;
  readonly fontSize: number;
  readonly lineHeight: number;
  readonly boxes: readonly LaidOutBox[];
  readonly edges: readonly LaidOutEdge[];
  readonly bands: readonly TierBand[];
  /** Set when the tree was too big for one picture and only the team's neighbourhood is drawn. */
  readonly shown?: { readonly nodes: number; readonly of: number };
}

/** Largest natural size of the grid that still fits a 1024 px picture with title and legend, 1:1. */
export const MAX_GRID = { width: 990, height: 820 } as const;
/** Room kept free at a box's right edge for the out-of-order badge. */
export const BADGE_ROOM = 8;
const BOX_WIDTH = 104;
/** Narrowest a box gets so that every track has a column of its own (eight tracks). */
const MIN_BOX_WIDTH = 92;
/** Widest a box grows when the track columns leave room (Cloud Native Maturity's five). */
const MAX_BOX_WIDTH = 150;
/** Width the turned tier titles take before they are measured: two lines. */
const TIER_COLUMN_GUESS = 2 * TIER_LINE + 10;
const FONT_SIZE = 11;
const LINE_HEIGHT = 14;
const TEXT_PAD = 5;
const MAX_LINES = 3;
const BAND_PAD = 10;
const HEADER_HEIGHT = 36;
const LAYER_GAP = 26;
/** Pinned layouts ELK is asked for before giving up on track columns. */
const PINNED_TRIES = 3;
/** Distance between the layer positions handed to ELK's interactive layering (x and y, as the layering reads its own axis); any will do. */
const LAYER_HINT = 1000;

// Loaded on the first tree picture: 1.6 MB of JavaScript that the digest charts never need.
// The CommonJS bundle's constructor is both module.exports and its .default; types know the latter.
let elk: Promise<{ layout(graph: ElkNode): Promise<ElkNode> }> | undefined;
export const loadElk = () => (elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default.default()));

const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  // ELK's partitioning keeps tiers in order but lets the layers of two tiers overlap, so the
  // layer of each node is given (see layerOf) and read back by the interactive layering.
  'elk.layered.layering.strategy': 'INTERACTIVE',
  // One graph, not one layout per connected part, or each part restarts at the top.
  'elk.separateConnectedComponents': 'false',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  // Keep each layer in model order (tier, then track): a grid-like tree keeps its columns.
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
  'elk.layered.mergeEdges': 'false',
  // Linear segments keeps long prerequisite lines straight and the picture narrowest.
  'elk.layered.nodePlacement.strategy': 'LINEAR_SEGMENTS',
  'elk.spacing.nodeNode': '8',
  'elk.layered.spacing.nodeNodeBetweenLayers': String(LAYER_GAP),
  'elk.spacing.edgeNode': '8',
  'elk.spacing.edgeEdge': '5',
  'elk.layered.spacing.edgeNodeBetweenLayers': '8',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '5',
  'elk.padding': `[top=${BAND_PAD},left=0,bottom=${BAND_PAD},right=0]`,
};

// Each box starts at its track column's slot (the x handed in), as far as the lines passing
// between boxes allow (ELK pushes a box right of a line's bend): crossing minimisation and
// node placement both read the given x, and trackHeaders checks where the boxes ended up.
const PINNED_OPTIONS: Record<string, string> = {
  ...LAYOUT_OPTIONS,
  'elk.layered.crossingMinimization.strategy': 'INTERACTIVE',
  'elk.layered.nodePlacement.strategy': 'INTERACTIVE',
};

interface Choice {
  readonly layers: ReadonlyMap<string, number>;
  readonly boxWidth: number;
  readonly pinned: boolean;
}

// The layout each set of boxes ended with, so that the next team's picture of it goes straight
// there instead of through the pinned layouts that did not fit.
const chosen = new LRUCache<string, Choice>({ max: 64 });

// A layout is a pure function of ELK's input graph; one tree picture asked for by every team
// of an org lays out the same few graphs again and again.
const laidOut = new LRUCache<string, ElkNode>({ max: 64 });

async function elkLayout(graph: ElkNode): Promise<ElkNode> {
  const key = JSON.stringify(graph);
  const known = laidOut.get(key);
  if (known) return known;
  const laid = await (await loadElk()).layout(graph);
  laidOut.set(key, laid);
  return laid;
}

/**
 * Each node's status. A node the caller sent no state for (a team with no events yet) is
 * worked out the engine's way, so a fresh team sees its first nodes available, not locked.
 */
export function statusesOf(tree: Tree, states: ReadonlyMap<string, NodeState>): Map<string, NodeStatus> {
  const met = (id: string) => ['done', 'skipped'].includes(states.get(id)?.status ?? 'locked');
  return new Map(tree.nodes.map((n) => [n.id, states.get(n.id)?.status ?? (n.requires.every(met) ? 'available' : 'locked')]));
}

/**
 * Lays the tree out with ELK. When the whole tree would not fit {@link MAX_GRID}, lays out
 * the team's neighbourhood instead (see {@link neighbourhood}) and says so in `shown`.
 * Throws what elkjs throws for a graph it cannot lay out (a bug, never user input).
 */
export async function layoutTree(tree: Tree, states: ReadonlyMap<string, NodeState>): Promise<TreeLayout> {
  const status = statusesOf(tree, states);
  const whole = await layoutNodes(tree, tree.nodes, states, status);
  if (whole.width <= MAX_GRID.width && whole.height <= MAX_GRID.height) return whole;
  // Too big: the neighbourhood, then without the done work it builds on; past that, the
  // renderer scales the picture down to fit.
  let near = neighbourhood(tree, status, true);
  let part = await layoutNodes(tree, near, states, status);
  if (part.width > MAX_GRID.width || part.height > MAX_GRID.height) {
    near = neighbourhood(tree, status, false);
    part = await layoutNodes(tree, near, states, status);
  }
  return { ...part, shown: { nodes: near.length, of: tree.nodes.length } };
}

/**
 * What a team needs to see when the whole tree is too big: what it can start or is doing,
 * what those build on (with `withPrerequisites`), and what they unlock next. A team with
 * nothing available sees the first tier.
 */
export function neighbourhood(tree: Tree, status: ReadonlyMap<string, NodeStatus>, withPrerequisites: boolean): TreeNode[] {
  const open = tree.nodes.filter((n) => status.get(n.id) === 'available' || status.get(n.id) === 'in_progress');
  const focus = open.length > 0 ? open : tree.nodes.filter((n) => n.tier === tree.tiers[0]?.id);
  const ids = new Set(focus.map((n) => n.id));
  if (withPrerequisites) for (const n of focus) for (const r of n.requires) ids.add(r);
  for (const n of tree.nodes) if (n.requires.some((r) => focus.some((f) => f.id === r))) ids.add(n.id);
  return tree.nodes.filter((n) => ids.has(n.id));
}

async function layoutNodes(tree: Tree, nodes: readonly TreeNode[], states: ReadonlyMap<string, NodeState>, status: ReadonlyMap<string, NodeStatus>): Promise<TreeLayout> {
  const tierIndex = new Map(tree.tiers.map((t, i) => [t.id, i]));
  const trackIndex = new Map(tree.tracks.map((t, i) => [t.id, i]));
  // Model order: tier, then track, so ELK keeps tracks left to right within each tier.
  const ordered = [...nodes].sort((a, b) => (tierIndex.get(a.tier) ?? 0) - (tierIndex.get(b.tier) ?? 0) || (trackIndex.get(a.track) ?? 0) - (trackIndex.get(b.track) ?? 0));
  const depth = depthsOf(ordered);
  // Which layout won depends only on the boxes (titles, places in the tree, badges), never on
  // the colours; keyed by content, since each pool thread gets its own copy of the tree.
  const key = JSON.stringify([tree.tiers.map((t) => [t.id, t.title]), tree.tracks.map((t) => [t.id, t.title]), ordered.map((n) => [n.id, n.short ?? n.title, n.tier, n.track, n.requires, states.get(n.id)?.outOfOrder ?? false])]);
  const known = chosen.get(key);
  if (known) return layoutWith(tree, ordered, known.layers, states, status, known.boxWidth, known.pinned);
  const choose = (c: Choice) => chosen.set(key, c);
  // Track columns: each track as many boxes wide as its cap, its other boxes of a depth in
  // extra layers below, trying the caps with the fewest layers that fit at the narrowest box;
  // the boxes then take the room there is.
  const room = MAX_GRID.width - TIER_COLUMN_GUESS;
  const fitsHeight = (layers: number) => HEADER_HEIGHT + 2 * BAND_PAD + layers * (2 * LINE_HEIGHT + 2 * TEXT_PAD + LAYER_GAP) - LAYER_GAP <= MAX_GRID.height;
  for (const caps of columnCaps(tree, ordered, depth, { room, boxWidth: MIN_BOX_WIDTH, fitsHeight }).slice(0, PINNED_TRIES)) {
    const layers = layerOf(tree, ordered, depth, caps);
    const narrow = trackSlots(tree, ordered, layers, MIN_BOX_WIDTH);
    const boxWidth = slotWidth(narrow.slots, narrow.tracks, room, MIN_BOX_WIDTH, MAX_BOX_WIDTH);
    const pinned = await layoutWith(tree, ordered, layers, states, status, boxWidth, true);
    if (pinned.trackHeaders.length > 0 && pinned.width <= MAX_GRID.width && pinned.height <= MAX_GRID.height) {
      choose({ layers, boxWidth, pinned: true });
      return pinned;
    }
  }
  // No columns fit (CNCF Adoption: six tracks with up to three boxes side by side need twelve
  // slots, or ten layers of three-line boxes): the tracks' boxes interleave, so each box
  // carries its track's letter and the legend names the tracks.
  const layers = layerOf(tree, ordered, depth, new Map());
  choose({ layers, boxWidth: BOX_WIDTH, pinned: false });
  return layoutWith(tree, ordered, layers, states, status, BOX_WIDTH, false);
}

async function layoutWith(tree: Tree, ordered: readonly TreeNode[], layers: ReadonlyMap<string, number>, states: ReadonlyMap<string, NodeState>, status: ReadonlyMap<string, NodeStatus>, boxWidth: number, pinned: boolean): Promise<TreeLayout> {
  const shown = new Set(ordered.map((n) => n.id));
  const labels = new Map(ordered.map((n) => {
    // Without track columns (not pinned), every box carries its track's letter at its left.
    const textWidth = boxWidth - 2 * TEXT_PAD - (states.get(n.id)?.outOfOrder ? BADGE_ROOM : 0) - (pinned ? 0 : TAG_ROOM);
    return [n.id, fitLabel(readableName(n.short ?? n.title, n.id), textWidth, FONT_SIZE, MAX_LINES)];
  }));
  const lines = Math.max(2, ...[...labels.values()].map((l) => l.length));
  const boxHeight = lines * LINE_HEIGHT + 2 * TEXT_PAD;
  const slots = pinned ? trackSlots(tree, ordered, layers, boxWidth).x : undefined;

  const graph: ElkNode = {
    id: 'tree',
    layoutOptions: pinned ? PINNED_OPTIONS : LAYOUT_OPTIONS,
    children: ordered.map((n) => {
      const layer = (layers.get(n.id) ?? 0) * LAYER_HINT;
      return { id: n.id, width: boxWidth, height: boxHeight, x: slots?.get(n.id) ?? layer, y: layer };
    }),
    edges: ordered.flatMap((n) => n.requires.filter((r) => shown.has(r)).map((r) => ({ id: `${r}>${n.id}`, sources: [r], targets: [n.id] }))),
  };
  const laid = await elkLayout(graph);

  const elkPlaced = (laid.children ?? []).map((c) => ({ id: c.id, x: c.x ?? 0, y: c.y ?? 0, w: c.width ?? boxWidth, h: c.height ?? boxHeight }));
  const columns = trackHeaders(tree, ordered, elkPlaced);
  // A header row on top when the tracks stand in columns.
  const top = columns.length > 0 ? HEADER_HEIGHT : 0;
  const placed = elkPlaced.map((c) => ({ ...c, y: c.y + top }));
  const { bands: rawBands, stretches } = tierBands(tree, ordered, placed, (laid.height ?? 0) + top, top);
  const height = stretched((laid.height ?? 0) + top, stretches);
  const tierColumn = Math.max(1, ...rawBands.map((b) => b.lines.length)) * TIER_LINE + 10;
  const tags = columns.length > 0 ? [] : trackTags(tree, ordered);
  const tagOf = new Map(ordered.map((n) => [n.id, tags.find((t) => t.track === n.track)?.tag]));
  const boxes: LaidOutBox[] = placed.map((c) => {
    const tag = tagOf.get(c.id);
    const y = stretched(c.y, stretches);
    return {
      id: c.id,
      status: status.get(c.id) ?? 'locked',
      outOfOrder: states.get(c.id)?.outOfOrder ?? false,
      x: tierColumn + c.x,
      x2: tierColumn + c.x + c.w,
      y,
      y2: y + c.h,
      lines: labels.get(c.id) ?? [c.id],
      ...(tag === undefined ? {} : { tag }),
    };
  });
  return {
    width: tierColumn + (laid.width ?? 0),
    tierColumn,
    trackHeaders: columns.map((c) => ({ x: tierColumn + (c.x1 + c.x2) / 2, x1: tierColumn + c.x1, x2: tierColumn + c.x2, y: top / 2, lines: c.lines })),
    trackTags: tags,
    height,
    fontSize: FONT_SIZE,
    lineHeight: LINE_HEIGHT,
    boxes,
    edges: separateLines((laid.edges ?? []).map((e) => laidOutEdge(e as ElkExtendedEdge, status, tierColumn, top, stretches)), [...boxes, ...boxes.filter((b) => b.tag !== undefined).map(chipOf)], boxes),
    bands: rawBands,
  };
}

/**
 * The track letter's chip of `box`: a square of {@link TAG_SIZE} px centred on its top-left
 * corner, clear of the text, of the lines (which meet a box away from its corners) and of the
 * out-of-order badge on the next box's right edge.
 */
export function chipOf(box: LaidOutBox): { id: string; x: number; x2: number; y: number; y2: number } {
  return { id: `${box.id} letter`, x: box.x - TAG_SIZE / 2, x2: box.x + TAG_SIZE / 2, y: box.y - TAG_SIZE / 2, y2: box.y + TAG_SIZE / 2 };
}

/**
 * Each node's depth inside its tier: below its deepest prerequisite of the same tier (the
 * longest path), so every line points down.
 */
function depthsOf(nodes: readonly TreeNode[]): Map<string, number> {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const depth = new Map<string, number>();
  const depthOf = (n: TreeNode, seen: ReadonlySet<string>): number => {
    const known = depth.get(n.id);
    if (known !== undefined) return known;
    // Validation rejects cycles; `seen` only keeps a broken tree from recursing forever.
    const same = n.requires.map((r) => byId.get(r)).filter((r): r is TreeNode => r !== undefined && r.tier === n.tier && !seen.has(r.id));
    const d = same.length === 0 ? 0 : 1 + Math.max(...same.map((r) => depthOf(r, new Set([...seen, n.id]))));
    depth.set(n.id, d);
    return d;
  };
  for (const n of nodes) depthOf(n, new Set());
  return depth;
}

/**
 * Each node's layer: the tiers follow one another, and inside a tier the depths do. Where more
 * boxes of one track share a depth than its cap in `caps` (no cap: all of them), the rest go
 * to extra layers below.
 */
function layerOf(tree: Tree, nodes: readonly TreeNode[], depth: ReadonlyMap<string, number>, caps: ReadonlyMap<string, number>): Map<string, number> {
  const layers = new Map<string, number>();
  let start = 0;
  for (const tier of tree.tiers) {
    const inTier = nodes.filter((n) => n.tier === tier.id);
    if (inTier.length === 0) continue;
    const deepest = Math.max(...inTier.map((n) => depth.get(n.id) ?? 0));
    for (let d = 0; d <= deepest; d++) {
      // Nodes come in model order, so each track's boxes of this depth are in order too.
      const seenInTrack = new Map<string, number>();
      let rows = 1;
      for (const n of inTier.filter((x) => depth.get(x.id) === d)) {
        const k = seenInTrack.get(n.track) ?? 0;
        seenInTrack.set(n.track, k + 1);
        const row = Math.floor(k / (caps.get(n.track) ?? Infinity));
        layers.set(n.id, start + row);
        rows = Math.max(rows, row + 1);
      }
      start += rows;
    }
  }
  return layers;
}

function laidOutEdge(e: ElkExtendedEdge, status: ReadonlyMap<string, NodeStatus>, dx: number, dy: number, stretches: readonly Stretch[]): LaidOutEdge {
  const from = e.sources[0] as string;
  const to = e.targets[0] as string;
  const points = (e.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]).map((p) => ({ x: dx + p.x, y: stretched(dy + p.y, stretches) }));
  const s = status.get(from);
  return { from, to, points, met: s === 'done' || s === 'skipped' };
}
