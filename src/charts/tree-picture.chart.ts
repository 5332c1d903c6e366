// The tech-tree picture: one box per node, tiers as bands from top to bottom, coloured by the
// team's state, prerequisite lines routed around the boxes with an arrowhead at the dependant,
// out-of-order nodes badged, a legend below. Laid out by ELK (tree-layout.ts), hence async.
import type { TopLevelSpec } from 'vega-lite';
import type { NodeState, NodeStatus, Tree } from '../engine/types.ts';
import { chartTitle, messageSpec, SCHEMA } from './chart-frame.ts';
import { BASE_CONFIG, FONT_SIZE, INK, OUT_OF_ORDER_COLOUR, STATUS_STYLE } from './chart-theme.ts';
import { textWidth, truncate } from './text-fit.ts';
import { BADGE_ROOM, layoutTree, statusesOf, TAG_ROOM, TAG_SIZE, TIER_FONT, TIER_LINE, type TrackTag, type TreeLayout } from './tree-layout.ts';

export interface TreePictureInput {
  readonly tree: Tree;
  readonly states: ReadonlyMap<string, NodeState>;
  readonly title: string;
}

// Layers are plain JSON: Vega-Lite's layer types reject computed px scales without casts, and
// every spec is checked against Vega-Lite's own JSON schema in the tests instead.
type Layer = Record<string, unknown>;

const LEGEND_ORDER: readonly NodeStatus[] = ['done', 'in_progress', 'available', 'locked', 'skipped'];
const OUT_OF_ORDER_LABEL = 'Done or started before its prerequisites';
const LEGEND_FONT = FONT_SIZE.small + 1;
const LEGEND_ROW = 26;
const BADGE_SIZE = 260;
const TAG_FONT = 9;

/**
 * The tree picture's Vega-Lite spec, every mark at a computed px position. Throws what the
 * layout throws (a bug, never user input).
 */
export async function treePictureSpec(input: TreePictureInput): Promise<TopLevelSpec> {
  const { tree, states, title } = input;
  if (tree.nodes.length === 0 || tree.tracks.length === 0 || tree.tiers.length === 0) {
    return messageSpec(title, 'This tree has no capabilities yet', tree.title);
  }
  const layout = await layoutTree(tree, states);
  const legend = legendItems(layout.width, layout.height + 18, layout.boxes.some((b) => b.outOfOrder), layout.trackTags);
  const height = legend.bottom;
  const x = (field: string) => ({ field, type: 'quantitative' as const, axis: null, scale: { domain: [0, layout.width], nice: false, zero: false } });
  const y = (field: string) => ({ field, type: 'quantitative' as const, axis: null, scale: { domain: [0, height], nice: false, zero: false, reverse: true } });

  const layers: Layer[] = [
    {
      data: { values: layout.bands.filter((b) => b.shaded).map((b) => ({ ...b, x: 0, x2: layout.width })) },
      mark: { type: 'rect', fill: '#F4F4F4' },
      encoding: { x: x('x'), x2: { field: 'x2' }, y: y('y'), y2: { field: 'y2' } },
    },
    tierLayer(layout, x, y),
    trackLayer(layout, x, y),
    edgeLayer(layout, false, x, y),
    edgeLayer(layout, true, x, y),
    ...arrowLayers(layout, x, y),
    boxLayer(layout, false, x, y),
    boxLayer(layout, true, x, y),
    {
      // Vega's SVG output does not centre multi-line text on its baseline, so centre it here.
      data: { values: layout.boxes.map((b) => ({
        lines: b.lines,
        cx: (b.x + b.x2) / 2 - (b.outOfOrder ? BADGE_ROOM / 2 : 0) + (b.tag === undefined ? 0 : TAG_ROOM / 2),
        cy: (b.y + b.y2) / 2 - ((b.lines.length - 1) * layout.lineHeight) / 2,
        colour: STATUS_STYLE[b.status].text,
      })) },
      mark: { type: 'text', align: 'center', baseline: 'middle', fontSize: layout.fontSize, lineHeight: layout.lineHeight },
      encoding: { x: x('cx'), y: y('cy'), text: { field: 'lines' }, color: { field: 'colour', type: 'nominal', scale: null } },
    },
    ...badgeLayers(layout.boxes.filter((b) => b.outOfOrder).map((b) => ({ bx: b.x2, by: (b.y + b.y2) / 2 })), x, y),
    ...tagLayers(layout.boxes.flatMap((b) => (b.tag === undefined ? [] : [{ tag: b.tag, tx: b.x, ty: b.y }])), x, y),
    ...legend.layers(x, y),
  ];

  return {
    $schema: SCHEMA,
    title: pictureTitle(title, summary(tree, states), layout.shown),
    width: layout.width,
    height,
    config: BASE_CONFIG,
    layer: layers,
  } as unknown as TopLevelSpec;
}

