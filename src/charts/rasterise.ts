// SVG -> PNG with @resvg/resvg-wasm. The wasm module is compiled and the fonts are read once per
// thread; resvg gets the bundled fonts as buffers and never the system's, so a chart looks the
// same on a laptop, in CI and in a slim container (without fonts resvg silently drops text).
// The wasm build replaces @resvg/resvg-js, which re-read font files for every glyph and leaked
// native memory per render (thx/resvg-js#216).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { fontsFor } from './chart-fonts.ts';
import { FONT } from './chart-theme.ts';

export interface Raster {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
}

export type FitTo = { readonly mode: 'width' | 'height'; readonly value: number };

let ready: Promise<void> | undefined;

/** Compiles the wasm module once per thread; later calls wait for the same promise. */
export function init(): Promise<void> {
  ready ??= readFile(createRequire(import.meta.url).resolve('@resvg/resvg-wasm/index_bg.wasm')).then((wasm) => initWasm(wasm));
  return ready;
}

/**
 * Draws `svg` on white, scaled so its width or height is `fitTo.value` px. Synchronous work
 * (tens of ms for a chart): call it from a pool thread, not from the thread serving requests.
 * Throws whatever resvg throws for an SVG it cannot parse.
 */
export async function rasterise(svg: string, fitTo: FitTo): Promise<Raster> {
  await init();
  // The CJK and Korean fonts (11 and 12 MB) are copied into resvg only for the pictures that need them.
  const fontBuffersFor = fontsFor(svg);
  const resvg = new Resvg(svg, {
    background: '#FFFFFF',
    fitTo,
    font: { fontBuffers: fontBuffersFor, defaultFontFamily: FONT, sansSerifFamily: FONT },
  });
  try {
    const image = resvg.render();
    try {
      return { png: Buffer.from(image.asPng()), width: image.width, height: image.height };
    } finally {
      // wasm memory is not the GC's: free the image and the tree as soon as the PNG is out.
      image.free();
    }
  } finally {
    resvg.free();
  }
}
