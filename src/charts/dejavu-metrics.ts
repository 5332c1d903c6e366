// DejaVu Sans 2.37 advance widths, read once from the hmtx tables of the TTFs that
// dejavu-fonts-ttf ships. The renderer rasterises with exactly these fonts, so laying text out
// with these numbers means what we measure is what resvg draws (vega's own estimate assumes
// 0.8 em per character, which wastes a third of every label).

/** Advance widths in thousandths of an em for U+0020..U+007E, regular weight. */
export const ASCII_WIDTHS: readonly number[] = [318,401,460,838,636,950,780,275,390,390,500,838,318,361,318,337,636,636,636,636,636,636,636,636,636,636,337,337,838,838,838,531,1000,684,686,698,770,632,575,775,752,295,295,656,557,863,748,787,603,787,695,635,611,732,684,989,685,611,685,390,337,390,838,500,500,613,635,550,635,615,352,635,634,278,278,579,278,974,634,612,635,635,411,521,392,634,592,818,592,592,525,636,337,636,838];

/** Advance widths in thousandths of an em for U+0020..U+007E, bold weight. */
export const ASCII_WIDTHS_BOLD: readonly number[] = [348,456,521,838,696,1002,872,306,457,457,523,838,380,415,380,365,696,696,696,696,696,696,696,696,696,696,400,400,838,838,838,580,1000,774,762,734,830,683,683,821,837,372,372,775,637,995,837,850,733,850,770,720,682,812,774,1103,771,724,725,457,365,457,838,500,500,675,716,593,716,678,435,716,712,343,343,665,343,1042,712,687,716,716,493,595,478,712,652,924,645,652,582,712,365,712,838];

/** Width used for any other code point DejaVu draws (Latin-1/Arabic/Hebrew/Cyrillic average). */
export const OTHER_WIDTH = 640;
export const OTHER_WIDTH_BOLD = 700;

/** Han, kana and fullwidth forms in Noto Sans JP: one em, both weights. */
export const CJK_WIDTH = 1000;

/** Hangul syllables (U+AC00..U+D7A3) in Noto Sans KR: 920 thousandths of an em, both weights; its jamo are one em. */
export const HANGUL_SYLLABLE_WIDTH = 920;
