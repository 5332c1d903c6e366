// The one renderer: Vega-Lite -> Vega -> SVG (headless, no canvas package) -> PNG with resvg.
// resvg is given the DejaVu TTFs explicitly and never the system fonts, so a chart looks the
// same on a laptop, in CI and in a slim container; without fonts resvg silently drops text.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { FONT } from './chart-theme.ts';
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

const FONT_FILES = (() => {
  const pkg = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json');
  const dir = join(dirname(pkg), 'ttf');
  return ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'].map((f) => join(dir, f));
})();

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

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { spec: vgSpec } = compile(spec, { config: { font: FONT } });
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function renderPng(spec: TopLevelSpec, opts: RenderOptions = {}): Promise<RenderedPng> {
  const maxSide = opts.maxSide ?? 1024;
  const maxBytes = opts.maxBytes ?? 1024 * 1024;
  const svg = await renderSvg(spec);
  const { width, height } = svgSize(svg);
  let side = Math.min(maxSide, Math.round(Math.max(width, height) * (opts.maxZoom ?? 2)));
  for (;;) {
    const resvg = new Resvg(svg, {
      background: '#FFFFFF',
      fitTo: width >= height ? { mode: 'width', value: side } : { mode: 'height', value: side },
      font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT, sansSerifFamily: FONT },
      logLevel: 'off',
    });
    const image = resvg.render();
    const png = image.asPng();
    const out = { png, width: image.width, height: image.height };
    
    // A chart that is still too heavy at a quarter of the size is a bug, not a picture.
    if (png.length <= maxBytes || side <= maxSide / 4) {
      if (png.length > maxBytes) throw new Error(`chart PNG is ${png.length} bytes even at ${side}px`);
      return out;
    }
    side = Math.floor(side * 0.8);
  }
}

function svgSize(svg: string): { width: number; height: number } {
  const open = svg.slice(0, svg.indexOf('>'));
  const width = Number(/\swidth="([\d.]+)"/.exec(open)?.[1]);
  const height = Number(/\sheight="([\d.]+)"/.exec(open)?.[1]);
  if (!(width > 0 && height > 0)) throw new Error('vega produced an SVG without a size');
  return { width, height };
}
