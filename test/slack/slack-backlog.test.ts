// A burst acknowledged far faster than it is worked off: past inbox.ts's in-memory backlog, a
// recorded delivery waits as its key and is read back from its inbox row when its turn comes. Here
// the in-memory backlog is 0, so every delivery takes that path, over real HTTP, on both databases:
// each command is applied once and answered once, and a channel's `done` still follows its
// `team create` (answered as a done, not "this channel isn't linked to a team yet").
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS, useStore } from '../helpers/databases.ts';
import { eventually, startSlackHarness, type SlackHarness } from '../helpers/slack-harness.ts';
import { postToSlackEndpoint, slashCommand } from '../helpers/slack-signing.ts';

describe.each(DIALECTS)('a backlog read back from the inbox on %s', (dialect) => {
  const ctx = useStore(dialect);
  let h: SlackHarness | undefined;
  beforeAll(async () => {
    let databaseUrl: string | undefined;
    try {
      databaseUrl = ctx.config.databaseUrl;
    } catch {
      return; // skipped (or failed under CI=true) without Postgres
    }
    h = await startSlackHarness({ botUserId: 'UBOT', inMemoryBacklog: 0, logLevel: 'info', ...(databaseUrl ? { databaseUrl } : {}) });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('20 channels, each a team create then a done then a next, sent 16 at a time: all applied once, answered once, in order per channel', async () => {
    if (!h) return;
    const harness = h;
    const commands = Array.from({ length: 20 }, (_, i) => [`team create Backlog${i}`, 'done containerd-runtime', 'next'].map((text, step) => ({
      text, channelId: `C0BL${i}`, path: new URL(harness.standIn.responseUrl(`bl${i}-${step}`)).pathname,
    }))).flat();
    // Commands of one channel are sent in order (each after the one before was acknowledged); channels side by side.
    const lanes = Array.from({ length: 20 }, (_, i) => commands.filter((c) => c.channelId === `C0BL${i}`));
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      for (let lane = lanes[next++]; lane; lane = lanes[next++]) {
        for (const c of lane) {
          const res = await postToSlackEndpoint(harness.eventsUrl, slashCommand({ text: c.text, responseUrl: `${harness.standIn.url}${c.path}`, channelId: c.channelId }));
          expect(res.status).toBe(200);
        }
      }
    }));
    await eventually(() => commands.every((c) => harness.standIn.calls(`${harness.standIn.url}${c.path}`).length > 0), 20_000, 'every command answered');
    for (const [i, lane] of lanes.entries()) {
      const [create, done, nextAnswer] = lane.map((c) => harness.standIn.calls(`${harness.standIn.url}${c.path}`));
      expect(create, `team ${i} answered once`).toHaveLength(1);
      expect(String(create![0]!.body.text)).toMatch(new RegExp(`Team Backlog${i} created`));
      expect(done).toHaveLength(1);
      expect(String(done![0]!.body.text)).toMatch(new RegExp(`Backlog${i} completed containerd`));
      expect(nextAnswer).toHaveLength(1);
      expect(String(nextAnswer![0]!.body.text)).toMatch(new RegExp(`What's next for Backlog${i}`));
    }
    // Each was read back and run at its turn, not left over for recovery once its lease ran out.
    expect(harness.logs.filter((l) => /recovering a delivery|taken over or finished meanwhile|could not be read back/.test(String(l.msg)))).toEqual([]);
  }, 120_000);
});
