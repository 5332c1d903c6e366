// Prerequisite lines a reader can tell apart. ELK routes every line on its own, but it lets two
// unrelated lines run on one line end to end: a box's only out-port sits straight above the only
// in-port of the box below it in the same column, so a line leaving the upper box and a line
// entering the lower one read as one straight line between the two (Cloud Native Maturity's
// Technology column). Where that happens, one of the two segments is moved sideways, keeping
// the line orthogonal, on its box's border, clear of every box and apart from every other line.

/** A point in px. */
export interface LinePoint {
  readonly x: number;
  readonly y: number;
}

/** A line from the box `from` to the box `to`, as an orthogonal polyline. */
export interface Line {
  readonly from: string;
  readonly to: string;
  readonly points: readonly LinePoint[];
}

/** A rectangle no line may pass through: a box, or the track letter on its edge. */
export interface Obstacle {
  readonly id: string;
  readonly x: number;
  readonly x2: number;
  readonly y: number;
  readonly y2: number;
}

/** Shortest break, in px, between two unrelated lines that run on one line: a dashed line's own gaps are 3 px. */
export const MIN_BREAK = 12;
/** Sideways moves tried for a segment, in px, nearest first: far enough that the two ends do not read as a jog in one line. */
const SHIFTS = [10, -10, 14, -14, 18, -18];
/** Shortest a segment beside a moved one may become, in px. */
const MIN_STUB = 6;
/** Closest a line may end to a box's corner, in px. */
const CORNER_ROOM = 4;

type Segment = readonly [LinePoint, LinePoint];

const segmentsOf = (points: readonly LinePoint[]): Segment[] => points.slice(1).map((p, i) => [points[i] as LinePoint, p] as const);
const vertical = ([a, b]: Segment) => Math.abs(a.x - b.x) < 0.01;
const horizontal = ([a, b]: Segment) => Math.abs(a.y - b.y) < 0.01;

/**
 * How far apart, along their common line, two segments are that run on one line (within 1 px
 * across): negative when they overlap by that much; undefined when they are not on one line.
 */
export function apartOnLine(s: Segment, t: Segment): number | undefined {
  for (const [along, across, on] of [['x', 'y', horizontal], ['y', 'x', vertical]] as const) {
    if (!on(s) || !on(t) || Math.abs(s[0][across] - t[0][across]) > 1) continue;
    return Math.max(Math.min(s[0][along], s[1][along]), Math.min(t[0][along], t[1][along])) - Math.min(Math.max(s[0][along], s[1][along]), Math.max(t[0][along], t[1][along]));
  }
  return undefined;
}

/** Whether a reader could take a segment of `a` and one of `b` for one line: see {@link separateLines}. */
function runTogether(a: Line, b: Line): boolean {
  // Lines from one box, or into one box, may share a stretch: either way they lead to the same box.
  if (a.from === b.from || a.to === b.to) return false;
  return segmentsOf(a.points).some((s) => segmentsOf(b.points).some((t) => (apartOnLine(s, t) ?? Infinity) < MIN_BREAK));
}

function entersObstacle([a, b]: Segment, o: Obstacle): boolean {
  const [x1, x2, y1, y2] = [o.x + 0.5, o.x2 - 0.5, o.y + 0.5, o.y2 - 0.5];
  if (vertical([a, b])) return a.x > x1 && a.x < x2 && Math.max(a.y, b.y) > y1 && Math.min(a.y, b.y) < y2;
  return a.y > y1 && a.y < y2 && Math.max(a.x, b.x) > x1 && Math.min(a.x, b.x) < x2;
}

/** Whether an end of a line lies on the top or bottom border of its box, clear of the corners. */
function onBorder(p: LinePoint, box: Obstacle | undefined): boolean {
  if (!box) return false;
  const onSide = Math.abs(p.y - box.y) < 0.5 || Math.abs(p.y - box.y2) < 0.5;
  return onSide && p.x >= box.x + CORNER_ROOM && p.x <= box.x2 - CORNER_ROOM;
}

/** `line` with segment `k` moved sideways by `by` px, or undefined when that would break it. */
function moved(line: Line, k: number, by: number, boxOf: ReadonlyMap<string, Obstacle>): Line | undefined {
  const seg = segmentsOf(line.points)[k];
  if (!seg) return undefined;
  const last = line.points.length - 1;
  // A vertical segment moves in x, a horizontal one in y; an end on a box may only slide along its border.
  const axis = vertical(seg) ? 'x' : 'y';
  if ((k === 0 || k + 1 === last) && axis === 'y') return undefined;
  const points = line.points.map((p, i) => (i === k || i === k + 1 ? { ...p, [axis]: p[axis] + by } : p));
  // The segments either side stretch or shrink; one shrunk to a stub would run along a border or read as a jog.
  for (const j of [k - 1, k + 1]) {
    const [a, b] = [points[j], points[j + 1]];
    if (a && b && Math.abs(a.x - b.x) + Math.abs(a.y - b.y) < MIN_STUB) return undefined;
  }
  if (k === 0 && !onBorder(points[0] as LinePoint, boxOf.get(line.from))) return undefined;
  if (k + 1 === last && !onBorder(points[last] as LinePoint, boxOf.get(line.to))) return undefined;
  return { ...line, points };
}

/**
 * The lines with every pair that a reader could take for one line pulled apart: two lines with
 * neither box in common never run on one line (within 1 px) closer than {@link MIN_BREAK} px
 * end to end, nor overlap. Each such pair gets one of its segments moved sideways by a few px
 * where that keeps every line on its boxes' borders, out of `obstacles` and apart from all
 * others; a pair no move can part is left as ELK drew it (the picture's tests catch that).
 */
export function separateLines<T extends Line>(lines: readonly T[], obstacles: readonly Obstacle[], boxes: readonly Obstacle[]): T[] {
  const out = [...lines];
  const boxOf = new Map(boxes.map((b) => [b.id, b]));
  const fine = (line: Line, i: number) =>
    segmentsOf(line.points).every((s) => !obstacles.some((o) => entersObstacle(s, o))) &&
    out.every((other, j) => j === i || !runTogether(line, other));
  for (let i = 0; i < out.length; i++) {
    for (let j = i + 1; j < out.length; j++) {
      if (!runTogether(out[i] as T, out[j] as T)) continue;
      fix: for (const who of [j, i]) {
        const line = out[who] as T;
        for (let k = 0; k < line.points.length - 1; k++) {
          const s = segmentsOf(line.points)[k] as Segment;
          if (!segmentsOf((out[who === i ? j : i] as T).points).some((t) => { const a = apartOnLine(s, t); return a !== undefined && a < MIN_BREAK; })) continue;
          for (const by of SHIFTS) {
            const next = moved(line, k, by, boxOf);
            if (next && fine(next, who)) {
              out[who] = next as T;
              break fix;
            }
          }
        }
      }
    }
  }
  return out;
}
