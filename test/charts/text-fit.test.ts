// Labels are cleaned to what DejaVu Sans can draw, measured with its real widths, and wrapped
// or cut to fit. Table-driven, no rendering.
import { describe, expect, it } from 'vitest';
import { drawable, fitLabel, readableName, textWidth, truncate, uniqueLabels, wrap } from '../../src/charts/text-fit.ts';

describe('drawable', () => {
  it.each([
    ['plain text stays', 'Payments', 'Payments'],
    ['emoji DejaVu lacks are dropped', '🚀 Payments', 'Payments'],
    ['ZWJ sequences go whole', 'Data 👩‍💻 Platform', 'Data Platform'],
    ['skin tones and flags go', '👍🏽 Good 🇫🇷', 'Good'],
    ['Arabic stays', 'فريق الدفع', 'فريق الدفع'],
    ['Hebrew stays', 'צוות חיפוש', 'צוות חיפוש'],
    ['Japanese and Chinese stay (the CJK fallback font draws them)', 'データ基盤 数据平台', 'データ基盤 数据平台'],
    ['Korean stays (the Korean fallback font draws it)', '한국 팀', '한국 팀'],
    ['letters no bundled font has are left to readableName', 'ทีมไทย', ''],
    ['control characters become spaces', 'a\u0007b\tc', 'a b c'],
    ['smileys DejaVu does draw stay', '😀 ok', '😀 ok'],
    ['only emoji leaves nothing', '🔥🔥', ''],
  ])('%s', (_why, input, expected) => {
    expect(drawable(input)).toBe(expected);
  });
});

describe('readableName', () => {
  it('keeps a drawable name, and never shows "?" for one it cannot draw', () => {
    expect(readableName('データ基盤')).toBe('データ基盤');
    expect(readableName('Café Zürich')).toBe('Café Zürich');
    expect(readableName('한국 팀')).toBe('한국 팀');
    expect(readableName('ทีมไทย', 'thai-team')).toBe('thai-team');
    const a = readableName('ทีมไทย');
    const b = readableName('ทีมไทย สอง');
    expect(a).toMatch(/^team #[0-9a-f]{4}$/);
    expect(a).not.toBe(b);
    expect(readableName('ไทย Platform')).toMatch(/^Platform #[0-9a-f]{4}$/);
  });
});

describe('textWidth', () => {
  it('uses DejaVu advances: "i" is narrower than "W", bold is wider', () => {
    expect(textWidth('iiii', 12)).toBeLessThan(textWidth('WWWW', 12));
    expect(textWidth('Payments', 12, true)).toBeGreaterThan(textWidth('Payments', 12));
    // DejaVu Sans "0" is 1303/2048 em.
    expect(textWidth('0', 100)).toBeCloseTo(63.6, 1);
  });

  it('gives combining marks and joiners no width', () => {
    expect(textWidth('e\u0301', 12)).toBeCloseTo(textWidth('e', 12));
  });
});

describe('wrap and truncate', () => {
  it.each([
    ['fits on one line', 'OCI Images', 200, ['OCI Images']],
    ['wraps at a space', 'Production Kubernetes Cluster', 130, ['Production', 'Kubernetes Cluster']],
    ['wraps after a hyphen, cutting between words', 'Infrastructure-as-Kubernetes (Crossplane)', 130, ['Infrastructure-as-', 'Kubernetes…']],
    ['cuts the second line between words', 'Policy-as-Code (OPA Gatekeeper / Kyverno)', 120, ['Policy-as-Code', '(OPA Gatekeeper…']],
    ['wraps Japanese between characters', 'データ基盤チームのプラットフォーム', 110, ['データ基盤チームの', 'プラットフォーム']],
    ['empty text gives no lines', '', 100, []],
  ])('%s', (_why, text, width, expected) => {
    const lines = wrap(text, width, 12, 2);
    expect(lines).toEqual(expected);
    for (const line of lines) expect(textWidth(line, 12)).toBeLessThanOrEqual(width);
  });

  it('never returns more lines than asked, each within the width', () => {
    const long = 'word '.repeat(60);
    for (const max of [1, 2, 3]) {
      const lines = wrap(long, 80, 12, max);
      expect(lines).toHaveLength(max);
      expect(lines[max - 1]?.endsWith('…')).toBe(true);
      for (const line of lines) expect(textWidth(line, 12)).toBeLessThanOrEqual(80);
    }
  });

  it('truncate leaves short text alone and cuts long text to the width', () => {
    expect(truncate('Search', 100, 14)).toBe('Search');
    const cut = truncate('Identity & Access Management — EMEA', 100, 14);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 14)).toBeLessThanOrEqual(100);
  });
});

describe('uniqueLabels', () => {
  it('keeps teams apart when cleaning or cutting makes their names equal', () => {
    const labels = uniqueLabels(['🚀 Payments', 'Payments', 'Payments ', '🔥', '✨', 'A very long team name that will be cut short', 'A very long team name that will be cut off'], 120, 14);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.slice(0, 3)).toEqual(['Payments', 'Payments (2)', 'Payments (3)']);
    expect(labels[3]).toMatch(/^team #[0-9a-f]{4}$/);
    expect(labels[4]).toMatch(/^team #[0-9a-f]{4}$/);
    expect(labels.join('')).not.toContain('?');
    for (const l of labels) expect(textWidth(l, 14)).toBeLessThanOrEqual(120);
  });
});

describe('fitLabel keeps the distinctive part', () => {
  it.each([
    ['the product in parentheses', 'Infrastructure-as-Kubernetes (Crossplane)', 2, ['Infrastructure-as…', '(Crossplane)']],
    ['the point after a repeated "Row at Column:"', 'People at Optimize: Integrated DevOps, Confident Experiments', 3, ['Integrated DevOps,', 'Confident', 'Experiments']],
    ['a third line before any cut', 'Zero-Trust Workload Identity (SPIFFE/SPIRE)', 3, ['Zero-Trust', 'Workload Identity', '(SPIFFE/SPIRE)']],
    ['a title that fits, whole', 'OCI-Compliant Images', 3, ['OCI-Compliant', 'Images']],
  ])('%s', (_why, text, lines, expected) => {
    const fitted = fitLabel(text, 110, 11, lines);
    expect(fitted).toEqual(expected);
    for (const line of fitted) expect(textWidth(line, 11)).toBeLessThanOrEqual(110);
  });
});
