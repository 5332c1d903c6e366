// Rendering for real: every case becomes a PNG within Microsoft Teams' limits that has a
// picture on it, and text is drawn with the bundled DejaVu fonts (resvg drops text silently
// when it has no font, so this is checked pixel by pixel).
import { Resvg } from '@resvg/resvg-wasm';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { ChartRenderError } from '../../src/charts/chart-render-error.ts';
import { buildChart } from '../../src/charts/index.ts';
import { renderChart, renderPng, renderSvg } from '../../src/charts/render.ts';
import { SCHEMA } from '../../src/charts/chart-frame.ts';
import { fontBuffers } from '../../src/charts/chart-fonts.ts';
import { FONT } from '../../src/charts/chart-theme.ts';
import { CASES, heatmapInput, stalledInput, teamNames } from '../helpers/chart-data.ts';

const MB = 1024 * 1024;

/** Share of pixels in a region that are darker than `luma`, on a decoded RGBA PNG. */
function darkShare(png: PNG, luma: number, region = { x: 0, y: 0, w: png.width, h: png.height }): number {
  let dark = 0;
  for (let y = region.y; y < region.y + region.h; y++) {
    for (let x = region.x; x < region.x + region.w; x++) {
      const i = (y * png.width + x) * 4;
      const l = 0.299 * (png.data[i] ?? 255) + 0.587 * (png.data[i + 1] ?? 255) + 0.114 * (png.data[i + 2] ?? 255);
      if (l < luma) dark++;
    }
  }
  return dark / (region.w * region.h);
}

describe('renderPng', () => {
  it.each(CASES.map((c) => [`${c.kind}: ${c.name}`, c] as const))('%s fits Teams and is not blank', async (_label, c) => {
    const out = await renderChart(c);
    const png = PNG.sync.read(out.png);
    expect([png.width, png.height]).toEqual([out.width, out.height]);
    expect(Math.max(png.width, png.height)).toBeLessThanOrEqual(1024);
    expect(out.png.length).toBeLessThanOrEqual(MB);
    // Even the text-only fallback puts a title and a sentence on the picture.
    expect(darkShare(png, 250)).toBeGreaterThan(0.01);
    // Title text at least: dark pixels in the top band.
    expect(darkShare(png, 120, { x: 0, y: 0, w: png.width, h: Math.round(png.height * 0.12) })).toBeGreaterThan(0.005);
  });

  it('makes the longer side 1024 px for a chart drawn larger than that', async () => {
    const out = await renderPng(buildChart('stalled', stalledInput(teamNames(200))));
    expect(Math.max(out.width, out.height)).toBe(1024);
  });

  it('shrinks the picture until it fits a byte budget, and fails with a code when it cannot', async () => {
    const spec = buildChart('stalled', stalledInput(teamNames(30)));
    const full = await renderPng(spec);
    const small = await renderPng(spec, { maxBytes: Math.round(full.png.length * 0.6) });
    expect(small.png.length).toBeLessThanOrEqual(full.png.length * 0.6);
    expect(small.width).toBeLessThan(full.width);
    await expect(renderPng(spec, { maxBytes: 100 })).rejects.toMatchObject({ code: 'PngTooLarge' });
    await expect(renderPng(spec, { maxBytes: 100 })).rejects.toBeInstanceOf(ChartRenderError);
  });

  it('renders the charts of one digest in parallel without mixing up their fonts', async () => {
    const digest = CASES.filter((c) => c.name === 'six teams');
    const outs = await Promise.all(digest.map((c) => renderChart(c)));
    expect(outs).toHaveLength(4);
    for (const out of outs) {
      const png = PNG.sync.read(out.png);
      expect(darkShare(png, 120, { x: 0, y: 0, w: png.width, h: Math.round(png.height * 0.12) })).toBeGreaterThan(0.005);
    }
  });

  it('turns an invalid spec into a ChartRenderError with its cause', async () => {
    const err = await renderPng({ $schema: SCHEMA, mark: 'bar', data: { url: 'file:///nope.csv' }, encoding: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChartRenderError);
    expect((err as ChartRenderError).code).toBe('RenderFailed');
    expect((err as ChartRenderError).cause).toBeDefined();
  });
});

describe('text is drawn with the bundled fonts', () => {
  const textOnly = {
    $schema: SCHEMA,
    width: 600,
    height: 200,
    data: { values: [{ t: 'TechTree' }] },
    mark: { type: 'text' as const, fontSize: 90, fontWeight: 'bold' as const, color: '#000000', align: 'center' as const, baseline: 'middle' as const },
    encoding: { text: { field: 't' }, x: { value: 300 }, y: { value: 100 } },
  };
  // The glyphs sit in the middle of the picture; nothing else is drawn there.
  const glyphArea = (png: PNG) => ({ x: Math.round(png.width * 0.15), y: Math.round(png.height * 0.3), w: Math.round(png.width * 0.7), h: Math.round(png.height * 0.4) });

  it('renders "TechTree" as dark glyphs', async () => {
    const png = PNG.sync.read((await renderPng(textOnly)).png);
    expect(darkShare(png, 100, glyphArea(png))).toBeGreaterThan(0.1);
  });

  it.each(['normal', 'bold'] as const)('renders Japanese (%s) with the CJK fallback font, not as empty boxes', async (weight) => {
    const spec = { ...textOnly, data: { values: [{ t: 'データ基盤' }] }, mark: { ...textOnly.mark, fontWeight: weight } };
    const png = PNG.sync.read((await renderPng(spec)).png);
    // Empty boxes (tofu) are thin outlines; real glyphs fill far more of the area.
    expect(darkShare(png, 100, glyphArea(png))).toBeGreaterThan(0.12);
  });

  it('draws a Korean team name in the heat map with the Korean fallback font, not as a code', async () => {
    const chart = { kind: 'heatmap', input: heatmapInput(['한국 팀', 'Payments']) } as const;
    const svg = await renderSvg(buildChart(chart.kind, chart.input));
    expect(svg).toContain('한국 팀');
    expect(svg).not.toMatch(/team #[0-9a-f]{4}/);
    const png = PNG.sync.read((await renderChart(chart)).png);
    // The same picture without the Korean font: resvg draws an empty box for each Hangul letter.
    const fonts = fontBuffers();
    const bare = new Resvg(svg, { background: '#FFFFFF', fitTo: { mode: 'width', value: png.width }, font: { fontBuffers: [...fonts.main, ...fonts.cjk], defaultFontFamily: FONT, sansSerifFamily: FONT } }).render();
    const without = PNG.sync.read(Buffer.from(bare.asPng()));
    expect([without.width, without.height]).toEqual([png.width, png.height]);
    let changed = 0;
    for (let i = 0; i < png.data.length; i += 4) if (Math.abs((png.data[i] ?? 0) - (without.data[i] ?? 0)) > 60) changed++;
    // Three Hangul syllables at 13 px against three outlined boxes: well over a hundred pixels apart.
    expect(changed).toBeGreaterThan(100);
  });

  it('the same check finds nothing when resvg is given no fonts, so it would catch missing fonts', async () => {
    await renderPng(textOnly); // initialises the wasm module this file shares with the renderer
    const svg = await renderSvg(textOnly);
    const bare = new Resvg(svg, { background: '#FFFFFF', font: { fontBuffers: [] } }).render();
    const png = PNG.sync.read(Buffer.from(bare.asPng()));
    expect(darkShare(png, 100, glyphArea(png))).toBe(0);
  });
});
