// Digest chart: teams x tracks, the share of applicable nodes each team has done, with the
// tier each team has reached as a last column. Skipped nodes are left out of both counts.
import type { TopLevelSpec } from 'vega-lite';
import { chartTitle, count, joinNotes, messageSpec, moreNote, SCHEMA, sum, teamCount, topRows } from './chart-frame.ts';
import { BASE_CONFIG, FONT_SIZE, INK, TEAM_LABEL_WIDTH } from './chart-theme.ts';
import { drawable, truncate, uniqueLabels, wrap } from './text-fit.ts';

export interface HeatmapInput {
  readonly tracks: readonly { readonly id: string; readonly title: string }[];
  /** One row per team and track: nodes done and applicable (not skipped) nodes in the track. */
  readonly rows: readonly { readonly team: string; readonly trackId: string; readonly done: number; readonly total: number }[];
  readonly tierReached: readonly { readonly team: string; readonly tier: string }[];
}

const TIER_COLUMN = '\nTier reached';
const COLUMN_WIDTH = 104;
const ROW_HEIGHT = 30;
const HEADER_LINE = 15;

export function maturityHeatmapSpec(input: HeatmapInput): TopLevelSpec {
  const title = 'Maturity by track';
  const teams = [...new Set(input.rows.map((r) => r.team))];
  if (teams.length === 0 || input.tracks.length === 0) return messageSpec(title, 'No teams to show yet');

  const byTeam = new Map<string, { done: number; total: number }>();
  for (const r of input.rows) {
    const t = byTeam.get(r.team) ?? { done: 0, total: 0 };
    byTeam.set(r.team, { done: t.done + count(r.done), total: t.total + count(r.total) });
  }
  const share = (team: string) => {
    const t = byTeam.get(team);
    return t && t.total > 0 ? t.done / t.total : 0;
  };
  if (sum([...byTeam.values()].map((t) => t.done)) === 0) {
    return messageSpec(title, 'No progress recorded yet', `${teamCount(teams.length)}, no node done in any track`);
  }

  const { shown, hidden } = topRows(teams, share, (t) => t);
  const labels = uniqueLabels(shown, TEAM_LABEL_WIDTH, FONT_SIZE.label);
  const labelOf = new Map(shown.map((t, i) => [t, labels[i] as string]));
  const headers = input.tracks.map((t) => header(wrap(drawable(t.title) || t.id, COLUMN_WIDTH - 8, FONT_SIZE.small, 2)));
  const headerOf = new Map(input.tracks.map((t, i) => [t.id, headers[i] as string]));
  const tiers = new Map(input.tierReached.map((t) => [t.team, t.tier]));

  const cells = input.rows
    .filter((r) => labelOf.has(r.team) && headerOf.has(r.trackId))
    .map((r) => {
      const done = count(r.done);
      const total = count(r.total);
      const value = total > 0 ? Math.min(1, done / total) : null;
      return { team: labelOf.get(r.team), track: headerOf.get(r.trackId), share: value, text: total > 0 ? `${done}/${total}` : 'n/a' };
    });
  const tierCells = shown.map((t) => ({
    team: labelOf.get(t),
    track: TIER_COLUMN,
    text: truncate(drawable(tiers.get(t) ?? '') || '—', COLUMN_WIDTH - 8, FONT_SIZE.small, true),
  }));

  const x = {
    field: 'track',
    type: 'nominal',
    sort: [...headers, TIER_COLUMN],
    scale: { domain: [...headers, TIER_COLUMN] },
    title: null,
    axis: {
      orient: 'top', labelAngle: 0, labelFontSize: FONT_SIZE.small, labelFontWeight: 'bold', ticks: false, domain: false,
      labelExpr: "split(datum.label, '\\n')", labelLineHeight: HEADER_LINE, labelPadding: 6 + HEADER_LINE,
    },
  };
  const y = { field: 'team', type: 'nominal', sort: labels, scale: { domain: labels }, title: null, axis: { ticks: false, domain: false, labelPadding: 8 } };

  return {
    $schema: SCHEMA,
    title: chartTitle(title, joinNotes('Share of applicable nodes done per track (skipped nodes left out)', moreNote(hidden, 'less progress'))),
    width: COLUMN_WIDTH * (input.tracks.length + 1),
    height: ROW_HEIGHT * shown.length,
    config: BASE_CONFIG,
    encoding: { x, y },
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect', stroke: '#FFFFFF', strokeWidth: 2 },
        encoding: {
          color: {
            field: 'share',
            type: 'quantitative',
            // Single-hue blues: ordered by lightness, readable in any form of colour blindness.
            scale: { domain: [0, 1], scheme: 'blues' },
            legend: { orient: 'bottom', title: 'Share done', format: '.0%', values: [0, 0.25, 0.5, 0.75, 1], gradientLength: 300, direction: 'horizontal' },
          },
          tooltip: [{ field: 'team', title: 'Team' }, { field: 'track', title: 'Track' }, { field: 'text', title: 'Done' }],
        },
      },
      {
        data: { values: cells.filter((c) => c.share === null) },
        mark: { type: 'rect', color: '#EFEFEF', stroke: '#FFFFFF', strokeWidth: 2 },
      },
      {
        data: { values: cells },
        mark: { type: 'text', fontSize: FONT_SIZE.small, baseline: 'middle' },
        encoding: {
          text: { field: 'text' },
          // White on the darker half of the scale so counts stay legible on every cell.
          color: { condition: { test: 'datum.share > 0.55', value: '#FFFFFF' }, value: INK },
        },
      },
      {
        data: { values: tierCells },
        mark: { type: 'text', fontSize: FONT_SIZE.small, fontWeight: 'bold', baseline: 'middle', color: INK },
        encoding: { text: { field: 'text' } },
      },
    ],
  } as TopLevelSpec;
}

/**
 * Column headers always take two lines, the first blank when the title fits on one, so every
 * header sits on the grid. Vega draws extra lines below the first, hence the padding above.
 */
function header(lines: readonly string[]): string {
  return lines.length >= 2 ? lines.join('\n') : `\n${lines[0] ?? ''}`;
}
