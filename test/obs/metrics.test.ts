// GET /metrics: after a scripted conversation and a digest, the counters say what happened, with
// their labels, scraped over HTTP from the app's own server (and from a worker's metrics port).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startMetricsServer } from '../../src/cli/metrics-server.ts';
import { ADMIN_USER, scriptedConversation } from '../helpers/scripted-conversation.ts';
import { eventually, memoryLogger, startSlackHarness, type SlackHarness } from '../helpers/slack-harness.ts';
import { postToSlackEndpoint, slashCommand } from '../helpers/slack-signing.ts';
import { startSlackStandIn } from '../helpers/slack-standin.ts';

/** Samples of Prometheus' text format: `name{a="x",b="y"} value`, keyed by name and sorted labels. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels = [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => `${k}=${v}`).sort().join(',');
    samples.set(`${m[1]}{${labels}}`, Number(m[3]));
  }
  return samples;
}

async function scrape(url: string): Promise<{ contentType: string; samples: Map<string, number> }> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return { contentType: res.headers.get('content-type') ?? '', samples: parse(await res.text()) };
}

describe('GET /metrics after a scripted conversation and a digest', () => {
  let h: SlackHarness;
  let before: Map<string, number>;
  let after: Map<string, number>;
  let contentType: string;
  const job = memoryLogger('info');
  const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);

  beforeAll(async () => {
    const standIn = await startSlackStandIn({ admins: [ADMIN_USER] });
    h = await startSlackHarness({ standIn, digests: true });
    // The registry is the process's: this file's earlier work is subtracted, not reset.
    before = (await scrape(`${h.server.url}/metrics`)).samples;
    await scriptedConversation(h, job.logger);
    ({ contentType, samples: after } = await scrape(`${h.server.url}/metrics`));
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await h?.standIn.close();
  });

  test('is Prometheus text format 0.0.4 with the default process metrics', () => {
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(after.get('process_cpu_user_seconds_total{}')).toBeGreaterThan(0);
    expect(after.get('nodejs_eventloop_lag_seconds{}')).toBeGreaterThanOrEqual(0);
  });

  test('commands by name, outcome and platform', () => {
    expect(delta('techtree_commands_total{command=teamCreate,outcome=ok,platform=slack}')).toBe(1);
    expect(delta('techtree_commands_total{command=done,outcome=ok,platform=slack}')).toBe(1);
    expect(delta('techtree_commands_total{command=next,outcome=ok,platform=slack}')).toBe(1);
    expect(delta('techtree_commands_total{command=unknown,outcome=rejected,platform=slack}')).toBe(1);
    expect(delta('techtree_commands_total{command=councilHere,outcome=ok,platform=slack}')).toBe(1);
    expect(delta('techtree_commands_total{command=councilSchedule,outcome=ok,platform=slack}')).toBe(1);
    const all = [...after.keys()].filter((k) => k.startsWith('techtree_commands_total{'));
    expect(all.reduce((n, k) => n + delta(k), 0)).toBe(6);
  });

  test('command latency as a histogram per command', () => {
    expect(delta('techtree_command_duration_seconds_count{command=done,platform=slack}')).toBe(1);
    expect(delta('techtree_command_duration_seconds_sum{command=done,platform=slack}')).toBeGreaterThan(0);
    expect(delta('techtree_command_duration_seconds_bucket{command=done,le=+Inf,platform=slack}')).toBe(1);
  });

  test('events recorded, digests by outcome and reason, job durations', () => {
    expect(delta('techtree_events_recorded_total{kind=done}')).toBe(1);
    expect(delta('techtree_digests_total{outcome=posted,reason=new}')).toBe(1);
    expect(delta('techtree_job_duration_seconds_count{job=digest}')).toBe(1);
  });

  test('the picture pool: its queue and its render times', () => {
    // The digest drew its four charts in the pool.
    expect(delta('techtree_render_duration_seconds_count{}')).toBeGreaterThanOrEqual(4);
    expect(after.get('techtree_render_queue_length{}')).toBe(0);
  });

  test('platform API errors by platform and code, SQLite busy retries: present, and zero when nothing failed', () => {
    expect([...after.keys()].some((k) => k.startsWith('techtree_platform_api_errors_total'))).toBe(false);
    expect(after.get('techtree_sqlite_busy_retries_total{}')).toBe(before.get('techtree_sqlite_busy_retries_total{}'));
  });

  test('a platform failure is counted by platform and code', async () => {
    const key = 'techtree_platform_api_errors_total{code=SlackResponseUrl,platform=slack}';
    const start = (await scrape(`${h.server.url}/metrics`)).samples.get(key) ?? 0;
    const responseUrl = h.standIn.responseUrl('fails');
    h.standIn.answerOnce(responseUrl, { status: 500, body: { error: 'internal' } });
    const res = await postToSlackEndpoint(h.eventsUrl, slashCommand({ text: 'status', responseUrl }));
    expect(res.status).toBe(200);
    const counted = await eventually(async () => {
      const n = (await scrape(`${h.server.url}/metrics`)).samples.get(key) ?? 0;
      return n > start && n - start;
    }, 10_000, 'the failed answer counted');
    expect(counted).toBe(1);
  });
});

describe('techtree worker\'s own /metrics port', () => {
  test('serves the same registry on METRICS_PORT and nothing else', async () => {
    const server = await startMetricsServer(0, memoryLogger().logger);
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await res.text()).toMatch(/^# HELP techtree_commands_total /m);
      const other = await fetch(`http://127.0.0.1:${server.port}/`);
      expect(other.status).toBe(404);
      expect(await other.text()).toMatch(/GET \/metrics/);
      await expect(startMetricsServer(server.port, memoryLogger().logger)).rejects.toThrow(/METRICS_PORT \d+ is already in use/);
    } finally {
      await server.close();
    }
  });
});
