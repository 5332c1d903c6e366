// Tier bands of the tree picture: one band per tier, tiling the picture from top to bottom, its
// title turned to read upwards in a column at the left. A band too short for its title is made
// taller by stretching the picture between layers, which keeps every line orthogonal and every
// box where it was relative to its neighbours.
import type { Tree, TreeNode } from '../engine/types.ts';
import { drawable, fitLabel, isCut } from './text-fit.ts';

export const TIER_FONT = 12;
export const TIER_LINE = 15;
const TIER_LINES = 3;
/** Room kept free at each end of a turned tier title. */
const TITLE_PAD = 8;
/** The tallest a band is stretched to for its title; past that the title is cut. */
const MAX_STRETCH = 160;

export interface TierBand {
  readonly y: number;
  readonly y2: number;
  readonly shaded: boolean;
  /** The tier title, wrapped to the band's height: it is drawn turned, reading upwards. */
  readonly lines: readonly string[];
}

interface Placed {
  readonly id: string;
  readonly y: number;
  readonly h: number;
}

/** A vertical stretch: every y below `at` moves down by `by` px. */
export interface Stretch {
  readonly at: number;
  readonly by: number;
}

/** Where `y` goes after `stretches`. */
export function stretched(y: number, stretches: readonly Stretch[]): number {
  let out = y;
  for (const s of stretches) if (s.at < y) out += s.by;
  return out;
}

/**
 * One band per tier that has a box, tiling [top, height]: each boundary lies halfway between
 * the last box of one tier and the first of the next. With the stretches that make every band
 * tall enough for its title whole (each adds room just inside a band's top and bottom edges).
 */
export function tierBands(tree: Tree, nodes: readonly TreeNode[], boxes: readonly Placed[], height: number, top: number): { bands: TierBand[]; stretches: Stretch[] } {
  const boxOf = new Map(boxes.map((b) => [b.id, b]));
  const spans = tree.tiers.flatMap((tier) => {
    const inTier = nodes.filter((n) => n.tier === tier.id).map((n) => boxOf.get(n.id)).filter((b) => b !== undefined);
    if (inTier.length === 0) return [];
    return [{ title: drawable(tier.title) || tier.id, top: Math.min(...inTier.map((b) => b.y)), bottom: Math.max(...inTier.map((b) => b.y + b.h)) }];
  });
  const raw = spans.map((s, i) => {
    const prev = spans[i - 1];
    const next = spans[i + 1];
    return { title: s.title, y: prev ? (prev.bottom + s.top) / 2 : top, y2: next ? (s.bottom + next.top) / 2 : height };
  });
  const stretches: Stretch[] = [];
  for (const b of raw) {
    const extra = titleRoom(b.title, b.y2 - b.y) - (b.y2 - b.y);
    if (extra <= 0) continue;
    // Just inside the band, so its own edges do not move with its contents.
    stretches.push({ at: b.y + 0.001, by: extra / 2 }, { at: b.y2 - 0.001, by: extra - extra / 2 });
  }
  const bands = raw.map((b, i) => {
    const y = stretched(b.y, stretches);
    const y2 = stretched(b.y2, stretches);
    return { y, y2, shaded: i % 2 === 0, lines: fitLabel(b.title, y2 - y - TITLE_PAD, TIER_FONT, TIER_LINES, true) };
  });
  return { bands, stretches };
}

/**
 * The band height at which `title` fits whole, on two lines if a stretch of at most
 * {@link MAX_STRETCH} px allows, else on three; `height` when it fits already or cannot.
 */
function titleRoom(title: string, height: number): number {
  for (const lines of [2, TIER_LINES]) {
    for (let h = height; h < height + MAX_STRETCH; h += 2) {
      if (!isCut(title, fitLabel(title, h - TITLE_PAD, TIER_FONT, lines, true))) return h;
    }
  }
  return height;
}
