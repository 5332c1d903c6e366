// The HTTP server around the adapter: health, readiness, Slack switched off, pictures as file
// uploads, and a graceful close that finishes the work already acknowledged.
import { describe, expect, test } from 'vitest';
import { startHttpServer } from '../../src/bot/http-server.ts';
import { silentLogger } from '../../src/log.ts';
import { startSlackHarness } from '../helpers/slack-harness.ts';
import { eventCallback, postToSlackEndpoint, slashCommand } from '../helpers/slack-signing.ts';

describe('HTTP server', () => {
  test('/healthz answers ok; /readyz asks the app and says why it is not ready', async () => {
    const h = await startSlackHarness({ botUserId: 'UBOT' });
    try {
      const health = await fetch(`${h.server.url}/healthz`);
      expect([health.status, await health.text()]).toEqual([200, 'ok\n']);
      const ready = await fetch(`${h.server.url}/readyz`);
      expect([ready.status, await ready.text()]).toEqual([200, 'ready\ndatabase: ok\n']);
      expect((await fetch(`${h.server.url}/nope`)).status).toBe(404);
      expect((await fetch(`${h.server.url}/slack/events`)).status).toBe(405);

      await h.app.close();
      const notReady = await fetch(`${h.server.url}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.text()).toMatch(/^not ready: database down\ndatabase: down \(.+\)\n$/);
      expect((await fetch(`${h.server.url}/healthz`)).status).toBe(200);
    } finally {
      await h.close();
    }
  });

  test('a port another process holds is a configuration error naming PORT, not a stack trace', async () => {
    const h = await startSlackHarness({ slack: false });
    try {
      await expect(startHttpServer({ config: h.config, app: h.app, logger: silentLogger, port: h.server.port }))
        .rejects.toThrow(`PORT: port ${h.server.port} is already in use by another process: stop that process, or set PORT to a free port`);
    } finally {
      await h.close();
    }
  });

  test('without Slack settings, Slack is off with one log line and /healthz still answers', async () => {
    const h = await startSlackHarness({ slack: false });
    try {
      const off = h.logs.filter((l) => /slack/i.test(l.msg));
      expect(off).toHaveLength(1);
      expect(off[0]!.msg).toMatch(/slack: off/);
      expect((await fetch(`${h.server.url}/healthz`)).status).toBe(200);
      const res = await postToSlackEndpoint(h.eventsUrl, slashCommand({ text: 'status', responseUrl: h.standIn.responseUrl() }));
      expect(res.status).toBe(404);
      expect(h.standIn.requests).toHaveLength(0);
    } finally {
      await h.close();
    }
  });

  test('close() waits for acknowledged work: the answer is delivered before it resolves', async () => {
    const h = await startSlackHarness({ botUserId: 'UBOT' });
    const responseUrl = h.standIn.responseUrl('late');
    try {
      const res = await postToSlackEndpoint(h.eventsUrl, slashCommand({ text: 'team create Payments', responseUrl }));
      expect(res.status).toBe(200);
      await h.server.close();
      expect(h.standIn.calls(responseUrl)).toHaveLength(1);
      await expect(fetch(`${h.server.url}/healthz`)).rejects.toThrow();
    } finally {
      await h.close();
    }
  });

  test('pictures are uploaded as files: personal ones to the asker\'s DM, mention answers to the thread', async () => {
    const h = await startSlackHarness({ botUserId: 'UBOT' });
    try {
      const setup = h.standIn.responseUrl('setup');
      await postToSlackEndpoint(h.eventsUrl, slashCommand({ text: 'team create Payments', responseUrl: setup }));
      await h.standIn.waitFor((r) => r.path === new URL(setup).pathname, 10_000, 'team created');

      const responseUrl = h.standIn.responseUrl('tree');
      await postToSlackEndpoint(h.eventsUrl, slashCommand({ text: 'tree', responseUrl }));
      const answer = await h.standIn.waitFor((r) => r.path === new URL(responseUrl).pathname, 20_000, 'the tree answer');
      expect(answer.body.response_type).toBe('ephemeral');
      expect(JSON.stringify(answer.body.blocks)).toMatch(/sent to you in a DM/);
      const completed = await h.standIn.waitFor((r) => r.path === '/api/files.completeUploadExternal', 20_000, 'the upload completed');
      expect(completed.body.channel_id).toBe('D0ALICE');
      const urlCall = h.standIn.calls('files.getUploadURLExternal')[0]!;
      const fileId = (completed.body.files as { id: string }[])[0]!.id;
      const upload = h.standIn.requests.find((r) => r.path === `/upload/${fileId}`);
      // The upload carries the PNG (multipart framed), whole: from its signature to its IEND chunk.
      const raw = upload!.raw;
      const start = raw.indexOf(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'));
      const end = raw.indexOf(Buffer.from('IEND', 'latin1'));
      expect(start).toBeGreaterThanOrEqual(0);
      expect(end + 8 - start).toBe(Number(urlCall.body.length));
      expect(h.standIn.calls('conversations.open')[0]!.body.users).toBe('U0ALICE');

      const ts = '1700000600.000001';
      await postToSlackEndpoint(h.eventsUrl, eventCallback({ event: { type: 'app_mention', user: 'U0ALICE', text: '<@UBOT> show our tree', ts, channel: 'C0PAY', event_ts: ts } }));
      const inThread = await h.standIn.waitFor((r) => r.path === '/api/files.completeUploadExternal' && r.body.thread_ts === ts, 20_000, 'the upload in the thread');
      expect(inThread.body.channel_id).toBe('C0PAY');
      expect(h.standIn.calls('files.completeUploadExternal')).toHaveLength(2);
    } finally {
      await h.close();
    }
  });
  test('an infrastructure failure is logged once with a reference, and the user gets a short apology with it', async () => {
    const h = await startSlackHarness({ botUserId: 'UBOT' });
    try {
      await h.app.close(); // the database goes away under the running bot
      const responseUrl = h.standIn.responseUrl('broken');
      const res = await postToSlackEndpoint(h.eventsUrl, slashCommand({ text: 'team create Payments', responseUrl }));
      expect(res.status).toBe(200);
      const apology = await h.standIn.waitFor((r) => r.path === new URL(responseUrl).pathname, 10_000, 'the apology');
      expect(apology.body.response_type).toBe('ephemeral');
      const ref = /`(slk-[0-9a-f]{8})`/.exec(String(apology.body.text))?.[1];
      expect(ref, String(apology.body.text)).toBeDefined();
      const errors = h.logs.filter((l) => l.level === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ msg: 'slack: slash command failed', ref });
    } finally {
      await h.close();
    }
  });
});
