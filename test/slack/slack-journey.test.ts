// A team's journey over real HTTP: slash commands, a button click, a mention, a DM and the App
// Home, against the real app on a temp SQLite file, with Slack's cloud played by the stand-in.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventually, startSlackHarness, type SlackHarness } from '../helpers/slack-harness.ts';
import { blockActions, eventCallback, postToSlackEndpoint, slashCommand } from '../helpers/slack-signing.ts';
import type { RecordedRequest } from '../helpers/slack-standin.ts';

interface Block {
  type: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { type: string; action_id?: string; value?: string; text?: { text: string } | string }[];
}

const blocksOf = (r: RecordedRequest) => (r.body.blocks ?? (r.body.view as { blocks?: Block[] } | undefined)?.blocks ?? []) as Block[];
const allText = (blocks: readonly Block[]) => blocks.map((b) => [b.text?.text, ...(b.fields ?? []).map((f) => f.text), ...(b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : e.text?.text))].filter(Boolean).join('\n')).join('\n');
const buttons = (blocks: readonly Block[]) => blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

describe('Slack: a team records progress', () => {
  let h: SlackHarness;

  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  async function slash(text: string, extra: Partial<Parameters<typeof slashCommand>[0]> = {}) {
    const responseUrl = h.standIn.responseUrl('cmd');
    const res = await postToSlackEndpoint(h.eventsUrl, slashCommand({ text, responseUrl, ...extra }));
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3000);
    const answer = await h.standIn.waitFor((r) => r.path === new URL(responseUrl).pathname, 10_000, `an answer to "${text}"`);
    return { res, answer, responseUrl };
  }

  test('team create, then done: answered in the channel and recorded once', async () => {
    const created = await slash('team create Payments');
    expect(created.res.text).toBe('');
    expect(created.answer.body.response_type).toBe('in_channel');
    expect(created.answer.body.text).toContain('Payments');

    const done = await slash('done containerd');
    expect(done.answer.body.response_type).toBe('in_channel');
    const blocks = blocksOf(done.answer);
    expect(blocks[0]).toMatchObject({ type: 'header' });
    expect(allText(blocks)).toMatch(/Payments.*completed.*containerd/s);
    expect(buttons(blocks).map((b) => b.value)).toContain('undo containerd-runtime');
    expect(h.countEvents({ kind: 'done', node: 'containerd-runtime' })).toBe(1);
  });

  test('next lists suggestions with buttons; clicking one marks it done and replaces the message', async () => {
    const next = await slash('next');
    expect(next.answer.body.response_type).toBe('ephemeral');
    const offered = buttons(blocksOf(next.answer));
    const markOci = offered.find((b) => b.value === 'done oci-images');
    expect(markOci, `buttons offered: ${offered.map((b) => b.value).join(', ')}`).toBeDefined();
    expect(new Set(offered.map((b) => b.action_id)).size).toBe(offered.length);

    const clickUrl = h.standIn.responseUrl('click');
    const click = await postToSlackEndpoint(h.eventsUrl, blockActions({ actionId: markOci!.action_id!, value: markOci!.value!, responseUrl: clickUrl, ephemeral: true }));
    expect(click.status).toBe(200);
    expect(click.ms).toBeLessThan(3000);
    const replaced = await h.standIn.waitFor((r) => r.path === new URL(clickUrl).pathname && r.body.replace_original === true, 10_000, 'replace_original');
    expect(allText(blocksOf(replaced))).toMatch(/completed.*OCI-Compliant Images/s);
    expect(allText(blocksOf(replaced))).toMatch(/Unlocked:.*Production Kubernetes Cluster/s);
    // The click was on an ephemeral list, so the team hears about the change in the channel too.
    const announced = await h.standIn.waitFor((r) => r.path === new URL(clickUrl).pathname && r.body.response_type === 'in_channel' && r.body.replace_original !== true, 5000, 'channel announcement');
    expect(announced.body.text).toContain('OCI-Compliant Images');
    expect(h.countEvents({ kind: 'done', node: 'oci-images' })).toBe(1);
  });

  test('"mark anyway" on a locked node records it out of order', async () => {
    const locked = await slash('done falco');
    expect(locked.answer.body.response_type).toBe('ephemeral');
    const anyway = buttons(blocksOf(locked.answer)).find((b) => b.value === 'done runtime-security --force');
    expect(anyway).toBeDefined();
    expect(h.countEvents({ node: 'runtime-security' })).toBe(0);

    const clickUrl = h.standIn.responseUrl('anyway');
    await postToSlackEndpoint(h.eventsUrl, blockActions({ actionId: anyway!.action_id!, value: anyway!.value!, responseUrl: clickUrl }));
    const replaced = await h.standIn.waitFor((r) => r.path === new URL(clickUrl).pathname, 10_000, 'the forced done');
    expect(replaced.body.replace_original).toBe(true);
    expect(String(replaced.body.text)).toMatch(/out of order/);
    expect(h.countEvents({ kind: 'done', node: 'runtime-security' })).toBe(1);
  });

  test('a mention asking "what\'s next for my team?" is answered in its thread with the suggestions', async () => {
    const ts = '1700000100.000200';
    const mention = eventCallback({ event: { type: 'app_mention', user: 'U0ALICE', text: "<@UBOT> what's next for my team?", ts, channel: 'C0PAY', event_ts: ts } });
    const res = await postToSlackEndpoint(h.eventsUrl, mention);
    expect(res.status).toBe(200);
    const post = await h.standIn.waitFor((r) => r.path === '/api/chat.postMessage' && r.body.thread_ts === ts, 10_000, 'the threaded answer');
    expect(post.body.channel).toBe('C0PAY');
    const blocks = blocksOf(post);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: "What's next for Payments" } });
    const offered = buttons(blocks);
    expect(offered.length).toBeGreaterThan(0);
    expect(offered.every((b) => /^techtree:run:\d+$/.test(b.action_id ?? '') && /^done /.test(b.value ?? ''))).toBe(true);
    expect(offered.map((b) => b.value)).toContain('done kubernetes-cluster');
  });

  test('a DM is answered in its thread; bot messages and edits get no answer', async () => {
    const ignored = [
      { type: 'message', channel_type: 'im', channel: 'D0ALICE', user: 'UOTHER', bot_id: 'B0OTHER', text: 'status', ts: '1700000200.000001' },
      { type: 'message', channel_type: 'im', channel: 'D0ALICE', subtype: 'message_changed', message: { user: 'U0ALICE', text: 'status' }, ts: '1700000200.000002' },
      { type: 'message', channel_type: 'im', channel: 'D0ALICE', subtype: 'channel_join', user: 'U0ALICE', text: 'status', ts: '1700000200.000005' },
      { type: 'message', channel_type: 'im', channel: 'D0ALICE', user: 'UBOT', text: 'status', ts: '1700000200.000003' },
      { type: 'message', channel_type: 'channel', channel: 'C0PAY', user: 'U0ALICE', text: 'status', ts: '1700000200.000004' },
    ];
    for (const event of ignored) expect((await postToSlackEndpoint(h.eventsUrl, eventCallback({ event }))).status).toBe(200);
    const ts = '1700000200.000009';
    await postToSlackEndpoint(h.eventsUrl, eventCallback({ event: { type: 'message', channel_type: 'im', channel: 'D0ALICE', user: 'U0ALICE', text: 'how are we doing?', ts } }));
    const post = await h.standIn.waitFor((r) => r.path === '/api/chat.postMessage' && r.body.thread_ts === ts, 10_000, 'the DM answer');
    expect(post.body.channel).toBe('D0ALICE');
    expect(allText(blocksOf(post))).toMatch(/Payments/);
    const dmAnswers = h.standIn.calls('chat.postMessage').filter((r) => String(r.body.thread_ts).startsWith('1700000200.'));
    expect(dmAnswers.map((r) => r.body.thread_ts)).toEqual([ts]);
  });

  test('opening the App Home publishes the team\'s progress', async () => {
    const before = h.standIn.calls('views.publish').length;
    await postToSlackEndpoint(h.eventsUrl, eventCallback({ event: { type: 'app_home_opened', user: 'U0ALICE', channel: 'D0ALICE', tab: 'home', event_ts: '1700000300.000001' } }));
    const published = await eventually(() => h.standIn.calls('views.publish')[before], 10_000, 'views.publish');
    expect(published.body.user_id).toBe('U0ALICE');
    const view = published.body.view as { type: string; blocks: Block[] };
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(allText(view.blocks)).toMatch(/Payments on TechTree/);
    expect(allText(view.blocks)).toMatch(/CNCF Adoption: \d+% done/);
  });

  test('a button clicked in the App Home runs there: the home is republished with the answer on top', async () => {
    const before = h.standIn.calls('views.publish').length;
    const click = await postToSlackEndpoint(h.eventsUrl, blockActions({ actionId: 'techtree:run:0', value: 'status', inHome: true }));
    expect(click.status).toBe(200);
    const published = await eventually(() => h.standIn.calls('views.publish').slice(before).find((r) => /Status of Payments/.test(allText((r.body.view as { blocks: Block[] }).blocks))), 10_000, 'the home with the answer');
    const blocks = (published.body.view as { blocks: Block[] }).blocks;
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: 'Status of Payments' } });
    expect(blocks.some((b) => b.type === 'divider')).toBe(true);
    expect(allText(blocks)).toMatch(/Payments on TechTree/);
    const ids = buttons(blocks).map((b) => b.action_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('a progress change refreshes the App Home of the user who made it', async () => {
    const started = await slash('start kubernetes-cluster');
    const refreshed = await eventually(() => h.standIn.calls('views.publish').find((r) => r.at >= started.answer.at && r.body.user_id === 'U0ALICE'), 10_000, 'a home refresh');
    expect(allText((refreshed.body.view as { blocks: Block[] }).blocks)).toMatch(/Orchestrate: 0\/\d+ done \(0%\), 1 in progress/);
  });

  test('the bot\'s user id came from one auth.test for the whole run', () => {
    expect(h.standIn.calls('auth.test').length).toBe(1);
  });

  test('who is asking (name, admin) was looked up once for all of Alice\'s commands', () => {
    expect(h.standIn.calls('users.info').filter((r) => r.body.user === 'U0ALICE')).toHaveLength(1);
  });
});
