// The fonts resvg draws with: DejaVu Sans regular and bold from the dejavu-fonts-ttf package,
// never system fonts. Each render gets its own subset files, removed when it is done.
import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fontSubsetter } from './font-subset.ts';

/** The DejaVu Sans TTFs shipped in the dejavu-fonts-ttf package: regular and bold. */
export const FONT_FILES: readonly string[] = (() => {
  const pkg = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json');
  const dir = join(dirname(pkg), 'ttf');
  return ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => join(dir, f));
})();

// Read on first render, once per process; each render writes small subsets of them.
let subsetters: ((text: string) => Buffer)[] | undefined;
let subsetDir: Promise<string> | undefined;
let serial = 0;

/** Runs `use` with paths of font files able to draw every character of `svg`. */
export async function withFontSubsets<T>(svg: string, use: (fontFiles: string[]) => Promise<T>): Promise<T> {
  const fontFiles = await writeSubsets(svgText(svg));
  try {
    return await use(fontFiles);
  } finally {
    await Promise.all(fontFiles.map((f) => rm(f, { force: true })));
  }
}

async function writeSubsets(text: string): Promise<string[]> {
  subsetDir ??= mkdtemp(join(tmpdir(), 'techtree-fonts-')).then((dir) => {
    // Each file is removed after its render; this takes the empty folder away at exit.
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  });
  const dir = await subsetDir;
  const id = `${process.pid}-${++serial}`;
  subsetters ??= FONT_FILES.map((file) => fontSubsetter(readFileSync(file)));
  return Promise.all(subsetters.map(async (subset, i) => {
    const file = join(dir, `${id}-${i}.ttf`);
    await writeFile(file, subset(text));
    return file;
  }));
}

/** Every character the SVG may draw: its text plus any numeric character references. */
function svgText(svg: string): string {
  const referenced = [...svg.matchAll(/&#(x[0-9a-f]+|\d+);/gi)].map((m) => {
    const ref = m[1] as string;
    const cp = ref[0] === 'x' || ref[0] === 'X' ? parseInt(ref.slice(1), 16) : Number(ref);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
  });
  return svg + referenced.join('');
}
