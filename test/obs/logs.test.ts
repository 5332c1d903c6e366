// Logs: pino lines that never hold a secret, and a request id that follows one command from its
// HTTP request through the database to its answer.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLogger, withLogContext } from '../../src/log.ts';
import { TEST_SECRETS } from '../helpers/secret-guard.ts';
import { scriptedConversation, ADMIN_USER, type Conversation } from '../helpers/scripted-conversation.ts';
import { memoryLogger, startSlackHarness, type LogLine, type SlackHarness } from '../helpers/slack-harness.ts';
import { startSlackStandIn } from '../helpers/slack-standin.ts';

describe('the logger keeps secrets out of every line', () => {
  const secret = 'f3e1c0ffee5ecret-value-42';
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', secrets: [secret], write: (line) => lines.push(line) });

  test.each([
    ['a configured secret in the message', () => logger.info(`signing with ${secret}`)],
    ['a configured secret inside a field', () => logger.info('config', { nested: { value: `x${secret}y` } })],
    ['a token field and an Authorization header', () => logger.warn('call', { token: 'xoxb-1-2-abc', headers: { authorization: 'Bearer abcdefgh123', 'x-slack-signature': `v0=${'ab'.repeat(32)}` } })],
    ['a Slack token inside an error message and its cause', () => logger.error('failed', { error: new Error('invalid_auth for xoxb-123-456-abcdef', { cause: new Error('GET https://slack.com/api/x?token=xoxp-99-88') }) })],
    ['credentials in connection URLs', () => logger.error('db down', { url: 'postgres://techtree:hunter2hunter2@db:5432/techtree', redis: 'redis://:s3cretpass@redis:6379' })],
    ['a response_url', () => logger.info('posting', { responseUrl: 'https://hooks.slack.com/commands/T1/123/abcSECRET', other: 'https://hooks.slack.com/commands/T1/456/defSECRET' })],
    ['a child logger bound to a secret', () => logger.child({ appPassword: 'pa55word-of-teams', token: 'xapp-1-A1-123' }).info('child')],
  ])('%s', (_what, write) => {
    lines.length = 0;
    write();
    expect(lines).toHaveLength(1);
    const line = lines[0]!;
    for (const s of [secret, 'xoxb-1-2-abc', 'abcdefgh123', 'ab'.repeat(32), 'xoxb-123-456-abcdef', 'xoxp-99-88', 'hunter2hunter2', 's3cretpass', 'abcSECRET', 'defSECRET', 'pa55word-of-teams', 'xapp-1-A1-123']) {
      expect(line).not.toContain(s);
    }
    expect(line).toContain('[Redacted]');
    expect(() => JSON.parse(line)).not.toThrow();
  });

  test('lines are JSON with level names, ISO times, the request context and error details', () => {
    lines.length = 0;
    withLogContext({ reqId: 'r-1' }, () => withLogContext({ key: 'slack:T1:command:x' }, () => logger.child({ component: 'c' }).error('boom', { error: Object.assign(new Error('nope'), { code: 'Unavailable' }) })));
    logger.debug('outside');
    const [inside, outside] = lines.map((l) => JSON.parse(l) as LogLine);
    expect(inside).toMatchObject({ level: 'error', msg: 'boom', component: 'c', reqId: 'r-1', key: 'slack:T1:command:x', error: { type: 'Error', message: 'nope', code: 'Unavailable' } });
    expect(new Date(String(inside!.time)).toISOString()).toBe(inside!.time);
    expect(outside).toMatchObject({ level: 'debug', msg: 'outside' });
    expect(outside!.reqId).toBeUndefined();
  });

  test('levels below the logger\'s are dropped', () => {
    const kept: string[] = [];
    const warnOnly = createLogger({ level: 'warn', write: (l) => kept.push(l) });
    warnOnly.info('no');
    warnOnly.debug('no');
    warnOnly.warn('yes');
    expect(kept.map((l) => (JSON.parse(l) as LogLine).msg)).toEqual(['yes']);
  });
});

describe('a scripted conversation and a digest, logged at debug', () => {
  let h: SlackHarness;
  let conversation: Conversation;
  const job = memoryLogger('debug');

  beforeAll(async () => {
    const standIn = await startSlackStandIn({ admins: [ADMIN_USER] });
    h = await startSlackHarness({ standIn, logLevel: 'debug', digests: true });
    conversation = await scriptedConversation(h, job.logger);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await h?.standIn.close();
  });

  test('no configured secret (signing secret, bot token, verification token) appears in any line', () => {
    const all = [...h.logs, ...job.lines].map((l) => JSON.stringify(l));
    expect(all.length).toBeGreaterThan(50);
    for (const line of all) {
      for (const secret of [...TEST_SECRETS, 'deprecated-verification-token']) expect(line).not.toContain(secret);
    }
  });

  test('one request id follows a command from the HTTP request through the database to its answer', () => {
    const key = `slack:T0001:command:${conversation.said.done.triggerId}`;
    const answered = h.logs.find((l) => l.msg === 'slack: answered' && l.key === key);
    expect(answered, 'the answer of `done` logged with its delivery key').toBeDefined();
    const reqId = answered!.reqId as string;
    expect(reqId).toMatch(/^[0-9a-f]{16}$/);
    const path = h.logs.filter((l) => l.reqId === reqId);
    // The HTTP request, the inbox write and the event written in the team's transaction, the answer.
    expect(path.some((l) => l.msg === 'http request' && l.path === '/slack/events' && l.status === 200)).toBe(true);
    expect(path.some((l) => l.msg === 'db: query' && /insert into "inbox"/i.test(String(l.sql)))).toBe(true);
    expect(path.some((l) => l.msg === 'db: query' && /insert into "progress_events"/i.test(String(l.sql)))).toBe(true);
    expect(path.at(-1)?.msg).toBe('slack: answered');
    // Every line of that command's work carries the id: nothing logged under its key lacks it.
    const keyed = h.logs.filter((l) => l.key === key);
    expect(keyed.length).toBeGreaterThan(3);
    for (const l of keyed) expect(l.reqId).toBe(reqId);
    // Other commands have other ids.
    const otherKey = `slack:T0001:command:${conversation.said.next.triggerId}`;
    expect(h.logs.find((l) => l.key === otherKey)?.reqId).not.toBe(reqId);
  });

  test('a digest job has its own request id on every line, down to its database writes', () => {
    const lines = [...h.logs, ...job.lines].filter((l) => l.job === 'digest');
    const ids = new Set(lines.map((l) => l.reqId));
    expect(ids.size).toBe(1);
    const reqId = [...ids][0] as string;
    expect(reqId).toMatch(/^[0-9a-f]{16}$/);
    expect(lines.some((l) => l.msg === 'digest: posted')).toBe(true);
    expect(lines.some((l) => l.msg === 'db: query' && /digest_runs/.test(String(l.sql)))).toBe(true);
    // Every line under that id is the job's, with its council and slot.
    for (const l of h.logs.filter((x) => x.reqId === reqId)) expect(l).toMatchObject({ job: 'digest', councilId: expect.any(String), slot: expect.any(String) });
  });
});
