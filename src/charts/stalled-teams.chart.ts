// Digest chart: days since each team's last progress, the stall threshold as a rule, and what
// each team is stuck on ("stuck on: …") or could do next ("next: …") written after its bar.
// A team with progress today gets a diamond at zero, so no row looks empty.
import type { TopLevelSpec } from 'vega-lite';
import { chartTitle, count, joinNotes, messageSpec, moreNote, SCHEMA, teamCount, topRows } from './chart-frame.ts';
import { BASE_CONFIG, FONT_SIZE, INK, MUTED_INK, OKABE_ITO, TEAM_LABEL_WIDTH } from './chart-theme.ts';
import { drawable, textWidth, uniqueLabels, wrap } from './text-fit.ts';

export interface StalledRow {
  readonly team: string;
  readonly daysSinceProgress: number;
  /** The node the team is waiting on, or '' when nothing is available to it. */
  readonly stuckOn: string;
  /**
   * What `stuckOn` is: 'stuck', a node in progress for too long ("stuck on: …"), or 'next',
   * the first node available to it ("next: …"). Without it the label reads "waiting on: …".
   */
  readonly stuckOnKind?: 'stuck' | 'next';
}

const LABEL_PREFIX = { stuck: 'stuck on: ', next: 'next: ', unknown: 'waiting on: ' } as const;
const ZERO_MARK_PX = 9;

export interface StalledInput {
  readonly rows: readonly StalledRow[];
  readonly thresholdDays: number;
}

const STALLED = 'Stalled';
const MOVING = 'Moving';
const STUCK_ON_WIDTH = 230;
const PLOT_WIDTH = 440;
const LABEL_DX = 6;

export function stalledTeamsSpec(input: StalledInput): TopLevelSpec {
  const title = 'Days since last progress';
  const threshold = count(input.thresholdDays);
  if (input.rows.length === 0) return messageSpec(title, 'No teams to show yet');

  const rows = input.rows.map((r) => ({ ...r, days: count(r.daysSinceProgress) }));
  const stalled = rows.filter((r) => r.days >= threshold).length;
  const { shown, hidden } = topRows(rows, (r) => r.days, (r) => r.team);
  const labels = uniqueLabels(shown.map((r) => r.team), TEAM_LABEL_WIDTH, FONT_SIZE.label);
  const maxDays = Math.max(threshold, ...shown.map((r) => r.days), 1);
  const domainMax = Math.ceil(maxDays * 1.05);
  const daysPerPx = domainMax / PLOT_WIDTH;
  const values = shown.map((r, i) => {
    const name = drawable(r.stuckOn);
    // Cut between words: "next: CNI with NetworkPolicy…", never "…Enforc…".
    const stuckOn = name === '' ? '' : (wrap(`${LABEL_PREFIX[r.stuckOnKind ?? 'unknown']}${name}`, STUCK_ON_WIDTH, FONT_SIZE.small, 1)[0] ?? '');
    // Text starts after the bar, or after the zero-day diamond.
    const from = r.days + (r.days === 0 ? ZERO_MARK_PX : 0) * daysPerPx;
    return {
      team: labels[i],
      days: r.days,
      state: r.days >= threshold ? STALLED : MOVING,
      stuckOn,
      labelAt: from,
      // The full name stays in the tooltip for interactive viewers; the picture gets it cut to fit.
      stuckOnFull: name || '—',
      // A white backing behind the label, in data units, so the threshold rule never runs through it.
      backFrom: from + 3 * daysPerPx,
      backTo: from + (LABEL_DX + textWidth(stuckOn, FONT_SIZE.small) + 3) * daysPerPx,
    };
  });
  const x = {
    field: 'days',
    type: 'quantitative',
    title: 'Days since a node was last done or skipped',
    scale: { domain: [0, domainMax], nice: false },
    axis: { tickMinStep: 1, format: 'd' },
  };
  const y = { field: 'team', type: 'nominal', sort: labels, title: null, axis: { ticks: false, domain: false, labelPadding: 8 } };

  const summary = stalled === 0
    ? `No team has gone ${threshold} days without progress`
    : `${stalled} of ${teamCount(rows.length)} stalled (no progress for ${threshold}+ days)`;

  return {
    $schema: SCHEMA,
    title: chartTitle(title, joinNotes(summary, moreNote(hidden, 'stalled for less time'))),
    width: PLOT_WIDTH,
    height: shown.length * 30,
    config: BASE_CONFIG,
    layer: [
      {
        data: { values: [{ days: threshold }] },
        mark: { type: 'rule', color: MUTED_INK, strokeDash: [6, 4], strokeWidth: 2 },
        encoding: { x },
      },
      {
        data: { values },
        mark: { type: 'bar', height: 18, cornerRadiusEnd: 2 },
        encoding: {
          y,
          x,
          color: {
            field: 'state',
            type: 'nominal',
            // Vermillion against grey-blue: apart in hue and in lightness, so not a red/green pair.
            scale: { domain: [STALLED, MOVING], range: [OKABE_ITO.vermillion, '#9CB8CC'] },
            legend: { orient: 'bottom', title: null, direction: 'horizontal', labelExpr: `datum.label === '${STALLED}' ? 'Stalled (${threshold}+ days)' : 'Moving'` },
          },
          tooltip: [
            { field: 'team', title: 'Team' },
            { field: 'days', title: 'Days since progress' },
            { field: 'stuckOnFull', title: 'Waiting on' },
          ],
        },
      },
      {
        data: { values },
        transform: [{ filter: "datum.stuckOn !== ''" }],
        mark: { type: 'rect', height: 18, color: '#FFFFFF' },
        encoding: { y, x: { ...x, field: 'backFrom' }, x2: { field: 'backTo' } },
      },
      {
        data: { values },
        transform: [{ filter: 'datum.days === 0' }],
        mark: { type: 'point', shape: 'diamond', filled: true, size: 110, opacity: 1, color: '#5E8AA8', xOffset: 1 },
        encoding: { y, x },
      },
      {
        data: { values },
        transform: [{ filter: "datum.stuckOn !== ''" }],
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: LABEL_DX, fontSize: FONT_SIZE.small, color: INK },
        encoding: { y, x: { ...x, field: 'labelAt' }, text: { field: 'stuckOn' } },
      },
      {
        data: { values: [{ days: threshold, label: `threshold: ${threshold} days` }] },
        mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -4, fontSize: FONT_SIZE.small, color: MUTED_INK, y: 0 },
        encoding: { x, text: { field: 'label' } },
      },
    ],
    resolve: { scale: { y: 'shared' } },
  } as TopLevelSpec;
}