type Scale = (field: string) => Record<string, unknown>;

// Tier titles are turned to read upwards, as Vega-Lite's own row headers are: a column of one
// or two text lines beside the bands leaves the boxes the width they need.
function tierLayer(layout: TreeLayout, x: Scale, y: Scale): Layer {
  return {
    data: { values: layout.bands.flatMap((b) => b.lines.map((line, i) => ({ line, tx: 5 + TIER_LINE / 2 + i * TIER_LINE, ty: (b.y + b.y2) / 2 }))) },
    mark: { type: 'text', align: 'center', baseline: 'middle', angle: 270, fontWeight: 'bold', fontSize: TIER_FONT, color: INK },
    encoding: { x: x('tx'), y: y('ty'), text: { field: 'line' } },
  };
}

function trackLayer(layout: TreeLayout, x: Scale, y: Scale): Layer {
  return {
    // Centred by hand like the box titles: Vega sets extra lines below the first.
    data: { values: layout.trackHeaders.map((h) => ({ lines: h.lines, hx: h.x, hy: h.y - ((h.lines.length - 1) * TIER_LINE) / 2 })) },
    mark: { type: 'text', align: 'center', baseline: 'middle', fontWeight: 'bold', fontSize: TIER_FONT - 1, lineHeight: TIER_LINE, color: INK },
    encoding: { x: x('hx'), y: y('hy'), text: { field: 'lines' } },
  };
}

// Met prerequisites are solid and dark: the path already walked. Unmet ones are dashed, still
// dark enough to follow to the locked node that waits for them. Drawn unmet first, so a met
// line is never hidden under a dashed one.
function edgeLayer(layout: TreeLayout, met: boolean, x: Scale, y: Scale): Layer {
  const values = layout.edges
    .map((e, edge) => ({ e, edge }))
    .filter(({ e }) => e.met === met)
    .flatMap(({ e, edge }) => e.points.map((p, order) => ({ edge, order, px: p.x, py: p.y })));
  return {
    data: { values },
    mark: met
      ? { type: 'line', interpolate: 'linear', stroke: '#555555', strokeWidth: 1.4 }
      : { type: 'line', interpolate: 'linear', stroke: '#8A8A8A', strokeWidth: 1.3, strokeDash: [5, 3] },
    encoding: { x: x('px'), y: y('py'), detail: { field: 'edge', type: 'nominal' }, order: { field: 'order', type: 'quantitative' } },
  };
}

/** An arrowhead where each line meets its dependant, pointing the way the line enters the box. */
function arrowLayers(layout: TreeLayout, x: Scale, y: Scale): Layer[] {
  const heads = layout.edges.flatMap((e) => {
    const end = e.points[e.points.length - 1];
    const before = e.points[e.points.length - 2];
    if (!end || !before) return [];
    const angle = Math.abs(end.x - before.x) > Math.abs(end.y - before.y) ? (end.x > before.x ? 90 : 270) : (end.y > before.y ? 180 : 0);
    const step = 4;
    const back = { 0: [0, step], 90: [-step, 0], 180: [0, -step], 270: [step, 0] }[angle] as [number, number];
    return [{ ax: end.x + back[0], ay: end.y + back[1], angle, colour: e.met ? '#555555' : '#8A8A8A' }];
  });
  if (heads.length === 0) return [];
  return [{
    data: { values: heads },
    mark: { type: 'point', shape: 'triangle-up', filled: true, size: 42, opacity: 1 },
    encoding: { x: x('ax'), y: y('ay'), angle: { field: 'angle', type: 'quantitative', scale: null }, color: { field: 'colour', type: 'nominal', scale: null } },
  }];
}

