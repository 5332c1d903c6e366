// Every spec the builders produce, for ordinary and awkward inputs, is valid Vega-Lite: it is
// checked against the JSON schema that ships inside the vega-lite package, not a copy of ours.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildChart, chartSpec } from '../../src/charts/index.ts';
import { losesLetters } from '../../src/charts/text-fit.ts';
import { AWKWARD_TEAMS, CASES, type ChartCase as Case, stalledInput, teamNames } from '../helpers/chart-data.ts';

let validate: ValidateFunction;

beforeAll(() => {
  const path = createRequire(import.meta.url).resolve('vega-lite/vega-lite-schema.json');
  const ajv = new Ajv({ strict: false, allowUnionTypes: true, validateFormats: false, allErrors: false });
  validate = ajv.compile(JSON.parse(readFileSync(path, 'utf8')));
});

describe('every chart spec validates against the Vega-Lite schema', () => {
  it.each(CASES.map((c) => [`${c.kind}: ${c.name}`, c] as const))('%s', async (_label, c) => {
    const spec = await chartSpec(c);
    const ok = validate(spec);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 3))).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects a broken spec, so the check above can fail', () => {
    expect(validate({ mark: 'bar', encoding: { x: { field: 'a', type: 'not-a-type' } } })).toBe(false);
    const real = buildChart('stalled', stalledInput(teamNames(3))) as unknown as { layer: Record<string, unknown>[] };
    const broken = { ...real, layer: [{ ...real.layer[0], mark: { type: 'bar', heigth: 3 } }] };
    expect(validate(broken)).toBe(false);
  });
});

/** Every text string a spec would draw, from inline data and titles. */
function texts(spec: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(spec);
  return out;
}

function dataOf(spec: unknown, field: string): unknown[] {
  const found: unknown[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const values = (o.data as { values?: unknown[] } | undefined)?.values;
      if (values) for (const row of values) if (row && typeof row === 'object' && field in row) found.push((row as Record<string, unknown>)[field]);
      Object.values(o).forEach(walk);
    }
  };
  walk(spec);
  return found;
}

describe('what the specs say', () => {
  it.each(['unlocked', 'stalled', 'heatmap', 'trend'] as const)('%s with 200 teams shows 25 and says how many more', async (kind) => {
    const c = CASES.find((x) => x.kind === kind && x.name === '200 teams') as Case;
    const spec = await chartSpec(c);
    expect(new Set(dataOf(spec, 'team')).size).toBe(25);
    expect(JSON.stringify(spec)).toContain('and 175 more teams not shown');
  });

  it.each([
    ['unlocked', 'no teams', 'No teams to show yet'],
    ['stalled', 'no teams', 'No teams to show yet'],
    ['heatmap', 'no teams', 'No teams to show yet'],
    ['trend', 'no teams', 'No progress recorded yet'],
    ['unlocked', 'no progress', 'No progress recorded this period'],
    ['heatmap', 'no progress', 'No progress recorded yet'],
    ['trend', 'no progress', 'No progress recorded yet'],
    ['tree', 'empty tree', 'This tree has no capabilities yet'],
  ] as const)('%s with %s says so in words', async (kind, name, message) => {
    const c = CASES.find((x) => x.kind === kind && x.name === name) as Case;
    expect(dataOf(await chartSpec(c), 'message')).toEqual([message]);
  });

  it.each(['unlocked', 'stalled', 'heatmap', 'trend'] as const)('%s keeps teams with clashing names apart and draws no emoji, "?" or missing glyph', async (kind) => {
    const c = CASES.find((x) => x.kind === kind && x.name === 'emoji and RTL names') as Case;
    const spec = await chartSpec(c);
    const teams = new Set(dataOf(spec, 'team'));
    expect(teams.size).toBe(AWKWARD_TEAMS.length);
    expect([...teams]).toEqual(expect.arrayContaining(['Payments', 'Payments (2)', 'فريق الدفع', 'צוות חיפוש', 'Data Platform', 'データ基盤', '한국 팀', expect.stringMatching(/^team #[0-9a-f]{4}$/)]));
    expect(texts(spec).filter((t) => !t.includes('datum.') && (t.includes('?') || losesLetters(t)))).toEqual([]);
    expect(texts(spec).filter((t) => /\p{Extended_Pictographic}/u.test(t) && /[\u{1F300}-\u{1F5FF}\u{1F680}-\u{1FAFF}]/u.test(t))).toEqual([]);
  });

  it('the stalled chart says what the text beside each bar is, and marks teams at 0 days', () => {
    const spec = buildChart('stalled', { thresholdDays: 14, rows: [
      { team: 'A', daysSinceProgress: 20, stuckOn: 'Falco', stuckOnKind: 'stuck' }, { team: 'B', daysSinceProgress: 0, stuckOn: 'KEDA', stuckOnKind: 'next' }, { team: 'C', daysSinceProgress: 3, stuckOn: 'OPA' },
    ] });
    expect(dataOf(spec, 'stuckOn').slice(0, 3)).toEqual(['stuck on: Falco', 'waiting on: OPA', 'next: KEDA']);
    expect(JSON.stringify(spec)).toMatch(/"filter":"datum.days === 0"},?.*"shape":"diamond"/);
  });

  it('stalled teams come longest-stalled first, with the threshold as a rule', () => {
    const spec = buildChart('stalled', { thresholdDays: 14, rows: [
      { team: 'A', daysSinceProgress: 3, stuckOn: 'x' }, { team: 'B', daysSinceProgress: 40, stuckOn: 'y' }, { team: 'C', daysSinceProgress: 15, stuckOn: '' },
    ] });
    expect(dataOf(spec, 'team').slice(0, 3)).toEqual(['B', 'C', 'A']);
    expect(dataOf(spec, 'state').slice(0, 3)).toEqual(['Stalled', 'Stalled', 'Moving']);
    expect(JSON.stringify(spec)).toMatch(/"type":"rule"/);
    expect(JSON.stringify(spec)).toContain('2 of 3 teams stalled');
  });

  it('the trend fills missing weeks with zero and buckets any day into its Monday', () => {
    const spec = buildChart('trend', { rows: [{ week: '2025-06-04', team: 'A', done: 2 }, { week: '2025-05-05', team: 'A', done: 1 }] });
    const weeks = dataOf(spec, 'week');
    expect(new Set(weeks).size).toBe(12);
    expect(weeks[11]).toBe('2 Jun');
    expect(weeks).toContain('5 May');
    expect(dataOf(spec, 'done').slice(0, 12).reduce((a, b) => (a as number) + (b as number), 0)).toBe(3);
  });

  it('the heatmap leaves tracks with nothing applicable as n/a, not as 0%', () => {
    const spec = buildChart('heatmap', {
      tracks: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }],
      rows: [{ team: 'T', trackId: 'a', done: 1, total: 2 }, { team: 'T', trackId: 'b', done: 0, total: 0 }],
      tierReached: [{ team: 'T', tier: 'Operate' }],
    });
    expect(dataOf(spec, 'text')).toEqual(expect.arrayContaining(['1/2', 'n/a', 'Operate']));
    expect(dataOf(spec, 'share')).toEqual(expect.arrayContaining([0.5, null]));
  });
});
