// Geometry of the tech-tree picture, in px, computed by the Eclipse Layout Kernel (elkjs):
// a layered layout flowing down, each tier its own run of layers (so a tier's nodes never
// leave its band), tracks kept left to right inside a layer by model order, and edges
// routed orthogonally around the boxes, each edge on its own attachment points (no shared
// trunks), so every prerequisite can be followed from its box to its dependant's.
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { NodeState, NodeStatus, Tree, TreeNode } from '../engine/types.ts';
import { drawable, fitLabel, readableName } from './text-fit.ts';

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
  readonly from: string;
  readonly to: string;
  /** Orthogonal polyline from the prerequisite's box to its dependant's. */
  readonly points: readonly Point[];
  /** The prerequisite is done or skipped. */
  readonly met: boolean;
}

export interface TierBand {
  readonly y: number;
  readonly y2: number;
  readonly shaded: boolean;
  /** The tier title, wrapped to the band's height: it is drawn turned, reading upwards. */
  readonly lines: readonly string[];
}

export interface TrackHeader {
  /** Centre of the column. */
  readonly x: number;
  readonly y: number;
  readonly lines: readonly string[];
}

export interface TreeLayout {
  readonly width: number;
  /** Titles over the tracks whose boxes all stand in one column of their own; often none. */
  readonly trackHeaders: readonly TrackHeader[];
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
export const TIER_FONT = 12;
export const TIER_LINE = 15;
const BOX_WIDTH = 104;
const FONT_SIZE = 11;
const LINE_HEIGHT = 14;
const TEXT_PAD = 5;
const MAX_LINES = 3;
const BAND_PAD = 10;
const HEADER_FONT = 11;
const HEADER_HEIGHT = 36;
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
  'elk.layered.spacing.nodeNodeBetweenLayers': '26',
  'elk.spacing.edgeNode': '8',
  'elk.spacing.edgeEdge': '5',
  'elk.layered.spacing.edgeNodeBetweenLayers': '8',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '5',
  'elk.padding': `[top=${BAND_PAD},left=0,bottom=${BAND_PAD},right=0]`,
};

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
  const shown = new Set(ordered.map((n) => n.id));
  const layers = layerOf(tree, ordered);
  const labels = new Map(ordered.map((n) => {
    const textWidth = BOX_WIDTH - 2 * TEXT_PAD - (states.get(n.id)?.outOfOrder ? BADGE_ROOM : 0);
    return [n.id, fitLabel(readableName(n.short ?? n.title, n.id), textWidth, FONT_SIZE, MAX_LINES)];
  }));
  const lines = Math.max(2, ...[...labels.values()].map((l) => l.length));
  const boxHeight = lines * LINE_HEIGHT + 2 * TEXT_PAD;

  const graph: ElkNode = {
    id: 'tree',
    layoutOptions: LAYOUT_OPTIONS,
    children: ordered.map((n) => ({ id: n.id, width: BOX_WIDTH, height: boxHeight, x: (layers.get(n.id) ?? 0) * LAYER_HINT, y: (layers.get(n.id) ?? 0) * LAYER_HINT })),
    edges: ordered.flatMap((n) => n.requires.filter((r) => shown.has(r)).map((r) => ({ id: `${r}>${n.id}`, sources: [r], targets: [n.id] }))),
  };
  const laid = await (await loadElk()).layout(graph);

  const elkPlaced = (laid.children ?? []).map((c) => ({ id: c.id, x: c.x ?? 0, y: c.y ?? 0, w: c.width ?? BOX_WIDTH, h: c.height ?? boxHeight }));
  // Headers only when every track shown reads as a column: one or two alone would mislead.
  const tracksShown = new Set(ordered.map((n) => n.track));
  const candidates = trackColumns(tree, ordered, elkPlaced);
  const columns = candidates.length === tracksShown.size ? candidates : [];
  // A header row on top when at least one track reads as a column.
  const top = columns.length > 0 ? HEADER_HEIGHT : 0;
  const placed = elkPlaced.map((c) => ({ ...c, y: c.y + top }));
  const height = (laid.height ?? 0) + top;
  const bands = tierBands(tree, ordered, placed, height, top);
  const tierColumn = Math.max(1, ...bands.map((b) => b.lines.length)) * TIER_LINE + 10;
  const boxes: LaidOutBox[] = placed.map((c) => ({
    id: c.id,
    status: status.get(c.id) ?? 'locked',
    outOfOrder: states.get(c.id)?.outOfOrder ?? false,
    x: tierColumn + c.x,
    x2: tierColumn + c.x + c.w,
    y: c.y,
    y2: c.y + c.h,
    lines: labels.get(c.id) ?? [c.id],
  }));
  return {
    width: tierColumn + (laid.width ?? 0),
    tierColumn,
    trackHeaders: columns.map((c) => ({ x: tierColumn + c.x, y: top / 2, lines: c.lines })),
    height,
    fontSize: FONT_SIZE,
    lineHeight: LINE_HEIGHT,
    boxes,
    edges: (laid.edges ?? []).map((e) => laidOutEdge(e as ElkExtendedEdge, status, tierColumn, top)),
    bands,
  };
}

