// What one pool thread runs: build the spec, compile it, draw the SVG and the PNG. Errors come
// back as values, because a thrown ChartRenderError loses its code crossing threads.
import { ChartRenderError, type ChartRenderErrorCode } from './chart-render-error.ts';
import type { Chart } from './chart-spec.ts';
import { fontBuffers } from './chart-fonts.ts';
import { init } from './rasterise.ts';
import { renderChart, type RenderOptions } from './render.ts';
import { loadElk } from './tree-layout.ts';
import { lowerThreadPriority } from '../thread-priority.ts';

// Drawing is background work: the serving thread's acknowledgements get the CPU first.
lowerThreadPriority();

// Start the slow parts as the thread starts, not on its first picture: compiling the resvg
// wasm module, reading the fonts and loading elkjs take seconds on a loaded machine. A failure
// here is ignored: it happens again, with its cause, on the first render.
void init().then(fontBuffers).then(loadElk).catch(() => undefined);

export interface RenderTask {
  readonly chart: Chart;
  readonly options?: RenderOptions;
}

export type RenderOutcome =
  | { readonly ok: true; readonly png: Uint8Array; readonly width: number; readonly height: number }
  | { readonly ok: false; readonly code: ChartRenderErrorCode; readonly message: string; readonly cause?: string };

export async function renderInThread(task: RenderTask): Promise<RenderOutcome> {
  try {
    const { png, width, height } = await renderChart(task.chart, task.options);
    return { ok: true, png, width, height };
  } catch (error) {
    if (error instanceof ChartRenderError) {
      const cause = error.cause instanceof Error ? error.cause.stack ?? error.cause.message : undefined;
      return { ok: false, code: error.code, message: error.message, ...(cause ? { cause } : {}) };
    }
    return { ok: false, code: 'RenderFailed', message: `could not render the chart: ${(error as Error).message}`, cause: (error as Error).stack ?? String(error) };
  }
}
