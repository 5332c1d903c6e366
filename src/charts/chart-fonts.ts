// The fonts every picture is drawn with, all from npm packages, never the system's: DejaVu Sans
// (regular and bold) for Latin, Greek, Cyrillic, Arabic and Hebrew; Noto Sans JP (regular and
// bold) as the fallback for Japanese and Chinese; Noto Sans KR (regular and bold) as the
// fallback for Korean Hangul, which neither of the others has. Each thread reads each file at
// most once and keeps the bytes; the Korean files only when a picture first needs them.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const resolve = createRequire(import.meta.url).resolve;

/** Paths of the bundled font files. */
export const FONT_FILES = {
  regular: resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  cjkRegular: resolve('@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf'),
  cjkBold: resolve('@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf'),
  hangulRegular: resolve('@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf'),
  hangulBold: resolve('@expo-google-fonts/noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf'),
} as const;

export interface FontBuffers {
  /** DejaVu Sans regular and bold: always given to the rasteriser. */
  readonly main: readonly Uint8Array[];
  /** Noto Sans JP regular and bold (~11 MB): given only to pictures that draw CJK text. */
  readonly cjk: readonly Uint8Array[];
}

let loaded: FontBuffers | undefined;
let hangul: readonly Uint8Array[] | undefined;

/** The DejaVu and Noto Sans JP bytes, read on first use and kept for the life of the thread. */
export function fontBuffers(): FontBuffers {
  loaded ??= {
    main: [readFileSync(FONT_FILES.regular), readFileSync(FONT_FILES.bold)],
    cjk: [readFileSync(FONT_FILES.cjkRegular), readFileSync(FONT_FILES.cjkBold)],
  };
  return loaded;
}

/**
 * The font bytes a picture whose SVG is `svg` needs: DejaVu always, Noto Sans JP when it has
 * Han, kana or other CJK text, Noto Sans KR (~12 MB, read on the first picture with Hangul)
 * when it has Hangul. Throws what readFileSync throws when a font package is missing
 * (reinstall with `npm ci`).
 */
export function fontsFor(svg: string): Uint8Array[] {
  const fonts = fontBuffers();
  const out = [...fonts.main];
  if (needsCjk(svg)) out.push(...fonts.cjk);
  if (needsHangul(svg)) out.push(...(hangul ??= [readFileSync(FONT_FILES.hangulRegular), readFileSync(FONT_FILES.hangulBold)]));
  return out;
}

// Han, kana, CJK punctuation and symbols, fullwidth forms, CJK compatibility ideographs and the
// supplementary ideograph planes: what Noto Sans JP is loaded for.
const CJK = /[\u2e80-\u2fdf\u3000-\u30ff\u31f0-\u31ff\u3200-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u{20000}-\u{3134f}]/u;
// Hangul syllables and jamo: what Noto Sans KR is loaded for (see HANGUL_RANGES).
const HANGUL = /\p{Script=Hangul}/u;

/** Whether `text` has a character only the CJK fallback font can draw. */
export function needsCjk(text: string): boolean {
  return CJK.test(text);
}

/** Whether `text` has a Hangul letter, which only the Korean fallback font draws. */
export function needsHangul(text: string): boolean {
  return HANGUL.test(text);
}
