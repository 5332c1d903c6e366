// Digest chart: per team, what became available this period next to what got done, as
// grouped horizontal bars (horizontal so long team names stay readable).
import type { TopLevelSpec } from 'vega-lite';
import { chartTitle, count, joinNotes, messageSpec, moreNote, SCHEMA, sum, teamCount, topRows } from './chart-frame.ts';
import { BASE_CONFIG, FONT_SIZE, INK, OKABE_ITO, TEAM_LABEL_WIDTH } from './chart-theme.ts';
import { uniqueLabels } from './text-fit.ts';

export interface UnlockedRow {
  readonly team: string;
  readonly newlyUnlocked: number;
  readonly newlyDone: number;
}

export interface NewlyUnlockedInput {
  readonly rows: readonly UnlockedRow[];
  /** Shown in the title, e.g. "week of 2 June 2025". */
  readonly period: string;
}

const UNLOCKED = 'Newly unlocked';
const DONE = 'Newly done';
const BAR = 13;

export function newlyUnlockedSpec(input: NewlyUnlockedInput): TopLevelSpec {
  const title = `Newly unlocked and done — ${input.period}`;
  const rows = input.rows.map((r) => ({ ...r, newlyUnlocked: count(r.newlyUnlocked), newlyDone: count(r.newlyDone) }));
  if (rows.length === 0) return messageSpec(title, 'No teams to show yet');
  const unlocked = sum(rows.map((r) => r.newlyUnlocked));
  const done = sum(rows.map((r) => r.newlyDone));
  if (unlocked + done === 0) return messageSpec(title, 'No progress recorded this period', `${teamCount(rows.length)}, nothing newly unlocked or done`);

  const { shown, hidden } = topRows(rows, (r) => r.newlyUnlocked + r.newlyDone, (r) => r.team);
  const labels = uniqueLabels(shown.map((r) => r.team), TEAM_LABEL_WIDTH, FONT_SIZE.label);
  const values = shown.flatMap((r, i) => [
    { team: labels[i], measure: UNLOCKED, value: r.newlyUnlocked },
    { team: labels[i], measure: DONE, value: r.newlyDone },
  ]);
  const y = { field: 'team', type: 'nominal', sort: labels, title: null, axis: { ticks: false, domain: false, labelPadding: 8 } };
  const yOffset = { field: 'measure', type: 'nominal', sort: [UNLOCKED, DONE] };
  const x = { field: 'value', type: 'quantitative', title: 'Nodes', axis: { tickMinStep: 1, format: 'd', grid: true } };

  return {
    $schema: SCHEMA,
    title: chartTitle(title, joinNotes(`Org total: ${unlocked} unlocked, ${done} done`, moreNote(hidden, 'less movement'))),
    width: 620,
    height: shown.length * (2 * BAR + 10),
    config: BASE_CONFIG,
    data: { values },
    encoding: { y, yOffset },
    layer: [
      {
        mark: { type: 'bar', height: BAR, cornerRadiusEnd: 2 },
        encoding: {
          x,
          color: {
            field: 'measure',
            type: 'nominal',
            // Light blue "became available", dark blue "done": the same pair as the tree picture.
            scale: { domain: [UNLOCKED, DONE], range: [OKABE_ITO.skyBlue, OKABE_ITO.blue] },
            legend: { orient: 'top', title: null, direction: 'horizontal' },
          },
          tooltip: [{ field: 'team', title: 'Team' }, { field: 'measure', title: 'What' }, { field: 'value', title: 'Nodes' }],
        },
      },
      {
        transform: [{ filter: 'datum.value > 0' }],
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: FONT_SIZE.small, color: INK },
        encoding: { x, text: { field: 'value', type: 'quantitative' } },
      },
    ],
  } as TopLevelSpec;
}
