// Per-render font subsets must draw exactly what the full DejaVu fonts draw: same pixels for
// Latin ligatures, accents, Arabic joining and lam-alef, Hebrew, Greek, Cyrillic and the
// emoji DejaVu has, and for whole charts as renderPng produces them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { fontSubsetter } from '../../src/charts/font-subset.ts';
import { buildChart, renderPng, renderSvg } from '../../src/charts/index.ts';
import { FONT_FILES } from '../../src/charts/font-files.ts';
import { AWKWARD_TEAMS, stalledInput } from '../helpers/chart-data.ts';

const dir = mkdtempSync(join(tmpdir(), 'techtree-subset-test-'));
const [REGULAR, BOLD] = FONT_FILES as [string, string];
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function draw(svg: string, fontFiles: string[]): Buffer {
  return new Resvg(svg, { background: '#FFFFFF', font: { fontFiles, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' } }).render().pixels;
}

const SAMPLES = [
  ['Latin ligatures and accents', 'office fi ffl — Café Zürich naïve Ærøskøbing…'],
  ['kerning pairs', 'AVATAR Today WAVE Yo, LT Ty Vo P.'],
  ['Arabic with lam-alef', 'فريق الدفع لا إله منصة البيانات'],
  ['Hebrew', 'צוות חיפוש ותשלומים'],
  ['Greek and Cyrillic', 'Ελληνικά Привет, команда'],
  ['symbols and the smileys DejaVu has', '✓ ★ → ½ € 😀 ☺'],
];

describe('fontSubsetter', () => {
  it.each(SAMPLES)('%s: same pixels as the full font, regular and bold', (_name, text) => {
    for (const [weight, file] of [['normal', REGULAR], ['bold', BOLD]] as const) {
      const full = readFileSync(file);
      const subset = fontSubsetter(full)(text);
      expect(subset.length).toBeLessThan(full.length / 3);
      const path = join(dir, `${weight}.ttf`);
      writeFileSync(path, subset);
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="80"><text x="10" y="50" font-family="DejaVu Sans" font-weight="${weight}" font-size="30">${text}</text></svg>`;
      const expected = draw(svg, [file]);
      expect(draw(svg, [path]).equals(expected)).toBe(true);
      // And the comparison is sharp enough to notice a missing glyph.
      const other = `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="80"><text x="10" y="50" font-family="DejaVu Sans" font-weight="${weight}" font-size="30">${text}x</text></svg>`;
      expect(draw(other, [file]).equals(expected)).toBe(false);
    }
  });

  it('leaves out outlines the text does not use', () => {
    const full = readFileSync(REGULAR);
    const subsetter = fontSubsetter(full);
    expect(subsetter('a').length).toBeLessThan(subsetter('abcdefghijklmnopqrstuvwxyz فريق').length);
  });
});

describe('renderPng with subsets', () => {
  it('draws a chart with emoji and right-to-left names exactly as the full fonts would', async () => {
    const spec = buildChart('stalled', stalledInput(AWKWARD_TEAMS));
    const out = PNG.sync.read((await renderPng(spec)).png);
    const svg = await renderSvg(spec);
    const full = new Resvg(svg, {
      background: '#FFFFFF',
      fitTo: { mode: 'width', value: out.width },
      font: { fontFiles: [REGULAR, BOLD], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    }).render();
    expect([full.width, full.height]).toEqual([out.width, out.height]);
    expect(PNG.sync.read(full.asPng()).data.equals(out.data)).toBe(true);
  });
});
