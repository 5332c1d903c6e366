// The tree picture's geometry, as ELK lays it out: every shipped tree whole within a 1024 px
// picture, boxes apart and inside their tier's band, every prerequisite line from its box to
// its dependant's without running through any box, labels that fit and short labels never cut.
// A 40-node tree is too big and shows the team's neighbourhood instead.
import { describe, expect, it } from 'vitest';
import type { Tree } from '../../src/engine/types.ts';
import { isCut, readableName, textWidth } from '../../src/charts/text-fit.ts';
import { layoutTree, MAX_GRID, TAG_SIZE, type LaidOutBox, type Point, type TreeLayout } from '../../src/charts/tree-layout.ts';
import { cncfTree, fortyNodeTree, PAYMENTS_PROGRESS, statesFor } from '../helpers/chart-data.ts';
import { mergedRuns } from '../helpers/tree-lines.ts';
import { separateLines } from '../../src/charts/tree-lines.ts';
import { shippedTrees } from '../helpers/trees.ts';

const SHIPPED: readonly [string, Tree][] = shippedTrees().map((t) => [t.id, t]);
/** Shortest break, in px, between two unrelated lines that run on one line. */
const MIN_BREAK = 12;

/** Whether the segment a-b passes through the inside of `box` (touching its edge is not inside). */
export function segmentEntersBox(a: Point, b: Point, box: LaidOutBox, margin = 0.5): boolean {
  const [x1, x2] = [box.x + margin, box.x2 - margin];
  const [y1, y2] = [box.y + margin, box.y2 - margin];
  if (Math.abs(a.x - b.x) < 0.01) return a.x > x1 && a.x < x2 && Math.max(a.y, b.y) > y1 && Math.min(a.y, b.y) < y2;
  if (Math.abs(a.y - b.y) < 0.01) return a.y > y1 && a.y < y2 && Math.max(a.x, b.x) > x1 && Math.min(a.x, b.x) < x2;
  throw new Error(`segment ${JSON.stringify([a, b])} is not orthogonal`);
}

function onBorder(p: Point | undefined, b: LaidOutBox | undefined): boolean {
  if (!p || !b) return false;
  const within = p.x >= b.x - 0.5 && p.x <= b.x2 + 0.5 && p.y >= b.y - 0.5 && p.y <= b.y2 + 0.5;
  const edge = Math.abs(p.x - b.x) < 0.5 || Math.abs(p.x - b.x2) < 0.5 || Math.abs(p.y - b.y) < 0.5 || Math.abs(p.y - b.y2) < 0.5;
  return within && edge;
}

function checkGeometry(tree: Tree, layout: TreeLayout): void {
  const boxOf = new Map(layout.boxes.map((b) => [b.id, b]));
  for (const a of layout.boxes) {
    for (const b of layout.boxes) {
      if (a === b) continue;
      expect(a.x2 <= b.x || b.x2 <= a.x || a.y2 <= b.y || b.y2 <= a.y, `${a.id} overlaps ${b.id}`).toBe(true);
    }
  }
  // Bands tile the picture in tier order, and every box sits inside its own tier's band.
  const tiersShown = tree.tiers.filter((t) => layout.boxes.some((b) => tree.nodes.find((n) => n.id === b.id)?.tier === t.id));
  expect(layout.bands).toHaveLength(tiersShown.length);
  layout.bands.forEach((band, i) => {
    if (i > 0) expect(band.y).toBeCloseTo(layout.bands[i - 1]!.y2, 5);
    for (const b of layout.boxes.filter((x) => tree.nodes.find((n) => n.id === x.id)?.tier === tiersShown[i]!.id)) {
      expect(b.y, `${b.id} inside its band`).toBeGreaterThanOrEqual(band.y);
      expect(b.y2, `${b.id} inside its band`).toBeLessThanOrEqual(band.y2);
    }
  });
  // One line per prerequisite between shown nodes, from its box to the dependant's, never through a box.
  const expected = tree.nodes.filter((n) => boxOf.has(n.id)).flatMap((n) => n.requires.filter((r) => boxOf.has(r)).map((r) => `${r}>${n.id}`));
  expect(layout.edges.map((e) => `${e.from}>${e.to}`).sort()).toEqual(expected.sort());
  for (const e of layout.edges) {
    expect(e.points.length).toBeGreaterThanOrEqual(2);
    expect(onBorder(e.points[0], boxOf.get(e.from)), `${e.from} -> ${e.to} starts on ${e.from}`).toBe(true);
    expect(onBorder(e.points.at(-1), boxOf.get(e.to)), `${e.from} -> ${e.to} ends on ${e.to}`).toBe(true);
    for (let i = 1; i < e.points.length; i++) {
      for (const box of layout.boxes) {
        expect(segmentEntersBox(e.points[i - 1]!, e.points[i]!, box), `${e.from} -> ${e.to} runs through ${box.id}`).toBe(false);
      }
    }
  }
  // Labels fit their boxes; a node with a short label shows all of it.
  for (const b of layout.boxes) {
    expect(b.lines.length).toBeGreaterThanOrEqual(1);
    expect(b.lines.length).toBeLessThanOrEqual(3);
    for (const line of b.lines) expect(textWidth(line, layout.fontSize)).toBeLessThanOrEqual(b.x2 - b.x - 10);
    const short = tree.nodes.find((n) => n.id === b.id)?.short;
    // Lines may break after a hyphen or slash, with no space lost.
    if (short) expect(b.lines.join('').replace(/\s/g, ''), `${b.id} short label whole`).toBe(short.replace(/\s/g, ''));
  }
}