// Skipped boxes get a dashed outline so "not applicable" reads without colour.
function boxLayer(layout: TreeLayout, skipped: boolean, x: Scale, y: Scale): Layer {
  return {
    data: {
      values: layout.boxes
        .filter((b) => (b.status === 'skipped') === skipped)
        .map((b) => ({ x: b.x, x2: b.x2, y: b.y, y2: b.y2, fill: STATUS_STYLE[b.status].fill, stroke: STATUS_STYLE[b.status].stroke })),
    },
    mark: { type: 'rect', cornerRadius: 5, strokeWidth: 1.5, ...(skipped ? { strokeDash: [5, 3] } : {}) },
    encoding: {
      x: x('x'), x2: { field: 'x2' }, y: y('y'), y2: { field: 'y2' },
      fill: { field: 'fill', type: 'nominal', scale: null },
      stroke: { field: 'stroke', type: 'nominal', scale: null },
    },
  };
}

function badgeLayers(points: readonly { bx: number; by: number }[], x: Scale, y: Scale): Layer[] {
  if (points.length === 0) return [];
  const values = points.map((p) => ({ ...p }));
  return [
    {
      data: { values },
      mark: { type: 'point', shape: 'circle', filled: true, size: BADGE_SIZE, fill: OUT_OF_ORDER_COLOUR, stroke: '#FFFFFF', strokeWidth: 1.5, opacity: 1 },
      encoding: { x: x('bx'), y: y('by') },
    },
    {
      data: { values },
      mark: { type: 'text', text: '!', fontWeight: 'bold', fontSize: 14, color: '#FFFFFF', align: 'center', baseline: 'middle' },
      encoding: { x: x('bx'), y: y('by') },
    },
  ];
}

/**
 * A track letter on a white chip with a dark outline: it reads on every box fill, and its
 * meaning is in the legend, not in a colour.
 */
function tagLayers(chips: readonly { tag: string; tx: number; ty: number }[], x: Scale, y: Scale): Layer[] {
  if (chips.length === 0) return [];
  const values = chips.map((c) => ({ ...c, x1: c.tx - TAG_SIZE / 2, x2: c.tx + TAG_SIZE / 2, y1: c.ty - TAG_SIZE / 2, y2: c.ty + TAG_SIZE / 2 }));
  return [
    {
      data: { values },
      mark: { type: 'rect', cornerRadius: 2, fill: '#FFFFFF', stroke: INK, strokeWidth: 1 },
      encoding: { x: x('x1'), x2: { field: 'x2' }, y: y('y1'), y2: { field: 'y2' } },
    },
    {
      data: { values },
      mark: { type: 'text', fontWeight: 'bold', fontSize: TAG_FONT, color: INK, align: 'center', baseline: 'middle' },
      encoding: { x: x('tx'), y: y('ty'), text: { field: 'tag' } },
    },
  ];
}

/**
 * The legend as drawn marks, so it can explain the "!" badge alongside the colours, and the
 * track letters on a row of their own; the badge entry only appears when a badge does, the
 * track rows only when the boxes carry letters.
 */
