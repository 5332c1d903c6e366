// What Slack delivers (issue 11, items 5-7): a message delivered again under a new event id, a
// click on a button that is not ours, and a click that fails. Over real HTTP, real app, real SQLite.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../helpers/slack-harness.ts';
import { blockActions, eventCallback, postToSlackEndpoint, slashCommand } from '../helpers/slack-signing.ts';

describe('Slack deliveries', () => {
  let h: SlackHarness;

  beforeAll(async () => {
    h = await startSlackHarness({ botUserId: 'UBOT' });
    const responseUrl = h.standIn.responseUrl('setup');
    await postToSlackEndpoint(h.eventsUrl, slashCommand({ text: 'team create Payments', responseUrl }));
    await h.standIn.waitFor((r) => r.path === new URL(responseUrl).pathname, 10_000, 'team created');
  });
  afterAll(async () => {
    await h?.close();
  });

  const dm = (text: string, ts: string) => eventCallback({ event: { type: 'message', channel_type: 'im', channel: 'D0ALICE', user: 'U0ALICE', text, ts } });
  const threadAnswers = (ts: string) => h.standIn.calls('chat.postMessage').filter((r) => r.body.thread_ts === ts);

  /** A DM sent after the others and answered: what came before it has been handled too (or dropped). */
  async function sentinel(ts: string): Promise<void> {
    expect((await postToSlackEndpoint(h.eventsUrl, dm('status', ts))).status).toBe(200);
    await h.standIn.waitFor((r) => r.path === '/api/chat.postMessage' && r.body.thread_ts === ts, 10_000, 'the sentinel answer');
    await new Promise((r) => setTimeout(r, 300));
  }

  test('the same DM delivered again under a new event id records nothing again (keyed by channel and ts)', async () => {
    const tsA = '1700001000.000100';
    const first = dm('done containerd', tsA);
    expect((await postToSlackEndpoint(h.eventsUrl, first)).status).toBe(200);
    await h.standIn.waitFor((r) => r.path === '/api/chat.postMessage' && r.body.thread_ts === tsA, 10_000, 'the done answer');
    const tsB = '1700001000.000200';
    await postToSlackEndpoint(h.eventsUrl, dm('undo containerd', tsB));
    await h.standIn.waitFor((r) => r.path === '/api/chat.postMessage' && r.body.thread_ts === tsB, 10_000, 'the undo answer');

    // Slack's redelivery: the same message (same channel, same ts), a new event id, no retry headers.
    const again = dm('done containerd', tsA);
    expect(again.eventId).not.toBe(first.eventId);
    expect((await postToSlackEndpoint(h.eventsUrl, again)).status).toBe(200);
    await sentinel('1700001000.000300');
    expect(h.countEvents({ kind: 'done', node: 'containerd-runtime' })).toBe(1);
    expect(h.countEvents({ kind: 'undone', node: 'containerd-runtime' })).toBe(1);
    expect(threadAnswers(tsA)).toHaveLength(1);
  });

  test('a click on a button that is not ours is acknowledged at once, logged and ignored', async () => {
    const responseUrl = h.standIn.responseUrl('foreign');
    const res = await postToSlackEndpoint(h.eventsUrl, blockActions({ actionId: 'approve_expense_42', value: 'done falco', responseUrl }));
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(1000);
    await sentinel('1700001000.000400');
    expect(h.standIn.calls(responseUrl)).toHaveLength(0);
    expect(h.countEvents({ node: 'runtime-security' })).toBe(0);
    expect(h.logs.some((l) => l.msg === 'slack: unknown button or menu acknowledged and ignored' && l.id === 'approve_expense_42')).toBe(true);
  });

  test.each([
    ['shortcut', 'shortcut', { type: 'shortcut', callback_id: 'file_expense', action_ts: '1700001000.1' }, 'file_expense'],
    ['message shortcut', 'shortcut', { type: 'message_action', callback_id: 'report_message', channel: { id: 'C0PAY', name: 'payments' }, message: { type: 'message', ts: '1700000000.000100', text: 'hi' }, response_url: 'http://127.0.0.1:9/never' }, 'report_message'],
    ['modal submitted', 'view submission', { type: 'view_submission', view: { id: 'V1', type: 'modal', callback_id: 'expense_modal', state: { values: {} } } }, 'expense_modal'],
    ['modal closed', 'view closed', { type: 'view_closed', is_cleared: false, view: { id: 'V2', type: 'modal', callback_id: 'expense_modal', state: { values: {} } } }, 'expense_modal'],
    ['menu options request', 'options request', { type: 'block_suggestion', action_id: 'pick_project', block_id: 'b1', value: 'te', container: { type: 'message', message_ts: '1700000000.000100' } }, 'pick_project'],
  ])('a %s from a misconfigured app is acknowledged at once, logged and ignored', async (_name, what, payload, id) => {
    const before = h.standIn.requests.length;
    const body = { ...payload, user: { id: 'U0ALICE', username: 'alice', team_id: 'T0001' }, team: { id: 'T0001', domain: 'acme' }, api_app_id: 'A0TECHTREE', token: 'deprecated-verification-token', trigger_id: '1.2.3' };
    const res = await postToSlackEndpoint(h.eventsUrl, { body: new URLSearchParams({ payload: JSON.stringify(body) }).toString(), contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(1000);
    expect(h.logs.some((l) => l.msg === `slack: unknown ${what} acknowledged and ignored` && l.id === id)).toBe(true);
    const ts = `1700001001.${String(h.standIn.requests.length).padStart(6, '0')}`;
    await sentinel(ts);
    // Only the sentinel's own answer went out (and App Home refreshes from earlier changes): nothing
    // was recorded or answered for the interaction.
    expect(h.standIn.requests.slice(before).filter((r) => r.body.thread_ts !== ts && r.path !== '/api/views.publish')).toEqual([]);
  });

  test('a failed click answers with a new private message; only a successful change replaces the message clicked', async () => {
    const setup = h.standIn.responseUrl('done-oci');
    await postToSlackEndpoint(h.eventsUrl, slashCommand({ text: 'done oci-images', responseUrl: setup }));
    await h.standIn.waitFor((r) => r.path === new URL(setup).pathname, 10_000, 'oci done');

    // "Mark OCI done" clicked again on an old message: refused, and the old message stays.
    const refusedUrl = h.standIn.responseUrl('refused');
    await postToSlackEndpoint(h.eventsUrl, blockActions({ actionId: 'techtree:run:0', value: 'done oci-images', responseUrl: refusedUrl }));
    const refused = await h.standIn.waitFor((r) => r.path === new URL(refusedUrl).pathname, 10_000, 'the refusal');
    expect(String(refused.body.text)).toMatch(/already done/);
    expect(refused.body.replace_original).toBe(false);
    expect(refused.body.response_type).toBe('ephemeral');

    // "Undo" clicked: a successful change, so it replaces the message it was on.
    const undoUrl = h.standIn.responseUrl('undo');
    await postToSlackEndpoint(h.eventsUrl, blockActions({ actionId: 'techtree:run:1', value: 'undo oci-images', responseUrl: undoUrl }));
    const undone = await h.standIn.waitFor((r) => r.path === new URL(undoUrl).pathname, 10_000, 'the undo');
    expect(String(undone.body.text)).toMatch(/undid/);
    expect(undone.body.replace_original).toBe(true);
    expect(h.standIn.calls(undoUrl)).toHaveLength(1);
  });
});
