// `techtree serve` as an operator starts it, with OTEL_EXPORTER_OTLP_ENDPOINT in its environment:
// the command it answers reaches the OTLP stand-in, and the spans still buffered at SIGTERM are
// sent before it exits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { startOtlpStandIn } from '../helpers/otlp-standin.ts';
import { startServeProcess } from '../helpers/serve-process.ts';
import { postToSlackEndpoint, slashCommand } from '../helpers/slack-signing.ts';
import { startSlackStandIn } from '../helpers/slack-standin.ts';

describe('techtree serve with tracing on', () => {
  const dir = mkdtempSync(join(tmpdir(), 'techtree-otel-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a slash command arrives as a techtree.command span with its children; SIGTERM flushes the rest', async () => {
    const otlp = await startOtlpStandIn();
    const slack = await startSlackStandIn();
    try {
      const serve = await startServeProcess({
        sqlitePath: join(dir, 'techtree.db'), apiUrl: slack.apiUrl,
        // A long batch delay: only the flush at shutdown can deliver the spans in time.
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_BSP_SCHEDULE_DELAY: '60000', TECHTREE_RENDER_THREADS: '1' },
      });
      expect(serve.logs.find((l) => l.msg === 'techtree: serving')).toMatchObject({ tracing: true });
      const responseUrl = slack.responseUrl('traced');
      const res = await postToSlackEndpoint(serve.eventsUrl, slashCommand({ text: 'team create Payments', responseUrl }));
      expect(res.status).toBe(200);
      await slack.waitFor((r) => r.path === new URL(responseUrl).pathname, 15_000, 'the answer');
      expect(otlp.spans).toEqual([]);
      serve.child.kill('SIGTERM');
      expect((await serve.exited).code).toBe(0);
      const command = otlp.spans.find((s) => s.name === 'techtree.command');
      expect(command?.attributes).toMatchObject({ 'techtree.command': 'teamCreate', 'techtree.outcome': 'ok', 'techtree.platform': 'slack' });
      const children = otlp.spans.filter((s) => s.parentSpanId === command!.spanId).map((s) => s.name);
      expect(children).toEqual(expect.arrayContaining(['techtree.db.write', 'techtree.platform.answer']));
      expect(otlp.spans.find((s) => s.name === 'slack.response_url')).toBeDefined();
    } finally {
      await slack.close();
      await otlp.close();
    }
  });
});
