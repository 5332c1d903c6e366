// The inbox repository on SQLite and Postgres: idempotent writes, one claimer per row however many
// race, leases that expire, the answer's life, and pruning.
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledInsert, inboxInsertQuery, insertRow } from '../../src/store/inbox-repository.ts';
import type { Database } from '../../src/store/schema.ts';
import { openStore, type NewInboxEntry, type Store } from '../../src/store/store.ts';
import { DIALECTS, uniqueId, useStore } from '../helpers/databases.ts';

const T0 = new Date('2026-06-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const lease = (owner: string, untilMs: number) => ({ owner, until: at(untilMs) });

function entry(overrides: Partial<NewInboxEntry> = {}): NewInboxEntry {
  return {
    key: uniqueId('slack:T1:command:'),
    platform: 'slack',
    conversation: { platform: 'slack', orgId: 'slack:T1', userId: 'U1', channelId: 'slack:T1:C1' },
    command: 'done falco',
    options: { withImages: true },
    replyTo: { kind: 'slash', responseUrl: 'https://hooks.example/r/1' },
    replyBy: at(30 * 60_000),
    receivedAt: T0,
    ...overrides,
  };
}

describe.each([
  ['sqlite', () => ({ createAdapter: () => new SqliteAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db: Kysely<unknown>) => new SqliteIntrospector(db), createQueryCompiler: () => new SqliteQueryCompiler() })],
  ['postgres', () => ({ createAdapter: () => new PostgresAdapter(), createDriver: () => new DummyDriver(), createIntrospector: (db: Kysely<unknown>) => new PostgresIntrospector(db), createQueryCompiler: () => new PostgresQueryCompiler() })],
] as const)('the inbox insert on %s, compiled once per batch size', (_name, dialect) => {
  const db = new Kysely<Database>({ dialect: dialect() });
  const rows = (n: number, k: number) => Array.from({ length: n }, (_, i) => insertRow({
    entry: entry({ command: `done n${k}-${i}`, ...(i % 2 ? { replyBy: undefined } : {}) }),
    lease: lease(`owner-${k}`, 30_000 + i),
  }));

  it('is, for every batch, exactly what Kysely compiles for those rows: the same text, the same parameters in the same order', () => {
    for (const n of [1, 2, 3, 16]) {
      for (const k of [1, 2]) {
        const batch = rows(n, k);
        const expected = inboxInsertQuery(db, batch).compile();
        const got = compiledInsert(db, batch);
        expect(got.sql).toBe(expected.sql);
        expect(got.parameters).toEqual(expected.parameters);
      }
    }
  });

  it('keeps one text per batch size and reuses it', () => {
    expect(compiledInsert(db, rows(4, 1)).sql).toBe(compiledInsert(db, rows(4, 2)).sql);
    expect(compiledInsert(db, rows(4, 1)).sql).not.toBe(compiledInsert(db, rows(5, 1)).sql);
  });
});

