// Pieces every digest chart shares: the schema URL, titles made drawable, the text-only
// fallback picture, and cutting a long team list down to what fits in a chat image.
import type { TopLevelSpec } from 'vega-lite';
import { BASE_CONFIG, FONT_SIZE, MUTED_INK, TOP_TEAMS } from './chart-theme.ts';
import { drawable, readableName, truncate } from './text-fit.ts';

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const TITLE_WIDTH = 900;

export interface ChartTitle {
  readonly text: string;
  readonly subtitle?: string;
}

/**
 * A title and optional subtitle, cut to fit the image. Emoji go; letters no bundled font has
 * (a Thai team name) become a short code (see readableName) rather than vanishing.
 */
export function chartTitle(text: string, subtitle?: string): ChartTitle {
  const title = truncate(readableName(text) || 'Chart', TITLE_WIDTH, FONT_SIZE.title, true);
  if (subtitle === undefined || subtitle.trim() === '') return { text: title };
  return { text: title, subtitle: truncate(readableName(subtitle) || drawable(subtitle), TITLE_WIDTH, FONT_SIZE.subtitle) };
}

/**
 * A picture that says there is nothing to draw. Digests still post it so the council sees
 * "no progress" as a fact rather than wondering whether the chart failed.
 */
export function messageSpec(title: string, message: string, subtitle?: string): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: chartTitle(title, subtitle),
    width: 640,
    height: 180,
    config: BASE_CONFIG,
    data: { values: [{ message: truncate(drawable(message), 600, 20) }] },
    mark: { type: 'text', fontSize: 20, color: MUTED_INK, align: 'center', baseline: 'middle' },
    encoding: {
      text: { field: 'message', type: 'nominal' },
      x: { value: 320 },
      y: { value: 90 },
    },
  };
}

export interface TopSlice<T> {
  readonly shown: readonly T[];
  readonly hidden: number;
}

/**
 * The `limit` highest-scoring rows, ties broken by name so the same data always gives the same
 * picture. Charts past ~25 bars stop being readable in a chat thumbnail.
 */
export function topRows<T>(rows: readonly T[], score: (row: T) => number, name: (row: T) => string, limit = TOP_TEAMS): TopSlice<T> {
  const sorted = [...rows].sort((a, b) => score(b) - score(a) || name(a).localeCompare(name(b)));
  return { shown: sorted.slice(0, limit), hidden: Math.max(0, sorted.length - limit) };
}

/** "and 175 more teams not shown (less active)", or nothing. */
export function moreNote(hidden: number, why: string): string | undefined {
  return hidden > 0 ? `and ${hidden} more ${hidden === 1 ? 'team' : 'teams'} not shown (${why})` : undefined;
}

/** Joins subtitle parts, skipping empty ones. */
export function joinNotes(...parts: readonly (string | undefined)[]): string | undefined {
  const kept = parts.filter((p): p is string => p !== undefined && p !== '');
  return kept.length > 0 ? kept.join(' · ') : undefined;
}

/** Counts arrive from the digest; a negative or fractional one is a bug upstream, not a bar. */
export function count(n: number): number {
  return Number.isFinite(n) ? Math.max(0, Math.round(n)) : 0;
}

export function sum(ns: readonly number[]): number {
  return ns.reduce((a, b) => a + b, 0);
}

/** "1 team", "6 teams". */
export function teamCount(n: number): string {
  return `${n} ${n === 1 ? 'team' : 'teams'}`;
}
