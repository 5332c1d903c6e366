// What Slack sends and what Slack shows, end to end (issue 11 items 1-4, "Done when"): signed
// requests full of entities, mentions, links, curly quotes and dashes go through the real HTTP
// server and app; the test checks what is recorded and the exact Block Kit that goes back.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../helpers/slack-harness.ts';
import { blockActions, eventCallback, postToSlackEndpoint, slashCommand } from '../helpers/slack-signing.ts';

describe('Slack text in and out', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Reads the database file the app writes, through a separate read-only connection. */
  function rows<T>(sql: string): T[] {
    const db = new Database(h.sqlitePath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  }

  async function slash(text: string) {
    const responseUrl = h.standIn.responseUrl('cmd');
    const res = await postToSlackEndpoint(h.eventsUrl, slashCommand({ text, responseUrl }));
    expect(res.status).toBe(200);
    return (await h.standIn.waitFor((r) => r.path === new URL(responseUrl).pathname, 10_000, `an answer to "${text}"`)).body;
  }

  async function event(event: Record<string, unknown>) {
    const ts = String(event.ts);
    expect((await postToSlackEndpoint(h.eventsUrl, eventCallback({ event }))).status).toBe(200);
    return (await h.standIn.waitFor((r) => r.path === '/api/chat.postMessage' && r.body.thread_ts === ts, 10_000, `the answer to ${ts}`)).body;
  }

  const whatsNext = { type: 'button', action_id: 'techtree:run:0', text: { type: 'plain_text', text: "What's next?", emoji: true }, value: 'next' };

  test('a slash command with an entity and a broadcast creates "R&D Platform", shown back escaped once', async () => {
    const answer = await slash('team create R&amp;D Platform <!channel>');
    const said = 'Created team *R&amp;D Platform*, tracking CNCF Adoption. This channel is now linked to it, and you are a member.\nNext: `next` for where to start, or `done &lt;node&gt;` for what you already have.';
    expect(answer).toEqual({
      text: `Team R&amp;D Platform created\n\n${said}`,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Team R&D Platform created', emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: said } },
        { type: 'actions', elements: [{ ...whatsNext, style: 'primary' }] },
      ],
      response_type: 'in_channel',
      replace_original: false,
    });
    expect(rows('select name, slug from teams')).toEqual([{ name: 'R&D Platform', slug: 'r-d-platform' }]);
  });

  test('curly quotes and an em dash: done ‘containerd’ —force records containerd', async () => {
    const answer = await slash('done ‘containerd’ —force');
    const said = '*R&amp;D Platform* completed *containerd as Default Runtime*.\nNothing new unlocked yet; type `next` for what to do now.';
    expect(answer).toEqual({
      text: `R&amp;D Platform completed containerd as Default Runtime\n\n${said}`,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'R&D Platform completed containerd as Default Runtime', emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: said } },
        { type: 'actions', elements: [whatsNext, { type: 'button', action_id: 'techtree:run:1', text: { type: 'plain_text', text: 'Undo', emoji: true }, value: 'undo containerd-runtime', style: 'danger' }] },
      ],
      response_type: 'in_channel',
      replace_original: false,
    });
    // Read as a flag, not as part of the name; containerd is available, so it was not needed.
    expect(rows('select node_id, kind, force from progress_events')).toEqual([{ node_id: 'containerd-runtime', kind: 'done', force: 0 }]);
  });

  test('a mention with a link and @here: show keda answers with real links, in the thread', async () => {
    const ts = '1700000500.000100';
    const answer = await event({ type: 'app_mention', user: 'U0ALICE', text: '<@UBOT> show <http://keda.sh|keda> <!here>', ts, channel: 'C0PAY', event_ts: ts });
    const blocks = answer.blocks as { type: string; text?: { text: string }; fields?: { text: string }[] }[];
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Event-Driven Autoscaling (KEDA) (keda)', emoji: true } });
    expect(blocks[2]).toEqual({ type: 'section', fields: [
      { type: 'mrkdwn', text: '*Tier*\nOptimise' },
      { type: 'mrkdwn', text: '*Track*\nCI/CD &amp; GitOps' },
      { type: 'mrkdwn', text: '*Effort*\nS, 1-2 person-weeks' },
      { type: 'mrkdwn', text: '*R&amp;D Platform*\nlocked' },
    ] });
    const links = '*Links*\n• <https://keda.sh/|KEDA>\n• <https://keda.sh/docs/|KEDA documentation>';
    expect(blocks.find((b) => b.text?.text.startsWith('*Links*'))).toEqual({ type: 'section', text: { type: 'mrkdwn', text: links } });
    expect(answer.text).toMatch(/\n\n\*Links\*\n• <https:\/\/keda\.sh\/\|KEDA>\n• <https:\/\/keda\.sh\/docs\/\|KEDA documentation>$/);
    expect(answer.thread_ts).toBe(ts);
    // Escaped exactly once everywhere: no entity of an entity, no escaped link markup.
    expect(JSON.stringify(answer)).not.toMatch(/&amp;(?:amp|lt|gt);|&lt;https?:/);
  });

  test('a DM with curly apostrophes, an entity and the bot\'s mention records the reason as typed', async () => {
    const ts = '1700000600.000100';
    const answer = await event({ type: 'message', channel_type: 'im', channel: 'D0ALICE', user: 'U0ALICE', text: '<@UBOT> skip ‘keda’ we don’t run queues &amp; crons', ts });
    expect(rows("select node_id, kind, reason from progress_events where kind = 'skipped'")).toEqual([{ node_id: 'keda', kind: 'skipped', reason: "we don't run queues & crons" }]);
    expect(answer.channel).toBe('D0ALICE');
    expect(JSON.stringify(answer.blocks)).toContain("we don't run queues &amp; crons");
  });

  test('a DM naming a user and @everyone reads the user as @bob and pings no one', async () => {
    const ts = '1700000700.000100';
    const answer = await event({ type: 'message', channel_type: 'im', channel: 'D0ALICE', user: 'U0ALICE', text: 'status <@U0BOB|bob> <!everyone>', ts });
    const said = 'There is no team "@bob" here. Teams: R&amp;D Platform: use one of those names. To start a new one, type `team create &lt;name&gt;`.';
    expect(answer).toEqual({ channel: 'D0ALICE', text: said, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: said } }], thread_ts: ts });
  });

  test('a button whose value names "R&D Platform" runs with the name as it is, neither decoded again nor escaped', async () => {
    const responseUrl = h.standIn.responseUrl('click');
    const click = await postToSlackEndpoint(h.eventsUrl, blockActions({ actionId: 'techtree:run:0', value: 'status R&D Platform <!here>', responseUrl }));
    expect(click.status).toBe(200);
    const answer = (await h.standIn.waitFor((r) => r.path === new URL(responseUrl).pathname, 10_000, 'the status')).body;
    const blocks = answer.blocks as { type: string; text?: { text: string } }[];
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Status of R&D Platform', emoji: true } });
    expect(JSON.stringify(answer)).not.toMatch(/&amp;amp;|<!here>|here&gt;/);
  });
});