describe.each(DIALECTS)('inbox on %s', (dialect) => {
  const ctx = useStore(dialect);
  let other: Store;
  beforeAll(async () => {
    // A second store on the same database plays a second process (none when the dialect is skipped).
    let config;
    try {
      config = ctx.config;
    } catch {
      return;
    }
    other = await openStore(config);
  });
  afterAll(async () => {
    await other?.close();
  });

  it('writes a delivery once: the same key again, from any process, writes nothing', async () => {
    const e = entry();
    const results = await Promise.all([
      ctx.store.inbox.add(e, lease('a', 30_000)),
      other.inbox.add({ ...e, command: 'undo falco' }, lease('b', 30_000)),
      ctx.store.inbox.add(e, lease('a', 30_000)),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const row = await ctx.store.inbox.get(e.key);
    expect(row).toMatchObject({ key: e.key, platform: 'slack', state: 'received', attempts: 1, answerAttempts: 0, conversation: e.conversation, options: e.options, replyTo: e.replyTo });
    expect(row!.replyBy?.toISOString()).toBe(at(30 * 60_000).toISOString());
    expect(row!.command).toBe(results[1] ? 'undo falco' : 'done falco');
  });

  it('writes that arrive together (one multi-row insert) each learn their own outcome: new, already there, or a second copy', async () => {
    const earlier = entry();
    await ctx.store.inbox.add(earlier, lease('a', 30_000));
    const fresh = Array.from({ length: 40 }, (_, i) => entry({ command: `done n${i}` }));
    const twice = entry({ command: 'next' });
    // One turn: 40 new rows, one already written, and one key twice (its first copy wins).
    const results = await Promise.all([
      ...fresh.map((e) => ctx.store.inbox.add(e, lease('a', 30_000))),
      ctx.store.inbox.add({ ...earlier, command: 'undo falco' }, lease('a', 30_000)),
      ctx.store.inbox.add(twice, lease('a', 30_000)),
      ctx.store.inbox.add({ ...twice, command: 'team create Copy' }, lease('a', 30_000)),
    ]);
    expect(results).toEqual([...fresh.map(() => true), false, true, false]);
    for (const e of fresh) expect((await ctx.store.inbox.get(e.key))?.command).toBe(e.command);
    expect((await ctx.store.inbox.get(earlier.key))?.command).toBe('done falco');
    expect((await ctx.store.inbox.get(twice.key))?.command).toBe('next');
  });

  it('a leased row cannot be claimed until its lease runs out; then exactly one of many claimers gets it', async () => {
    const e = entry();
    await ctx.store.inbox.add(e, lease('dead', 1000));
    expect(await ctx.store.inbox.claim(e.key, lease('x', 60_000), at(500))).toBeUndefined();
    expect(await ctx.store.inbox.claimable('slack', at(500), 1000)).not.toContain(e.key);
    expect(await ctx.store.inbox.claimable('slack', at(1500), 1000)).toContain(e.key);
    expect(await ctx.store.inbox.claimable('teams', at(1500), 1000)).not.toContain(e.key);

    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? other : ctx.store).inbox.claim(e.key, lease(`p${i}`, 60_000), at(1500))));
    const winners = claims.filter((c) => c !== undefined);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ attempts: 2, leaseOwner: `p${claims.indexOf(winners[0])}` });
  });

  it('applied, answer posts counted, answered: an answered row is never claimed again', async () => {
    const e = entry();
    await ctx.store.inbox.add(e, lease('a', 1000));
    const reply = { ok: true, text: 'Payments completed Falco', visibility: 'channel' };
    expect(await ctx.store.inbox.markApplied(e.key, reply)).toBe(true);
    expect(await ctx.store.inbox.markApplied(e.key, { text: 'again' })).toBe(false);
    expect(await ctx.store.inbox.get(e.key)).toMatchObject({ state: 'applied', reply, answerAttempts: 0 });
    expect(await ctx.store.inbox.markAnswering(e.key)).toBe(true);
    expect(await ctx.store.inbox.markAnswering(e.key)).toBe(true);
    expect((await ctx.store.inbox.get(e.key))!.answerAttempts).toBe(2);
    expect(await ctx.store.inbox.markAnswered(e.key, at(2000))).toBe(true);
    const done = await ctx.store.inbox.get(e.key);
    expect(done).toMatchObject({ state: 'answered' });
    expect(done!.finishedAt?.toISOString()).toBe(at(2000).toISOString());
    expect(done!.leaseOwner).toBeUndefined();
    expect(await ctx.store.inbox.claim(e.key, lease('b', 60_000), at(90_000))).toBeUndefined();
    expect(await ctx.store.inbox.markFailed(e.key, 'late failure', at(3000))).toBe(false);
    expect(await ctx.store.inbox.claimable('slack', at(90_000), 1000)).not.toContain(e.key);
  });

  it('release frees only the owner\'s leases, so another process can take them at once', async () => {
    const mine = entry();
    const theirs = entry();
    await ctx.store.inbox.add(mine, lease('me', 60_000));
    await ctx.store.inbox.add(theirs, lease('them', 60_000));
    expect(await ctx.store.inbox.release([mine.key, theirs.key], 'me')).toBe(1);
    expect(await other.inbox.claim(mine.key, lease('next', 60_000), at(1))).toMatchObject({ leaseOwner: 'next' });
    expect(await other.inbox.claim(theirs.key, lease('next', 60_000), at(1))).toBeUndefined();
  });

  it('a failed row keeps its error and is not claimed again', async () => {
    const e = entry();
    await ctx.store.inbox.add(e, lease('a', 1000));
    expect(await ctx.store.inbox.markFailed(e.key, 'the use case threw', at(10))).toBe(true);
    expect(await ctx.store.inbox.get(e.key)).toMatchObject({ state: 'failed', error: 'the use case threw' });
    expect(await ctx.store.inbox.claim(e.key, lease('b', 60_000), at(90_000))).toBeUndefined();
  });

  it('prunes answered and failed rows finished before the cut-off, never unfinished ones', async () => {
    const old = entry({ receivedAt: at(-10 * 86_400_000) });
    const recent = entry();
    const pending = entry({ receivedAt: at(-10 * 86_400_000) });
    for (const e of [old, recent, pending]) await ctx.store.inbox.add(e, lease('a', 1000));
    await ctx.store.inbox.markApplied(old.key, { text: 'x' });
    await ctx.store.inbox.markAnswered(old.key, at(-9 * 86_400_000));
    await ctx.store.inbox.markFailed(recent.key, 'x', at(0));
    expect(await ctx.store.inbox.prune(at(-7 * 86_400_000))).toBeGreaterThanOrEqual(1);
    expect(await ctx.store.inbox.get(old.key)).toBeUndefined();
    expect(await ctx.store.inbox.get(recent.key)).toBeDefined();
    expect(await ctx.store.inbox.get(pending.key)).toMatchObject({ state: 'received' });
  });
});

