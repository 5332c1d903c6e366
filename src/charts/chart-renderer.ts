// The one port through which every picture is drawn: tree replies, the App Home, digest charts.
// The app is handed a renderer; where it renders (this thread, or a pool of worker threads) is
// the renderer's business.
import type { TopLevelSpec } from 'vega-lite';
import { renderPng, type RenderedPng, type RenderOptions } from './render.ts';

export interface ChartRenderer {
  /**
   * Draws a Vega-Lite spec (data inline) as a PNG within `options` (default: at most 1024 px on
   * the longer side and 1 MB, Microsoft Teams' limits). Throws ChartRenderError.
   */
  render(spec: TopLevelSpec, options?: RenderOptions): Promise<RenderedPng>;
  /** Releases what the renderer holds (threads, fonts); later renders fail. */
  close(): Promise<void>;
}

/** Renders on the calling thread: for the CLI's one-off pictures and for tests. */
export function inlineRenderer(): ChartRenderer {
  return { render: (spec, options) => renderPng(spec, options), close: async () => undefined };
}
