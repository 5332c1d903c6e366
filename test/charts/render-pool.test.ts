// The pool renderer for real: piscina threads that build, compile and draw, giving the same
// PNG bytes as drawing on this thread; a bounded queue that refuses with 'Saturated' instead
// of piling up; errors that keep their code across the thread boundary; close() that ends it.
import { afterAll, describe, expect, it } from 'vitest';
import { ChartRenderError, inlineRenderer, poolRenderer, type Chart } from '../../src/charts/index.ts';
import { SCHEMA } from '../../src/charts/chart-frame.ts';
import { BACKGROUND_NICE } from '../../src/thread-priority.ts';
import { cncfTree, PAYMENTS_PROGRESS, stalledInput, statesFor, teamNames } from '../helpers/chart-data.ts';
import { ownNice, threadNices } from '../helpers/thread-nice.ts';

const tree = cncfTree();
const treeChart: Chart = { kind: 'tree', input: { tree, states: statesFor(tree, PAYMENTS_PROGRESS), title: 'Payments — CNCF Adoption' } };
const stalledChart: Chart = { kind: 'stalled', input: stalledInput(teamNames(8)) };

// A cold thread loads tsx, vega, elkjs and the fonts before its first picture: seconds on a
// loaded machine, hence the longer timeout.
describe('poolRenderer', { timeout: 120_000 }, () => {
  const pool = poolRenderer({ threads: 2, maxQueue: 4 });
  afterAll(() => pool.close());

  it('draws a tree request and a digest chart in its threads, byte for byte as this thread would', async () => {
    const inline = inlineRenderer();
    for (const chart of [treeChart, stalledChart]) {
      const [pooled, here] = await Promise.all([pool.render(chart), inline.render(chart)]);
      expect(pooled.png.equals(here.png)).toBe(true);
      expect([pooled.width, pooled.height]).toEqual([here.width, here.height]);
    }
  });

  it.runIf(process.platform === 'linux')('draws at a lower CPU priority than the thread that serves requests', async () => {
    await Promise.all([pool.render(stalledChart), pool.render(stalledChart)]);
    // Both pool threads run niced; this thread, which stands for the serving one, does not.
    expect([...threadNices().values()].filter((n) => n === BACKGROUND_NICE).length).toBeGreaterThanOrEqual(2);
    expect(ownNice()).toBe(0);
  });

  it('refuses with code Saturated once the queue is full, and draws the rest', async () => {
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => pool.render(stalledChart)));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as ChartRenderError);
    const drawn = results.filter((r) => r.status === 'fulfilled');
    // 2 running + 4 waiting fit; the other 6 are refused at once.
    expect(drawn.length).toBeGreaterThanOrEqual(6);
    expect(refused.length).toBeGreaterThan(0);
    for (const e of refused) {
      expect(e).toBeInstanceOf(ChartRenderError);
      expect(e.code).toBe('Saturated');
      expect(e.message).toMatch(/too many pictures .* try again in a minute/);
    }
    // And once the burst is over it draws again.
    await expect(pool.render(stalledChart)).resolves.toMatchObject({ width: expect.any(Number) });
  });

  it('keeps the error code of a failed render across the thread boundary', async () => {
    const err = await pool.render({ $schema: SCHEMA, mark: 'bar', data: { url: 'file:///nope.csv' }, encoding: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChartRenderError);
    expect((err as ChartRenderError).code).toBe('RenderFailed');
    expect(String((err as ChartRenderError).cause)).toContain('nope.csv');
    const tooBig = await pool.render(stalledChart, { maxBytes: 100 }).catch((e: unknown) => e);
    expect((tooBig as ChartRenderError).code).toBe('PngTooLarge');
  });

  it('refuses with code Closed after close()', async () => {
    const short = poolRenderer({ threads: 1 });
    await short.render(stalledChart);
    await short.close();
    await expect(short.render(stalledChart)).rejects.toMatchObject({ code: 'Closed' });
  });
});