// The write an acknowledgement waits for has connections of its own on Postgres: a main pool
// taken up entirely by work that waits (here 20 team writers queued on one team's lock) does not
// hold up the inbox. Without the separate pool, the add waits for a connection until pg's
// connectionTimeoutMillis and fails.
describe('inbox adds on postgres: a pool of their own, one commit at a time', () => {
  const ctx = useStore('postgres');

  it('records a delivery while every connection of the main pool is held by waiting work', async () => {
    const locker = new pg.Client({ connectionString: ctx.config.databaseUrl });
    await locker.connect();
    try {
      const teamId = uniqueId('team-');
      await locker.query('select pg_advisory_lock(hashtext($1))', [teamId]);
      const writers = Array.from({ length: 20 }, () => ctx.store.events.writeTeam(teamId, async () => undefined));
      // All 20 hold a connection and wait for the lock.
      for (let waiting = 0; waiting < 20;) {
        await new Promise((r) => setTimeout(r, 20));
        waiting = Number((await locker.query<{ n: string }>("select count(*) as n from pg_locks where locktype = 'advisory' and not granted")).rows[0]!.n);
      }
      expect(await ctx.store.inbox.add(entry(), lease('p1', 60_000))).toBe(true);
      await locker.query('select pg_advisory_unlock(hashtext($1))', [teamId]);
      await Promise.all(writers);
    } finally {
      await locker.end();
    }
  });

  // Group commit: one insert of acknowledgement rows in flight at a time. Here the first commit is
  // held up (another transaction holds its key, uncommitted); the adds that arrive meanwhile, on
  // turns of their own, wait for it rather than each taking a connection of the ack pool, and go in
  // one statement (one transaction id, xmin, for all of their rows). A commit that slow holds them
  // back for 200 ms at most: they are recorded while the first still waits.
  it('adds that arrive while an insert commits wait for it, together, and not for longer than 200 ms', async () => {
    const blocker = new pg.Client({ connectionString: ctx.config.databaseUrl });
    await blocker.connect();
    try {
      const first = entry();
      await blocker.query('begin');
      await blocker.query("insert into inbox (delivery_key, platform, conversation, command, options, reply_to, received_at, state) values ($1, 'slack', '{}', 'x', '{}', '{}', $2, 'received')", [first.key, T0.toISOString()]);
      const settled: string[] = [];
      const firstAdd = ctx.store.inbox.add(first, lease('p1', 60_000)).then((v) => (settled.push('first'), v));
      // Until the blocked insert is waiting on the lock, the later ones cannot be said to come "meanwhile".
      for (let waiting = 0; waiting < 1;) {
        await new Promise((r) => setTimeout(r, 20));
        waiting = Number((await blocker.query<{ n: string }>("select count(*) as n from pg_locks where locktype = 'transactionid' and not granted")).rows[0]!.n);
      }
      const later = Array.from({ length: 5 }, (_, i) => entry({ command: `done n${i}` }));
      const sent = performance.now();
      const laterAdds: Promise<boolean>[] = [];
      for (const e of later) {
        laterAdds.push(ctx.store.inbox.add(e, lease('p1', 60_000)).then((v) => (settled.push(e.key), v)));
        await new Promise((r) => setImmediate(r)); // each on a turn of its own
      }
      await new Promise((r) => setTimeout(r, 100));
      expect(settled).toEqual([]); // none went in a statement of its own past the blocked one
      expect(await Promise.all(laterAdds)).toEqual(later.map(() => true));
      expect(performance.now() - sent).toBeGreaterThanOrEqual(195); // they waited for the slow commit, for 200 ms
      expect(settled).not.toContain('first'); // which is still waiting on the lock
      const xmins = await blocker.query<{ xmin: string }>('select distinct xmin::text as xmin from inbox where delivery_key = any($1)', [later.map((e) => e.key)]);
      expect(xmins.rows).toHaveLength(1);
      await blocker.query('rollback');
      expect(await firstAdd).toBe(true); // the blocking row was rolled back: this one is new
    } finally {
      await blocker.end();
    }
  });
});