/**
 * Each node's layer: the tiers follow one another, and inside a tier a node goes one layer
 * below its deepest prerequisite of the same tier (the longest path), so every line points down.
 */
function layerOf(tree: Tree, nodes: readonly TreeNode[]): Map<string, number> {
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
  const layers = new Map<string, number>();
  let start = 0;
  for (const tier of tree.tiers) {
    const inTier = nodes.filter((n) => n.tier === tier.id);
    if (inTier.length === 0) continue;
    for (const n of inTier) layers.set(n.id, start + depthOf(n, new Set()));
    start += 1 + Math.max(...inTier.map((n) => depth.get(n.id) ?? 0));
  }
  return layers;
}

function laidOutEdge(e: ElkExtendedEdge, status: ReadonlyMap<string, NodeStatus>, dx: number, dy: number): LaidOutEdge {
  const from = e.sources[0] as string;
  const to = e.targets[0] as string;
  const points = (e.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]).map((p) => ({ x: dx + p.x, y: dy + p.y }));
  const s = status.get(from);
  return { from, to, points, met: s === 'done' || s === 'skipped' };
}

/**
 * One band per tier that has a box, tiling the picture from top to bottom: each boundary lies
 * halfway between the last box of one tier and the first of the next.
 */
function tierBands(tree: Tree, nodes: readonly TreeNode[], boxes: readonly { id: string; y: number; h: number }[], height: number, top: number): TierBand[] {
  const boxOf = new Map(boxes.map((b) => [b.id, b]));
  const spans = tree.tiers.flatMap((tier) => {
    const inTier = nodes.filter((n) => n.tier === tier.id).map((n) => boxOf.get(n.id)).filter((b) => b !== undefined);
    if (inTier.length === 0) return [];
    return [{ tier, top: Math.min(...inTier.map((b) => b.y)), bottom: Math.max(...inTier.map((b) => b.y + b.h)) }];
  });
  return spans.map((s, i) => {
    const prev = spans[i - 1];
    const next = spans[i + 1];
    const y = prev ? (prev.bottom + s.top) / 2 : top;
    const y2 = next ? (s.bottom + next.top) / 2 : height;
    return { y, y2, shaded: i % 2 === 0, lines: fitLabel(drawable(s.tier.title) || s.tier.id, y2 - y - 8, TIER_FONT, 3, true) };
  });
}

/**
 * Tracks whose boxes all overlap one common column that no other track's box reaches, with
 * their titles: only those can carry a header without misleading. Often none (CNCF Adoption).
 */
function trackColumns(tree: Tree, nodes: readonly TreeNode[], boxes: readonly { id: string; x: number; w: number }[]): { x: number; lines: string[] }[] {
  const trackOf = new Map(nodes.map((n) => [n.id, n.track]));
  return tree.tracks.flatMap((track) => {
    const mine = boxes.filter((b) => trackOf.get(b.id) === track.id);
    if (mine.length === 0) return [];
    const left = Math.max(...mine.map((b) => b.x));
    const right = Math.min(...mine.map((b) => b.x + b.w));
    if (right - left < 24) return [];
    if (boxes.some((b) => trackOf.get(b.id) !== track.id && b.x < right && left < b.x + b.w)) return [];
    return [{ x: (left + right) / 2, lines: fitLabel(drawable(track.title) || track.id, BOX_WIDTH + 4, HEADER_FONT, 2, true) }];
  });
}
