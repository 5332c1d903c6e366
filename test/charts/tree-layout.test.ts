// The tree picture's geometry: boxes in their (track, tier) cell, never overlapping, text
// that fits, prerequisite lines between the right boxes. Checked on the CNCF tree and on a
// 40-node tree with up to four nodes a cell.
import { describe, expect, it } from 'vitest';
import type { Tree } from '../../src/engine/types.ts';
import { textWidth } from '../../src/charts/text-fit.ts';
import { layoutTree } from '../../src/charts/tree-layout.ts';
import { cncfTree, fortyNodeTree, PAYMENTS_PROGRESS, statesFor } from '../helpers/chart-data.ts';

const TREES: readonly [string, Tree][] = [['CNCF', cncfTree()], ['forty nodes', fortyNodeTree()]];

describe.each(TREES)('layoutTree on %s', (_name, tree) => {
  const layout = layoutTree(tree, statesFor(tree, { done: tree.nodes.slice(0, 5).map((n) => n.id) }));
  const boxOf = new Map(layout.boxes.map((b) => [b.id, b]));

  it('draws every node once and fits a Teams image without shrinking', () => {
    expect(layout.boxes.map((b) => b.id).sort()).toEqual(tree.nodes.map((n) => n.id).sort());
    expect(layout.width).toBeLessThanOrEqual(1024);
  });

  it('puts no two boxes on top of each other', () => {
    for (const a of layout.boxes) {
      for (const b of layout.boxes) {
        if (a === b) continue;
        const apart = a.x2 <= b.x || b.x2 <= a.x || a.y2 <= b.y || b.y2 <= a.y;
        expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
      }
    }
  });

  it('keeps tracks in columns and tiers in rows, in the tree order', () => {
    const col = (id: string) => tree.tracks.findIndex((t) => t.id === tree.nodes.find((n) => n.id === id)?.track);
    const row = (id: string) => tree.tiers.findIndex((t) => t.id === tree.nodes.find((n) => n.id === id)?.tier);
    for (const a of layout.boxes) {
      for (const b of layout.boxes) {
        if (col(a.id) < col(b.id)) expect(a.x2).toBeLessThan(b.x);
        if (row(a.id) < row(b.id)) expect(a.y2).toBeLessThan(b.y);
      }
    }
  });

  it('fits each title into at most two lines inside its box', () => {
    for (const b of layout.boxes) {
      expect(b.lines.length).toBeGreaterThanOrEqual(1);
      expect(b.lines.length).toBeLessThanOrEqual(2);
      for (const line of b.lines) expect(textWidth(line, layout.fontSize)).toBeLessThanOrEqual(b.x2 - b.x);
    }
  });

  it('draws one line per prerequisite, from the prerequisite box to the dependant box', () => {
    const edges = tree.nodes.flatMap((n) => n.requires.map((r) => [r, n.id] as const));
    expect(layout.edges).toHaveLength(edges.length);
    layout.edges.forEach((e, i) => {
      const [from, to] = edges[i] as readonly [string, string];
      const start = e.points[0];
      const end = e.points[e.points.length - 1];
      const on = (p: { x: number; y: number } | undefined, id: string) => {
        const b = boxOf.get(id);
        return !!p && !!b && p.x >= b.x && p.x <= b.x2 && p.y >= b.y && p.y <= b.y2;
      };
      expect(on(start, from), `edge ${from} -> ${to} starts on ${from}`).toBe(true);
      expect(on(end, to), `edge ${from} -> ${to} ends on ${to}`).toBe(true);
    });
  });
});

describe('layoutTree on CNCF with Payments progress', () => {
  const tree = cncfTree();
  const layout = layoutTree(tree, statesFor(tree, PAYMENTS_PROGRESS));
  const box = (id: string) => layout.boxes.find((b) => b.id === id);

  it('stacks a cell with the prerequisite above its dependant', () => {
    expect((box('oci-images')?.y2 ?? Infinity)).toBeLessThanOrEqual(box('registry-auth')?.y ?? -1);
  });

  it('carries each node state and marks out-of-order work', () => {
    expect(box('kubernetes-cluster')?.status).toBe('done');
    expect(box('knative')?.status).toBe('skipped');
    expect(box('crossplane')).toMatchObject({ status: 'in_progress', outOfOrder: true });
    expect(layout.boxes.filter((b) => b.outOfOrder).map((b) => b.id)).toEqual(['crossplane']);
  });

  it('solid lines for met prerequisites only', () => {
    const met = layout.edges.filter((e) => e.met).length;
    const expected = tree.nodes.flatMap((n) => n.requires).filter((r) => PAYMENTS_PROGRESS.done?.includes(r) || PAYMENTS_PROGRESS.skipped?.includes(r)).length;
    expect(met).toBe(expected);
  });
});