/** Track headers, when drawn, tell the truth: each spans all of its track's boxes and no other's. */
function checkColumns(tree: Tree, layout: TreeLayout): void {
  if (layout.trackHeaders.length === 0) return;
  const trackOf = new Map(tree.nodes.map((n) => [n.id, n.track]));
  const shown = tree.tracks.filter((t) => layout.boxes.some((b) => trackOf.get(b.id) === t.id));
  expect(layout.trackHeaders).toHaveLength(shown.length);
  layout.trackHeaders.forEach((h, i) => {
    const track = shown[i]!;
    if (i > 0) expect(h.x1, `${track.id} right of the track before`).toBeGreaterThanOrEqual(layout.trackHeaders[i - 1]!.x2);
    expect(h.x).toBeCloseTo((h.x1 + h.x2) / 2, 5);
    for (const b of layout.boxes) {
      if (trackOf.get(b.id) === track.id) {
        expect(b.x, `${b.id} inside the ${track.id} column`).toBeGreaterThanOrEqual(h.x1);
        expect(b.x2, `${b.id} inside the ${track.id} column`).toBeLessThanOrEqual(h.x2);
      } else {
        expect(b.x2 <= h.x1 || b.x >= h.x2, `${b.id} (${trackOf.get(b.id)}) outside the ${track.id} column`).toBe(true);
      }
    }
  });
}

/**
 * Every box says its track: under a header whose column holds exactly its track's boxes
 * ({@link checkColumns}), or, with no headers, by its track's letter, which the legend entries
 * (`trackTags`) name. A letter's chip sits on the box's top-left corner clear of every other
 * box, badge and line.
 */
function checkTracksShown(tree: Tree, layout: TreeLayout): void {
  const trackOf = new Map(tree.nodes.map((n) => [n.id, n.track]));
  const shown = tree.tracks.filter((t) => layout.boxes.some((b) => trackOf.get(b.id) === t.id));
  if (layout.trackHeaders.length > 0) {
    expect(layout.trackTags).toEqual([]);
    expect(layout.boxes.filter((b) => b.tag !== undefined)).toEqual([]);
    checkColumns(tree, layout);
    return;
  }
  expect(layout.trackTags.map((t) => [t.track, t.title])).toEqual(shown.map((t) => [t.id, t.title]));
  expect(new Set(layout.trackTags.map((t) => t.tag)).size).toBe(shown.length);
  for (const b of layout.boxes) {
    expect(layout.trackTags.find((t) => t.tag === b.tag)?.track, `${b.id} carries its track's letter`).toBe(trackOf.get(b.id));
    // Centred on the box's top-left corner.
    const chip = { id: `${b.id} chip`, status: 'locked', outOfOrder: false, x: b.x - TAG_SIZE / 2, x2: b.x + TAG_SIZE / 2, y: b.y - TAG_SIZE / 2, y2: b.y + TAG_SIZE / 2, lines: [] } as const;
    for (const other of layout.boxes) {
      if (other !== b) expect(chip.x2 <= other.x || other.x2 <= chip.x || chip.y2 <= other.y || other.y2 <= chip.y, `${b.id}'s letter clear of ${other.id}`).toBe(true);
      // The out-of-order badge: a circle of about 9 px radius centred on the right edge.
      if (other.outOfOrder) expect(chip.x2 <= other.x2 - 9.2 || other.x2 + 9.2 <= chip.x || chip.y2 <= (other.y + other.y2) / 2 - 9.2 || (other.y + other.y2) / 2 + 9.2 <= chip.y, `${b.id}'s letter clear of ${other.id}'s badge`).toBe(true);
    }
    for (const e of layout.edges) {
      for (let i = 1; i < e.points.length; i++) expect(segmentEntersBox(e.points[i - 1]!, e.points[i]!, chip, 0), `${e.from} -> ${e.to} clear of ${b.id}'s letter`).toBe(false);
    }
  }
}

