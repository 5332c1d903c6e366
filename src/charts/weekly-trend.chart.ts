// Digest chart: nodes done per week over the last 12 weeks. The org total is a bar chart on
// top; below it each team is a row of cells on the same week columns, so a team that stopped
// shows as a run of empty cells, which 25 overlapping lines would hide.
import type { TopLevelSpec } from 'vega-lite';
import { DAY_MS } from '../engine/time.ts';
import { chartTitle, count, joinNotes, messageSpec, moreNote, SCHEMA, sum, teamCount, topRows } from './chart-frame.ts';
import { BASE_CONFIG, FONT_SIZE, INK, OKABE_ITO, TEAM_LABEL_WIDTH } from './chart-theme.ts';
import { uniqueLabels } from './text-fit.ts';

export interface TrendRow {
  /** ISO date of the week's Monday; any other day is counted in its own week. */
  readonly week: string;
  readonly team: string;
  readonly done: number;
}

export interface TrendInput {
  readonly rows: readonly TrendRow[];
}

const WEEKS = 12;
const COLUMN = 56;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function weeklyTrendSpec(input: TrendInput): TopLevelSpec {
  const title = 'Nodes done per week';
  const dated = input.rows
    .map((r) => ({ ...r, monday: mondayOf(r.week), done: count(r.done) }))
    .filter((r): r is typeof r & { monday: number } => r.monday !== undefined);
  if (dated.length === 0) return messageSpec(title, 'No progress recorded yet');

  const last = Math.max(...dated.map((r) => r.monday));
  const weeks = Array.from({ length: WEEKS }, (_, i) => last - (WEEKS - 1 - i) * 7 * DAY_MS);
  const labelOf = new Map(weeks.map((w) => [w, weekLabel(w)]));
  const inRange = dated.filter((r) => labelOf.has(r.monday));
  const total = sum(inRange.map((r) => r.done));
  const teamNames = [...new Set(dated.map((r) => r.team))];
  if (total === 0) {
    return messageSpec(title, 'No progress recorded yet', `${teamCount(teamNames.length)}, no node done in the last ${WEEKS} weeks`);
  }

  const perTeam = new Map<string, Map<number, number>>(teamNames.map((t) => [t, new Map()]));
  for (const r of inRange) {
    const weeksOfTeam = perTeam.get(r.team) as Map<number, number>;
    weeksOfTeam.set(r.monday, (weeksOfTeam.get(r.monday) ?? 0) + r.done);
  }
  const teamTotal = (t: string) => sum([...(perTeam.get(t)?.values() ?? [])]);
  const { shown, hidden } = topRows(teamNames, teamTotal, (t) => t);
  const labels = uniqueLabels(shown, TEAM_LABEL_WIDTH, FONT_SIZE.label);
  const weekLabels = weeks.map((w) => labelOf.get(w) as string);

  const orgValues = weeks.map((w) => ({ week: labelOf.get(w), done: sum(inRange.filter((r) => r.monday === w).map((r) => r.done)) }));
  const teamValues = shown.flatMap((t, i) => weeks.map((w) => ({ team: labels[i], week: labelOf.get(w), done: perTeam.get(t)?.get(w) ?? 0 })));
  const maxCell = Math.max(1, ...teamValues.map((v) => v.done));
  const x = { field: 'week', type: 'ordinal', sort: weekLabels, scale: { domain: weekLabels }, title: null };
  const width = COLUMN * WEEKS;

  return {
    $schema: SCHEMA,
    title: chartTitle(title, joinNotes(`${total} nodes done in the ${WEEKS} weeks from ${weekLabels[0]} to ${weekLabels[WEEKS - 1]}`, moreNote(hidden, 'less active'))),
    config: { ...BASE_CONFIG, concat: { spacing: 18 } },
    vconcat: [
      {
        title: { text: 'Whole organisation', fontSize: FONT_SIZE.label + 1, anchor: 'start', offset: 8 },
        width,
        height: 150,
        data: { values: orgValues },
        encoding: { x: { ...x, axis: { labelAngle: 0, labelFontSize: FONT_SIZE.small, ticks: false } } },
        layer: [
          {
            mark: { type: 'bar', color: OKABE_ITO.blue, width: COLUMN - 14, cornerRadiusEnd: 2 },
            encoding: {
              y: { field: 'done', type: 'quantitative', title: 'Nodes', axis: { tickMinStep: 1, format: 'd', tickCount: 4 } },
              tooltip: [{ field: 'week', title: 'Week of' }, { field: 'done', title: 'Nodes done' }],
            },
          },
          {
            transform: [{ filter: 'datum.done > 0' }],
            mark: { type: 'text', baseline: 'bottom', dy: -3, fontSize: FONT_SIZE.small, color: INK },
            encoding: { y: { field: 'done', type: 'quantitative' }, text: { field: 'done' } },
          },
        ],
      },
      {
        title: { text: 'Per team', fontSize: FONT_SIZE.label + 1, anchor: 'start', offset: 8 },
        width,
        height: 26 * shown.length,
        data: { values: teamValues },
        encoding: {
          x: { ...x, axis: { labelAngle: 0, labelFontSize: FONT_SIZE.small, ticks: false, domain: false } },
          y: { field: 'team', type: 'nominal', sort: labels, scale: { domain: labels }, title: null, axis: { ticks: false, domain: false, labelPadding: 8 } },
        },
        layer: [
          {
            mark: { type: 'rect', stroke: '#FFFFFF', strokeWidth: 2 },
            encoding: {
              color: {
                field: 'done',
                type: 'quantitative',
                // Zero is near-white so inactive weeks read as gaps; darker means more done.
                scale: { domain: [0, maxCell], range: ['#F2F2F2', OKABE_ITO.blue] },
                legend: null,
              },
              tooltip: [{ field: 'team', title: 'Team' }, { field: 'week', title: 'Week of' }, { field: 'done', title: 'Nodes done' }],
            },
          },
          {
            transform: [{ filter: 'datum.done > 0' }],
            mark: { type: 'text', fontSize: FONT_SIZE.small, baseline: 'middle' },
            encoding: {
              text: { field: 'done' },
              color: { condition: { test: `datum.done > ${maxCell / 2}`, value: '#FFFFFF' }, value: INK },
            },
          },
        ],
      },
    ],
  } as TopLevelSpec;
}

/** Epoch ms of the UTC Monday on or before an ISO date, or undefined when it is not a date. */
function mondayOf(iso: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return undefined;
  const day = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (Number.isNaN(day)) return undefined;
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return day - weekday * DAY_MS;
}

/** "3 Mar", in UTC so the label never depends on the server's time zone. */
function weekLabel(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}
