// Charts by kind: what each is built from, and the Vega-Lite spec of each.
import type { TopLevelSpec } from 'vega-lite';
import { maturityHeatmapSpec, type HeatmapInput } from './maturity-heatmap.chart.ts';
import { newlyUnlockedSpec, type NewlyUnlockedInput } from './newly-unlocked.chart.ts';
import { stalledTeamsSpec, type StalledInput } from './stalled-teams.chart.ts';
import { treePictureSpec, type TreePictureInput } from './tree-picture.chart.ts';
import { weeklyTrendSpec, type TrendInput } from './weekly-trend.chart.ts';

export type ChartKind = 'tree' | 'unlocked' | 'stalled' | 'heatmap' | 'trend';

export const CHART_KINDS: readonly ChartKind[] = ['tree', 'unlocked', 'stalled', 'heatmap', 'trend'];

/** The four charts of a council digest: built synchronously, on any thread. */
export type DigestChartKind = Exclude<ChartKind, 'tree'>;

/** What each kind of chart is built from. */
export interface ChartInputs {
  readonly tree: TreePictureInput;
  readonly unlocked: NewlyUnlockedInput;
  readonly stalled: StalledInput;
  readonly heatmap: HeatmapInput;
  readonly trend: TrendInput;
}

/**
 * A chart to draw, named by kind with its input (plain data: it crosses to a pool thread),
 * so the spec is built where it is rendered. The tree picture is always asked for this way,
 * because laying it out is CPU work that must not run on the thread serving requests.
 */
export type ChartRequest = { readonly [K in ChartKind]: { readonly kind: K; readonly input: ChartInputs[K] } }[ChartKind];

/** Anything a renderer draws: a built Vega-Lite spec, or a request it builds itself. */
export type Chart = TopLevelSpec | ChartRequest;

/** A digest chart's Vega-Lite spec. Pure and synchronous; the tree picture is {@link chartSpec}'s. */
export function buildChart<K extends DigestChartKind>(kind: K, input: ChartInputs[K]): TopLevelSpec {
  // The generic ties `input` to `kind` for callers; inside, narrow by hand once.
  const k = kind as DigestChartKind;
  switch (k) {
    case 'unlocked': return newlyUnlockedSpec(input as NewlyUnlockedInput);
    case 'stalled': return stalledTeamsSpec(input as StalledInput);
    case 'heatmap': return maturityHeatmapSpec(input as HeatmapInput);
    case 'trend': return weeklyTrendSpec(input as TrendInput);
    default: {
      const never: never = k;
      throw new Error(`unknown chart kind ${String(never)}`);
    }
  }
}

/** Whether `chart` is a request by kind rather than a built spec. */
export function isChartRequest(chart: Chart): chart is ChartRequest {
  const c = chart as { kind?: unknown; input?: unknown };
  return typeof c.kind === 'string' && (CHART_KINDS as readonly string[]).includes(c.kind) && typeof c.input === 'object' && c.input !== null;
}

/** The Vega-Lite spec of any chart; the tree picture is laid out by ELK, hence async. */
export async function chartSpec(chart: Chart): Promise<TopLevelSpec> {
  if (!isChartRequest(chart)) return chart;
  return chart.kind === 'tree' ? treePictureSpec(chart.input) : buildChart(chart.kind, chart.input as never);
}

