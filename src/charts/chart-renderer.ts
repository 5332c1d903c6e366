// The one port through which every picture is drawn: tree replies, the App Home, digest charts.
// The app is handed a renderer; where it renders (this thread, or a pool of worker threads,
// render-pool.ts) is the renderer's business.
import type { Chart } from './chart-spec.ts';
import type { RenderedPng, RenderOptions } from './render.ts';

export interface ChartRenderer {
  /**
   * Draws a chart (a Vega-Lite spec with its data inline, or a `{ kind, input }` request whose
   * spec the renderer builds) as a PNG within `options` (default: at most 1024 px on the longer
   * side and 1 MB, Microsoft Teams' limits). Throws ChartRenderError; code 'Saturated' when too
   * many pictures are waiting already.
   */
  render(chart: Chart, options?: RenderOptions): Promise<RenderedPng>;
  /** Releases what the renderer holds (threads, fonts); later renders fail with 'Closed'. */
  close(): Promise<void>;
}

/**
 * Renders on the calling thread, blocking it for each picture (tens of ms): for one-off CLI
 * commands, where nothing else waits on the event loop, and for tests. Vega, Vega-Lite and the
 * rasteriser are loaded with the first picture, so a thread that never draws one (a server's,
 * whose pictures are drawn by render-pool.ts's threads) does not hold them in its heap.
 */
export function inlineRenderer(): ChartRenderer {
  return { render: async (chart, options) => (await import('./render.ts')).renderChart(chart, options), close: async () => undefined };
}