/** Labels and tier titles shown whole: nothing cut. */
function cutLabels(tree: Tree, layout: TreeLayout): string[] {
  const cut = layout.boxes.filter((b) => {
    const n = tree.nodes.find((x) => x.id === b.id)!;
    return isCut(readableName(n.short ?? n.title, n.id), b.lines);
  }).map((b) => `${b.id}: ${b.lines.join(' / ')}`);
  const tiers = tree.tiers.filter((t) => layout.boxes.some((b) => tree.nodes.find((n) => n.id === b.id)?.tier === t.id));
  layout.bands.forEach((band, i) => {
    if (isCut(tiers[i]!.title, band.lines)) cut.push(`tier ${tiers[i]!.id}: ${band.lines.join(' / ')}`);
  });
  return cut;
}

describe.each([...SHIPPED, ['forty (40-node custom tree)', fortyNodeTree()] as [string, Tree]])('tree picture columns and labels: %s', (_id, tree) => {
  const progress = [['fresh', new Map()], ['along', statesFor(tree, { done: tree.nodes.slice(0, Math.floor(tree.nodes.length / 3)).map((n) => n.id) })]] as const;
  it.each(progress)('keeps every box inside its track header\'s column (%s)', async (_p, states) => {
    checkColumns(tree, await layoutTree(tree, states));
  });
  it.each(progress)('cuts no label and no tier title (%s)', async (_p, states) => {
    expect(cutLabels(tree, await layoutTree(tree, states))).toEqual([]);
  });
  it.each(progress)('says which track every box is in (%s)', async (_p, states) => {
    checkTracksShown(tree, await layoutTree(tree, states));
  });
  it.each(progress)('draws no two unrelated lines on one line (%s)', async (_p, states) => {
    const layout = await layoutTree(tree, states);
    // Fan-out from one box and fan-in to one box may share; two lines with nothing in common never do.
    expect(mergedRuns(layout, -2)).toEqual([]);
    expect(mergedRuns(layout, MIN_BREAK)).toEqual([]);
  });
});

describe.each(SHIPPED.filter(([id]) => id !== 'cncf-adoption'))('the shipped tree %s stands in track columns', (_id, tree) => {
  it('draws one header per track, each over its own boxes', async () => {
    const layout = await layoutTree(tree, new Map());
    expect(layout.trackHeaders.map((h) => h.lines.join(' '))).toEqual(tree.tracks.map((t) => t.title));
    checkColumns(tree, layout);
  });
});

describe.each(SHIPPED)('layoutTree on the shipped tree %s', (_id, tree) => {
  it('draws the whole tree within a 1024 px picture at 1:1', async () => {
    const layout = await layoutTree(tree, new Map());
    expect(layout.shown).toBeUndefined();
    expect(layout.boxes.map((b) => b.id).sort()).toEqual(tree.nodes.map((n) => n.id).sort());
    expect(layout.width).toBeLessThanOrEqual(MAX_GRID.width);
    expect(layout.height).toBeLessThanOrEqual(MAX_GRID.height);
  });

  it('keeps boxes apart and in their bands, and routes every line around the boxes', async () => {
    checkGeometry(tree, await layoutTree(tree, statesFor(tree, { done: tree.nodes.slice(0, 6).map((n) => n.id) })));
  });
});

describe('layoutTree on Cloud Native Maturity', () => {
  it('cuts no label at all', async () => {
    const tree = SHIPPED.find(([id]) => id === 'cloud-native-maturity')![1];
    const layout = await layoutTree(tree, new Map());
    expect(layout.boxes.flatMap((b) => b.lines).filter((l) => l.includes('\u2026'))).toEqual([]);
  });
});

describe('layoutTree on a tree too big for one picture (40 nodes, 8 tracks)', () => {
  const tree = fortyNodeTree();
  const states = statesFor(tree, { done: ['n0', 'n1', 'n5', 'n10', 'n18'] });

  it('says so and draws the neighbourhood: what is open and what it unlocks', async () => {
    const layout = await layoutTree(tree, states);
    expect(layout.shown).toEqual({ nodes: layout.boxes.length, of: 40 });
    expect(layout.boxes.length).toBeLessThan(40);
    // Still wider than 1:1 allows (the renderer scales it into 1024 px), but far from the whole.
    expect(layout.width).toBeLessThanOrEqual(MAX_GRID.width * 1.2);
    const ids = new Set(layout.boxes.map((b) => b.id));
    const available = tree.nodes.filter((n) => states.get(n.id)?.status === 'available');
    expect(available.length).toBeGreaterThan(0);
    for (const n of available) expect(ids.has(n.id), `${n.id} is available`).toBe(true);
    for (const n of tree.nodes.filter((x) => x.requires.some((r) => available.some((a) => a.id === r)))) expect(ids.has(n.id), `${n.id} unlocked next`).toBe(true);
    checkGeometry(tree, layout);
  });
});

