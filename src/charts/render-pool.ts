// A ChartRenderer on a pool of worker threads (piscina): building, compiling and drawing a
// picture is CPU work of 20-100 ms that would otherwise stall the thread answering Slack and
// Teams. Each thread loads vega, the resvg wasm module and the fonts once. The queue in front
// of the threads is bounded: past it, renders fail at once with code 'Saturated' rather than
// piling up behind a burst.
import { Piscina } from 'piscina';
import { renderDuration, watchRenderQueue } from '../metrics.ts';
import { ChartRenderError } from './chart-render-error.ts';
import type { ChartRenderer } from './chart-renderer.ts';
import type { RenderOutcome, RenderTask } from './render-thread.ts';

export interface PoolOptions {
  /** Worker threads drawing pictures. */
  readonly threads: number;
  /** Pictures that may wait for a free thread before renders fail with 'Saturated'. Default max(32, 16 x threads). */
  readonly maxQueue?: number;
  /** Start every thread now rather than on the first picture. Default false. */
  readonly warm?: boolean;
}

/** Opens the pool. Threads start on first use (or now with `warm`) and stay until `close()`. */
export function poolRenderer(options: PoolOptions): ChartRenderer {
  const threads = Math.max(1, Math.floor(options.threads));
  const maxQueue = options.maxQueue ?? Math.max(32, 16 * threads);
  const pool = new Piscina<RenderTask, RenderOutcome>({
    filename: new URL('./render-thread.mjs', import.meta.url).href,
    minThreads: options.warm ? threads : 0,
    maxThreads: threads,
    maxQueue,
    // Idle threads keep their fonts and compiled wasm: starting one costs about a second.
    idleTimeout: 10 * 60_000,
  });
  let closed = false;
  const unwatch = watchRenderQueue(() => pool.queueSize);
  return {
    async render(chart, renderOptions) {
      if (closed) throw new ChartRenderError('Closed', 'the picture renderer is closed (the app is shutting down)');
      if (pool.queueSize >= maxQueue) {
        throw new ChartRenderError('Saturated', `too many pictures are being drawn at once (${pool.queueSize} waiting for ${threads} render thread(s)); try again in a minute`);
      }
      let outcome: RenderOutcome;
      const timer = renderDuration.startTimer();
      try {
        outcome = await pool.run({ chart, ...(renderOptions ? { options: renderOptions } : {}) });
      } catch (cause) {
        throw new ChartRenderError('RenderFailed', `a render thread failed: ${(cause as Error).message}`, { cause });
      } finally {
        timer();
      }
      if (!outcome.ok) throw new ChartRenderError(outcome.code, outcome.message, { cause: outcome.cause });
      return { png: Buffer.from(outcome.png.buffer, outcome.png.byteOffset, outcome.png.byteLength), width: outcome.width, height: outcome.height };
    },
    async close() {
      if (closed) return;
      closed = true;
      unwatch();
      await pool.close();
    },
  };
}
