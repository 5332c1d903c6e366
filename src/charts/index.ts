// The charts' public face: build a Vega-Lite spec by kind, then render it with `renderPng`.
import type { TopLevelSpec } from 'vega-lite';
import { maturityHeatmapSpec, type HeatmapInput } from './maturity-heatmap.chart.ts';
import { newlyUnlockedSpec, type NewlyUnlockedInput } from './newly-unlocked.chart.ts';
import { stalledTeamsSpec, type StalledInput } from './stalled-teams.chart.ts';
import { treePictureSpec, type TreePictureInput } from './tree-picture.chart.ts';
import { weeklyTrendSpec, type TrendInput } from './weekly-trend.chart.ts';

export type ChartKind = 'tree' | 'unlocked' | 'stalled' | 'heatmap' | 'trend';

export const CHART_KINDS: readonly ChartKind[] = ['tree', 'unlocked', 'stalled', 'heatmap', 'trend'];

/** What each kind of chart is built from. */
export interface ChartInputs {
  readonly tree: TreePictureInput;
  readonly unlocked: NewlyUnlockedInput;
  readonly stalled: StalledInput;
  readonly heatmap: HeatmapInput;
  readonly trend: TrendInput;
}

export function buildChart<K extends ChartKind>(kind: K, input: ChartInputs[K]): TopLevelSpec {
  // The generic ties `input` to `kind` for callers; inside, narrow by hand once.
  const k = kind as ChartKind;
  switch (k) {
    case 'tree': return treePictureSpec(input as TreePictureInput);
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

export { inlineRenderer, type ChartRenderer } from './chart-renderer.ts';
export { renderPng, renderSvg, type RenderedPng, type RenderOptions } from './render.ts';
export { ChartRenderError, type ChartRenderErrorCode } from './chart-render-error.ts';
export type { HeatmapInput, NewlyUnlockedInput, StalledInput, TreePictureInput, TrendInput };
export type { UnlockedRow } from './newly-unlocked.chart.ts';
export type { StalledRow } from './stalled-teams.chart.ts';
export type { TrendRow } from './weekly-trend.chart.ts';
export { maturityHeatmapSpec, newlyUnlockedSpec, stalledTeamsSpec, treePictureSpec, weeklyTrendSpec };