describe('layoutTree on CNCF with Payments progress', () => {
  const tree = cncfTree();

  it('carries each node state, marks out-of-order work and draws met prerequisites solid', async () => {
    const layout = await layoutTree(tree, statesFor(tree, PAYMENTS_PROGRESS));
    const box = (id: string) => layout.boxes.find((b) => b.id === id);
    expect(box('kubernetes-cluster')?.status).toBe('done');
    expect(box('knative')?.status).toBe('skipped');
    expect(box('crossplane')).toMatchObject({ status: 'in_progress', outOfOrder: true });
    expect(layout.boxes.filter((b) => b.outOfOrder).map((b) => b.id)).toEqual(['crossplane']);
    const met = layout.edges.filter((e) => e.met).length;
    const expected = tree.nodes.flatMap((n) => n.requires).filter((r) => PAYMENTS_PROGRESS.done?.includes(r) || PAYMENTS_PROGRESS.skipped?.includes(r)).length;
    expect(met).toBe(expected);
    checkGeometry(tree, layout);
    checkTracksShown(tree, layout);
  });

  it('keeps the product name when a long title must be cut', async () => {
    const layout = await layoutTree(tree, new Map());
    const lines = layout.boxes.find((b) => b.id === 'crossplane')?.lines ?? [];
    expect(lines.at(-1)).toBe('(Crossplane)');
  });
});

describe('segmentEntersBox, the check above', () => {
  const box = { id: 'b', status: 'locked', outOfOrder: false, x: 10, x2: 50, y: 10, y2: 30, lines: [] } as const;
  it.each([
    ['through the middle', { x: 0, y: 20 }, { x: 60, y: 20 }, true],
    ['along the top edge', { x: 0, y: 10 }, { x: 60, y: 10 }, false],
    ['down into the box', { x: 30, y: 0 }, { x: 30, y: 15 }, true],
    ['beside it', { x: 55, y: 0 }, { x: 55, y: 40 }, false],
  ])('%s', (_why, a, b, inside) => {
    expect(segmentEntersBox(a, b, box)).toBe(inside);
  });
});

describe('separateLines, which pulls apart lines ELK draws end to end', () => {
  // Cloud Native Maturity's case: the upper box's only out-port sits straight above the lower
  // box's only in-port, so a line leaving one and a line entering the other read as one.
  const boxes = [
    { id: 'up', x: 100, x2: 200, y: 0, y2: 40 },
    { id: 'down', x: 100, x2: 200, y: 80, y2: 120 },
    { id: 'left', x: 0, x2: 60, y: 0, y2: 40 },
    { id: 'right', x: 300, x2: 360, y: 80, y2: 120 },
  ];
  const leaving = { from: 'up', to: 'right', points: [{ x: 150, y: 40 }, { x: 150, y: 50 }, { x: 330, y: 50 }, { x: 330, y: 80 }] };
  const entering = { from: 'left', to: 'down', points: [{ x: 30, y: 40 }, { x: 30, y: 55 }, { x: 150, y: 55 }, { x: 150, y: 80 }] };

  it('moves one of them sideways along its box border, and leaves lines that share a box alone', () => {
    const layout = { edges: [leaving, entering] } as unknown as TreeLayout;
    expect(mergedRuns(layout, MIN_BREAK)).toHaveLength(1);
    const out = separateLines([leaving, entering], boxes, boxes);
    expect(mergedRuns({ edges: out } as unknown as TreeLayout, MIN_BREAK)).toEqual([]);
    expect(out).not.toEqual([leaving, entering]);
    // Both still start on their box's bottom border and end on their box's top border.
    const box = (id: string) => boxes.find((b) => b.id === id)!;
    for (const e of out) {
      expect([e.points[0]!.y, e.points.at(-1)!.y]).toEqual([40, 80]);
      expect(e.points[0]!.x).toBeGreaterThan(box(e.from).x);
      expect(e.points[0]!.x).toBeLessThan(box(e.from).x2);
      expect(e.points.at(-1)!.x).toBeGreaterThan(box(e.to).x);
      expect(e.points.at(-1)!.x).toBeLessThan(box(e.to).x2);
    }
    const fanIn = { ...entering, from: 'up', points: entering.points };
    expect(separateLines([leaving, fanIn], boxes, boxes)).toEqual([leaving, fanIn]);
  });
});