function legendItems(width: number, top: number, withBadge: boolean, tags: readonly TrackTag[]) {
  type Kind = NodeStatus | 'badge' | 'track';
  const entries: { label: string; status: Kind; tag?: string; row?: boolean }[] = [
    ...LEGEND_ORDER.map((s) => ({ label: STATUS_STYLE[s].label, status: s as Kind })),
    ...(withBadge ? [{ label: OUT_OF_ORDER_LABEL, status: 'badge' as const }] : []),
    ...tags.map((t, i) => ({ label: truncate(t.title, width / 2, LEGEND_FONT), status: 'track' as const, tag: t.tag, row: i === 0 })),
  ];
  const placed: { label: string; status: Kind; tag?: string; sx: number; sy: number }[] = [];
  let cx = 0;
  let cy = top + LEGEND_ROW / 2;
  for (const entry of entries) {
    const w = (entry.status === 'track' ? 20 : 28) + textWidth(entry.label, LEGEND_FONT) + 22;
    if (cx > 0 && (entry.row || cx + w > width)) {
      cx = 0;
      cy += LEGEND_ROW;
    }
    placed.push({ ...entry, sx: cx, sy: cy });
    cx += w;
  }
  const swatches = placed.filter((p) => p.status !== 'badge' && p.status !== 'track').map((p) => {
    const style = STATUS_STYLE[p.status as NodeStatus];
    return { x: p.sx, x2: p.sx + 20, y: p.sy - 8, y2: p.sy + 8, fill: style.fill, stroke: style.stroke, dashed: p.status === 'skipped' };
  });
  return {
    bottom: cy + LEGEND_ROW / 2,
    layers: (x: Scale, y: Scale): Layer[] => [
      ...[false, true].map((dashed) => ({
        data: { values: swatches.filter((s) => s.dashed === dashed) },
        mark: { type: 'rect', cornerRadius: 3, strokeWidth: 1.5, ...(dashed ? { strokeDash: [4, 2] } : {}) },
        encoding: {
          x: x('x'), x2: { field: 'x2' }, y: y('y'), y2: { field: 'y2' },
          fill: { field: 'fill', type: 'nominal', scale: null },
          stroke: { field: 'stroke', type: 'nominal', scale: null },
        },
      })),
      ...badgeLayers(placed.filter((p) => p.status === 'badge').map((p) => ({ bx: p.sx + 10, by: p.sy })), x, y),
      ...tagLayers(placed.flatMap((p) => (p.tag === undefined ? [] : [{ tag: p.tag, tx: p.sx + TAG_SIZE / 2, ty: p.sy }])), x, y),
      {
        data: { values: placed.map((p) => ({ label: p.label, lx: p.sx + (p.status === 'track' ? 20 : 28), ly: p.sy })) },
        mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: LEGEND_FONT, color: INK },
        encoding: { x: x('lx'), y: y('ly'), text: { field: 'label' } },
      },
    ],
  };
}

/** "7 of 21 done · 3 in progress · 2 skipped": the picture's headline numbers. */
function summary(tree: Tree, states: ReadonlyMap<string, NodeState>): string {
  const status = statusesOf(tree, states);
  const count = (s: NodeStatus) => tree.nodes.filter((n) => status.get(n.id) === s).length;
  const skipped = count('skipped');
  const parts = [`${count('done')} of ${tree.nodes.length - skipped} done`, `${count('in_progress')} in progress`, `${count('available')} available`];
  if (skipped > 0) parts.push(`${skipped} skipped`);
  const outOfOrder = tree.nodes.filter((n) => states.get(n.id)?.outOfOrder).length;
  if (outOfOrder > 0) parts.push(`${outOfOrder} out of order`);
  return `${tree.title} · ${parts.join(' · ')}`;
}

/** The title, the summary line and, for a tree too big to draw whole, a second line that says so. */
function pictureTitle(title: string, summaryLine: string, shown: TreeLayout['shown']): Record<string, unknown> {
  const head = chartTitle(title, summaryLine);
  if (!shown) return { ...head };
  const note = truncate(`Too big for one picture: showing ${shown.nodes} of ${shown.of} capabilities, what this team can do now and what that unlocks`, 900, FONT_SIZE.subtitle);
  return { text: head.text, subtitle: [head.subtitle ?? '', note] };
}
