// Traces: with OTEL_EXPORTER_OTLP_ENDPOINT set, the SDK starts and each command and digest job
// arrives at a local OTLP/HTTP stand-in as a span tree: the command, its database writes, its
// platform calls.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startTelemetry, type Telemetry } from '../../src/telemetry.ts';
import { startOtlpStandIn, type OtlpStandIn, type RecordedSpan } from '../helpers/otlp-standin.ts';
import { ADMIN_USER, scriptedConversation, type Conversation } from '../helpers/scripted-conversation.ts';
import { eventually, memoryLogger, startSlackHarness, type SlackHarness } from '../helpers/slack-harness.ts';
import { startSlackStandIn } from '../helpers/slack-standin.ts';

describe('spans reach the OTLP stand-in', () => {
  let otlp: OtlpStandIn;
  let telemetry: Telemetry | undefined;
  let h: SlackHarness;
  let conversation: Conversation;
  const job = memoryLogger('info');

  beforeAll(async () => {
    otlp = await startOtlpStandIn();
    const config = loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'techtree-test' });
    telemetry = await startTelemetry(config, job.logger);
    const standIn = await startSlackStandIn({ admins: [ADMIN_USER] });
    h = await startSlackHarness({ standIn, digests: true });
    conversation = await scriptedConversation(h, job.logger);
    await telemetry!.flush();
    await eventually(() => otlp.spans.some((s) => s.name === 'techtree.digest'), 10_000, 'the digest span');
  }, 120_000);
  afterAll(async () => {
    await telemetry?.shutdown();
    await h?.close();
    await h?.standIn.close();
    await otlp?.close();
  });

  const byId = () => new Map(otlp.spans.map((s) => [s.spanId, s]));
  const childrenOf = (parent: RecordedSpan) => otlp.spans.filter((s) => s.parentSpanId === parent.spanId && s.traceId === parent.traceId);
  const descendantsOf = (parent: RecordedSpan): RecordedSpan[] => childrenOf(parent).flatMap((c) => [c, ...descendantsOf(c)]);

  test('the SDK started from the configuration and posts JSON to /v1/traces under the service name', () => {
    expect(telemetry).toBeDefined();
    expect(otlp.paths.every((p) => p === '/v1/traces')).toBe(true);
    expect(new Set(otlp.spans.map((s) => s.service))).toEqual(new Set(['techtree-test']));
  });

  test('a command is one techtree.command span with its command, platform and outcome', () => {
    const commands = otlp.spans.filter((s) => s.name === 'techtree.command');
    const attrs = commands.map((s) => [s.attributes['techtree.command'], s.attributes['techtree.outcome'], s.attributes['techtree.platform']]);
    expect(attrs).toEqual(expect.arrayContaining([
      ['teamCreate', 'ok', 'slack'], ['done', 'ok', 'slack'], ['next', 'ok', 'slack'], ['unknown', 'rejected', 'slack'], ['councilHere', 'ok', 'slack'], ['councilSchedule', 'ok', 'slack'],
    ]));
    expect(commands).toHaveLength(6);
    // Each is the root of its own trace.
    for (const c of commands) expect(c.parentSpanId ? byId().has(c.parentSpanId) : false).toBe(false);
  });

  test('inside `done`: the database writes, and the answer with Slack\'s response_url post inside it', () => {
    const key = `slack:T0001:command:${conversation.said.done.triggerId}`;
    const done = otlp.spans.find((s) => s.name === 'techtree.command' && s.attributes['techtree.delivery_key'] === key)!;
    expect(done).toBeDefined();
    const children = childrenOf(done);
    const writes = children.filter((s) => s.name === 'techtree.db.write');
    // The event in the team's transaction, then the inbox's applied, answering and answered marks.
    expect(writes.filter((s) => s.attributes['techtree.db.operation'] === 'transaction').length).toBeGreaterThanOrEqual(1);
    expect(writes.length).toBeGreaterThanOrEqual(4);
    for (const w of writes) expect(w.attributes['db.system.name']).toBe('sqlite');
    const answer = children.find((s) => s.name === 'techtree.platform.answer')!;
    expect(answer).toMatchObject({ kind: 3, attributes: { 'techtree.platform': 'slack' } }); // 3: CLIENT
    expect(childrenOf(answer).map((s) => s.name)).toContain('slack.response_url');
    expect(children.map((s) => s.name)).toContain('techtree.platform.identify');
  });

  test('a digest job is one techtree.digest span: its database writes and the Slack calls of its post inside', () => {
    const digest = otlp.spans.find((s) => s.name === 'techtree.digest')!;
    expect(digest.attributes).toMatchObject({ 'techtree.outcome': 'posted', 'techtree.council_id': expect.any(String), 'techtree.slot': expect.any(String) });
    const names = descendantsOf(digest).map((s) => s.name);
    expect(names.filter((n) => n === 'techtree.db.write').length).toBeGreaterThanOrEqual(3);
    const post = childrenOf(digest).find((s) => s.name === 'techtree.platform.post')!;
    const calls = childrenOf(post).map((s) => s.name);
    expect(calls.filter((n) => n === 'slack.files.getUploadURLExternal')).toHaveLength(4);
    expect(calls).toContain('slack.chat.postMessage');
  });

  test('a failed call is a span with status ERROR and no secret in its message', async () => {
    const responseUrl = h.standIn.responseUrl('fails');
    h.standIn.answerOnce(responseUrl, { status: 500, body: { error: 'xoxb-test-token leaked by the platform' } });
    const { postToSlackEndpoint, slashCommand } = await import('../helpers/slack-signing.ts');
    await postToSlackEndpoint(h.eventsUrl, slashCommand({ text: 'status', responseUrl }));
    const failed = await eventually(async () => {
      await telemetry!.flush();
      return otlp.spans.find((s) => s.name === 'slack.response_url' && s.status?.code === 2);
    }, 10_000, 'the failed response_url span');
    expect(failed.status?.message).toMatch(/response_url: HTTP 500/);
    expect(JSON.stringify(otlp.spans)).not.toContain('xoxb-test-token');
  });
});
