// The charts' public face: build a Vega-Lite spec by kind, then draw it through a ChartRenderer.
export {
  buildChart, CHART_KINDS, chartSpec, isChartRequest,
  type Chart, type ChartInputs, type ChartKind, type ChartRequest, type DigestChartKind,
} from './chart-spec.ts';
export { inlineRenderer, type ChartRenderer } from './chart-renderer.ts';
export { poolRenderer, type PoolOptions } from './render-pool.ts';
// Drawing itself (Vega, Vega-Lite, the rasteriser: megabytes of heap) is not re-exported here, so
// that building a chart's spec does not load it: it goes through a ChartRenderer, or render.ts.
export type { RenderedPng, RenderOptions } from './render.ts';
export { ChartRenderError, type ChartRenderErrorCode } from './chart-render-error.ts';
export type { HeatmapInput } from './maturity-heatmap.chart.ts';
export type { NewlyUnlockedInput, UnlockedRow } from './newly-unlocked.chart.ts';
export type { StalledInput, StalledRow } from './stalled-teams.chart.ts';
export type { TreePictureInput } from './tree-picture.chart.ts';
export type { TrendInput, TrendRow } from './weekly-trend.chart.ts';
export { maturityHeatmapSpec } from './maturity-heatmap.chart.ts';
export { newlyUnlockedSpec } from './newly-unlocked.chart.ts';
export { stalledTeamsSpec } from './stalled-teams.chart.ts';
export { treePictureSpec } from './tree-picture.chart.ts';
export { weeklyTrendSpec } from './weekly-trend.chart.ts';
