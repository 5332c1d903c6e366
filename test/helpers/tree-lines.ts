// Whether the tree picture's prerequisite lines can be told apart, as a reader traces them.
import type { LaidOutEdge, Point, TreeLayout } from '../../src/charts/tree-layout.ts';

type Segment = readonly [Point, Point];

/**
 * Pairs of lines with neither end in common that a reader could take for one line: where a
 * segment of one runs on the same line as a segment of the other (within 1 px), they overlap
 * by more than 2 px, or they leave less than `gap` px between their ends (a dashed line's own
 * gaps are 3 px, so a short break between two lines reads as one line going on).
 */
export function mergedRuns(layout: TreeLayout, gap: number): string[] {
  const segments = (e: LaidOutEdge): Segment[] => e.points.slice(1).map((p, i) => [e.points[i]!, p] as const);
  const out: string[] = [];
  layout.edges.forEach((a, i) => {
    for (const b of layout.edges.slice(i + 1)) {
      if (a.from === b.from || a.to === b.to) continue;
      for (const [p, q] of segments(a)) {
        for (const [r, s] of segments(b)) {
          for (const [along, across] of [['x', 'y'], ['y', 'x']] as const) {
            const onLine = Math.abs(p[across] - q[across]) < 0.01 && Math.abs(r[across] - s[across]) < 0.01 && Math.abs(p[across] - r[across]) <= 1;
            if (!onLine) continue;
            // Negative: they overlap by that much.
            const apart = Math.max(Math.min(p[along], q[along]), Math.min(r[along], s[along])) - Math.min(Math.max(p[along], q[along]), Math.max(r[along], s[along]));
            if (apart < -2 || apart < gap) out.push(`${a.from} -> ${a.to} and ${b.from} -> ${b.to} at ${across} = ${p[across].toFixed(0)}: ${apart < 0 ? `overlap ${(-apart).toFixed(1)}` : `${apart.toFixed(1)}`} px`);
          }
        }
      }
    }
  });
  return out;
}
