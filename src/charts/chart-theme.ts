// One look for every chart: the font the renderer loads, sizes that survive being shown as a
// chat thumbnail, and colours from the Okabe–Ito palette, which stays distinguishable for the
// common forms of colour blindness. Nothing here relies on red versus green alone.
import type { Config } from 'vega-lite';
import type { NodeStatus } from '../engine/types.ts';

export const FONT = 'DejaVu Sans';

/** Okabe & Ito (2008), "Color Universal Design". */
export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  black: '#000000',
} as const;

export const INK = '#222222';
export const MUTED_INK = '#555555';
export const GRID = '#DDDDDD';

export const FONT_SIZE = { title: 22, subtitle: 14, label: 14, small: 12 } as const;

/** Most teams a per-team chart shows before it says "and N more". */
export const TOP_TEAMS = 25;

/** Widest a team label may be before it is cut with an ellipsis, in px. */
export const TEAM_LABEL_WIDTH = 170;

export interface StatusStyle {
  readonly label: string;
  readonly fill: string;
  readonly stroke: string;
  readonly text: string;
}

/**
 * Box styles per node status. Lightness separates them as much as hue does: done is the only
 * dark fill (with white text), locked is near-white, so a greyscale print still reads.
 */
export const STATUS_STYLE: Readonly<Record<NodeStatus, StatusStyle>> = {
  done: { label: 'Done', fill: OKABE_ITO.blue, stroke: '#004F7C', text: '#FFFFFF' },
  in_progress: { label: 'In progress', fill: OKABE_ITO.orange, stroke: '#A87400', text: INK },
  available: { label: 'Available', fill: '#BFE3F7', stroke: OKABE_ITO.skyBlue, text: INK },
  skipped: { label: 'Skipped (n/a)', fill: '#E4E4E4', stroke: '#9A9A9A', text: MUTED_INK },
  locked: { label: 'Locked', fill: '#FFFFFF', stroke: '#B8B8B8', text: '#8A8A8A' },
};

/** Marks a node done or started before its prerequisites. */
export const OUT_OF_ORDER_COLOUR = OKABE_ITO.vermillion;

/** Vega-Lite config shared by every chart; the renderer relies on `font` being DejaVu Sans. */
export const BASE_CONFIG: Config = {
  font: FONT,
  background: '#FFFFFF',
  padding: 16,
  view: { stroke: null },
  title: { fontSize: FONT_SIZE.title, subtitleFontSize: FONT_SIZE.subtitle, anchor: 'start', color: INK, subtitleColor: MUTED_INK, offset: 14 },
  axis: {
    labelFontSize: FONT_SIZE.label,
    titleFontSize: FONT_SIZE.label,
    labelColor: INK,
    titleColor: INK,
    gridColor: GRID,
    domainColor: '#888888',
    tickColor: '#888888',
    labelLimit: 0,
  },
  legend: { labelFontSize: FONT_SIZE.label, titleFontSize: FONT_SIZE.label, labelColor: INK, titleColor: INK, labelLimit: 0, symbolSize: 180 },
  text: { fontSize: FONT_SIZE.label, color: INK },
};
