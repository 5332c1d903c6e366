// Order within a conversation, over real HTTP on PostgreSQL: a `done` typed right after its
// channel's `team create` is applied after it, even while the create waits in the database (here on
// another transaction's uncommitted team of the same name), and is answered as a done, not "this
// channel isn't linked to a team yet". Another channel's command meanwhile is not held up.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { useStore } from '../helpers/databases.ts';
import { eventually, startSlackHarness, type SlackHarness } from '../helpers/slack-harness.ts';
import { postToSlackEndpoint, slashCommand, TEAM_ID } from '../helpers/slack-signing.ts';

describe('commands of one channel are applied in the order they were acknowledged', () => {
  const ctx = useStore('postgres'); // a fresh database, skipped (or failed under CI=true) without Postgres
  let h!: SlackHarness;
  beforeAll(async () => {
    let databaseUrl;
    try {
      databaseUrl = ctx.config.databaseUrl;
    } catch {
      return; // skipped
    }
    h = await startSlackHarness({ botUserId: 'UBOT', databaseUrl });
  });
  afterAll(async () => {
    await h?.close();
  });

  test('a done sent right after its channel\'s team create waits for the create, whatever holds the create up', async () => {
    const command = async (text: string, channelId: string, name: string) => {
      const responseUrl = h.standIn.responseUrl(name);
      expect((await postToSlackEndpoint(h.eventsUrl, slashCommand({ text, responseUrl, channelId }))).status).toBe(200);
      return new URL(responseUrl).pathname;
    };
    const answerTo = (path: string) => h.standIn.waitFor((r) => r.path === path, 10_000, `the answer to ${path}`);
    await answerTo(await command('team create Warmup', 'C0WARM', 'setup')); // the workspace exists

    const blocker = new pg.Client({ connectionString: ctx.config.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query("insert into teams (id, org_id, slug, name, created_at) values ('t-blocker', $1, 'orders', 'Orders', '2026-12-01T00:00:00.000Z')", [`slack:${TEAM_ID}`]);
      const created = await command('team create Orders', 'C0ORD', 'created');
      const done = await command('done containerd-runtime', 'C0ORD', 'done');
      await eventually(async () => Number((await blocker.query<{ n: string }>("select count(*) as n from pg_locks where locktype = 'transactionid' and not granted")).rows[0]!.n) > 0, 10_000, 'the create waiting on the uncommitted team');
      // Another channel goes on meanwhile.
      expect(String((await answerTo(await command('next', 'C0WARM', 'other'))).body.text)).toMatch(/Warmup/);
      await new Promise((r) => setTimeout(r, 300));
      expect(h.standIn.requests.filter((r) => r.path === created || r.path === done)).toEqual([]);
      await blocker.query('rollback');
      expect(String((await answerTo(created)).body.text)).toMatch(/Orders/);
      expect(String((await answerTo(done)).body.text)).toMatch(/^Orders completed containerd/);
    } finally {
      await blocker.end();
    }
  });
});
