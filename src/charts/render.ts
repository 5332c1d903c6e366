// The one renderer: Vega-Lite -> Vega -> SVG (headless, no canvas package) -> PNG with resvg
// (rasterise.ts). CPU-bound from start to end: the app runs it in a pool (render-pool.ts).
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { ChartRenderError } from './chart-render-error.ts';
import { chartSpec, type Chart } from './chart-spec.ts';
import { FONT } from './chart-theme.ts';
import { rasterise, type FitTo } from './rasterise.ts';
import { textWidth } from './text-fit.ts';

export interface RenderOptions {
  /** Longest side of the PNG in px. Default 1024, Microsoft Teams' limit. */
  readonly maxSide?: number;
  /** Largest PNG in bytes; the picture is scaled down until it fits. Default 1 MB (Teams). */
  readonly maxBytes?: number;
  /** Most the picture is enlarged when it is smaller than `maxSide`. Default 2. */
  readonly maxZoom?: number;
}

export interface RenderedPng {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
}

interface MeasuredItem {
  readonly fontSize?: number;
  readonly fontWeight?: string | number;
}

// Vega lays out axes, legends and titles from text widths. Headless it would guess 0.8 em per
// character; measuring with DejaVu's real advances (as vl-convert does with its own fonts)
// keeps labels from being cut early or padded with empty space.
const metrics = (vega as unknown as { textMetrics: { width: (item: MeasuredItem, text: unknown) => number } }).textMetrics;
metrics.width = (item, text) => {
  const size = item.fontSize ?? 11;
  const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
  return textWidth(text == null ? '' : String(text), size, bold);
};

// Specs carry their data inline. Refusing every load keeps a spec from reading local files or
// calling out to the network from inside the bot.
const refuse = (uri: string) => Promise.reject(new Error(`charts load no external data (asked for ${uri})`));
const OFFLINE: vega.Loader = { load: refuse, sanitize: refuse, http: refuse, file: refuse };

/**
 * Vega reports failures to its logger and draws on regardless; we want them thrown. A failed
 * data load is only a warning to Vega, recognisable by the Error it carries.
 */
function collectingLogger(errors: unknown[]): vega.LoggerInterface {
  const log: vega.LoggerInterface = {
    level: () => log,
    error: (...args: unknown[]) => (errors.push(args.find((a) => a instanceof Error) ?? args.join(' ')), log),
    warn: (...args: unknown[]) => (args.some((a) => a instanceof Error) && errors.push(args.find((a) => a instanceof Error)), log),
    info: () => log,
    debug: () => log,
  };
  return log;
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  let view: vega.View | undefined;
  const errors: unknown[] = [];
  try {
    const { spec: vgSpec } = compile(spec, { config: { font: FONT } });
    view = new vega.View(vega.parse(vgSpec), { renderer: 'none', loader: OFFLINE, logger: collectingLogger(errors) });
    const svg = await view.toSVG();
    if (errors.length > 0) throw errors[0] instanceof Error ? errors[0] : new Error(String(errors[0]));
    return svg;
  } catch (cause) {
    throw new ChartRenderError('RenderFailed', `could not render the chart: ${(cause as Error).message}`, { cause });
  } finally {
    // A view holds timers and listeners; without finalize() every render would leak one.
    view?.finalize();
  }
}

/**
 * Builds and draws any chart on this thread: spec (for a request), Vega-Lite -> Vega -> SVG ->
 * PNG. CPU-bound throughout; the app calls it from pool threads. Throws ChartRenderError.
 */
export async function renderChart(chart: Chart, opts: RenderOptions = {}): Promise<RenderedPng> {
  let spec: TopLevelSpec;
  try {
    spec = await chartSpec(chart);
  } catch (cause) {
    throw new ChartRenderError('RenderFailed', `could not lay out the chart: ${(cause as Error).message}`, { cause });
  }
  return renderPng(spec, opts);
}

/** Draws a built Vega-Lite spec as a PNG within `opts`. Throws ChartRenderError. */
export async function renderPng(spec: TopLevelSpec, opts: RenderOptions = {}): Promise<RenderedPng> {
  const maxSide = opts.maxSide ?? 1024;
  const maxBytes = opts.maxBytes ?? 1024 * 1024;
  const svg = await renderSvg(spec);
  const { width, height } = svgSize(svg);
  // Enlarge small charts (crisper in chat), never past maxSide on the longer side.
  let side = Math.min(maxSide, Math.round(Math.max(width, height) * (opts.maxZoom ?? 2)));
  for (;;) {
    const out = await draw(svg, width >= height ? { mode: 'width', value: side } : { mode: 'height', value: side });
    if (out.png.length <= maxBytes) return out;
    // Still too heavy at a quarter of the size is a bug in the spec, not a picture to send.
    if (side <= maxSide / 4) throw new ChartRenderError('PngTooLarge', `chart PNG is ${out.png.length} bytes even at ${side}px`);
    side = Math.floor(side * 0.8);
  }
}

async function draw(svg: string, fitTo: FitTo): Promise<RenderedPng> {
  try {
    return await rasterise(svg, fitTo);
  } catch (cause) {
    throw new ChartRenderError('RenderFailed', `could not rasterise the chart: ${(cause as Error).message}`, { cause });
  }
}

function svgSize(svg: string): { width: number; height: number } {
  const open = svg.slice(0, svg.indexOf('>'));
  const width = Number(/\swidth="([\d.]+)"/.exec(open)?.[1]);
  const height = Number(/\sheight="([\d.]+)"/.exec(open)?.[1]);
  if (!(width > 0 && height > 0)) throw new ChartRenderError('SvgWithoutSize', 'vega produced an SVG without a width and height');
  return { width, height };
}
