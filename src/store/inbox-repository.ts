// The inbox: chat deliveries written before they are acknowledged, then claimed under a lease,
// applied, answered and marked, as digest runs are claimed. Every state change is one conditional
// statement, so concurrent processes agree on who holds a row without any other coordination, and
// each is one statement (writeOne: on Postgres one round trip); the writes on the acknowledgement
// path are grouped, one statement for all that arrive on the same event-loop turn.
import DataLoader from 'dataloader';
import { CompiledQuery, type Expression, type ExpressionBuilder, type Kysely, type Insertable, type Selectable, type SqlBool } from 'kysely';
import type { RepositoryDeps } from './repository-deps.ts';
import { messageOf } from './store-error.ts';
import { fromIso, fromJson, toIso, toJson, toNumber } from './rows.ts';
import type { Database, InboxTable } from './schema.ts';
import type { InboxEntry, InboxRepository, InboxState, Lease, NewInboxEntry } from './types.ts';

const UNFINISHED: readonly InboxState[] = ['received', 'applied'];

/** Free (never leased, or released) or expired at `now`. */
function leaseFree(eb: ExpressionBuilder<Database, 'inbox'>, now: Date): Expression<SqlBool> {
  return eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', toIso(now))]);
}

/**
 * How long, in ms, adds wait for an insert still committing before the next goes beside it (on
 * Postgres a second connection of the ack pool). A commit normally takes a millisecond or two.
 */
const SLOW_COMMIT_MS = 200;

/** Rows per multi-row insert; SQLite allows 32 766 parameters per statement, 12 per row here. */
const MAX_BATCH = 500;

interface Add {
  readonly entry: NewInboxEntry;
  readonly lease: Lease;
}

/**
 * The inbox over `deps`; `ackWriteOne` (default `deps.writeOne`) is what `add`, the write an
 * acknowledgement waits for, runs on: on Postgres a pool of its own (dialect.ts, `ackDb`).
 */
export function createInboxRepository({ db, writeOne: write, ackWriteOne }: RepositoryDeps & { readonly ackWriteOne?: RepositoryDeps['writeOne'] }): InboxRepository {
  // Group commit: one insert of acknowledgement rows in flight at a time, and the adds that arrive
  // while it commits gather into the next, which goes as soon as it is done. An add arriving at a
  // quiet moment goes on the next event-loop turn by itself; under a burst one multi-row INSERT
  // carries everything that arrived during the previous commit, so the database commits (on
  // Postgres a round trip and a WAL flush) once per commit time, not once per request. Each caller
  // still learns, after the commit, whether its own row is new. A commit that takes far longer
  // than usual (a lock, a connection gone quiet) holds the next one back for SLOW_COMMIT_MS at most.
  let committing = 0;
  const nextBatches: (() => void)[] = [];
  let slow: NodeJS.Timeout | undefined;
  const goNext = () => {
    clearTimeout(slow);
    slow = undefined;
    nextBatches.shift()?.();
  };
  const adds = new DataLoader<Add, boolean>(async (batch) => {
    committing++;
    try {
      return await addAll(ackWriteOne ?? write, batch);
    } finally {
      committing--;
      if (committing === 0) goNext();
    }
  }, {
    cache: false,
    maxBatchSize: MAX_BATCH,
    batchScheduleFn: (flush) => {
      if (committing === 0) {
        setImmediate(flush);
        return;
      }
      nextBatches.push(flush);
      slow ??= setTimeout(goNext, SLOW_COMMIT_MS);
    },
  });
  return {
    add: (entry, lease) => adds.load({ entry, lease }),

    // On Postgres a second claimer's update waits for the first to commit, then re-checks the
    // lease against the row as the first left it, and matches nothing; SQLite has one writer.
    claim: (key, lease, now) =>
      write(async (trx) => {
        const row = await trx.updateTable('inbox')
          .set((eb) => ({ lease_owner: lease.owner, lease_until: toIso(lease.until), attempts: eb('attempts', '+', 1) }))
          .where('delivery_key', '=', key)
          .where('state', 'in', UNFINISHED)
          .where((eb) => leaseFree(eb, now))
          .returningAll()
          .executeTakeFirst();
        return row && toEntry(row);
      }),

    claimable: async (platform, now, limit) => {
      const rows = await db.selectFrom('inbox').select('delivery_key')
        .where('platform', '=', platform)
        .where('state', 'in', UNFINISHED)
        .where((eb) => leaseFree(eb, now))
        .orderBy('received_at').orderBy('delivery_key')
        .limit(limit)
        .execute();
      return rows.map((r) => r.delivery_key);
    },

    markApplied: (key, reply) =>
      changed(write((trx) => trx.updateTable('inbox')
        .set({ state: 'applied', reply: toJson(reply), error: null })
        .where('delivery_key', '=', key).where('state', '=', 'received')
        .executeTakeFirst())),

    markAnswering: (key) =>
      changed(write((trx) => trx.updateTable('inbox')
        .set((eb) => ({ answer_attempts: eb('answer_attempts', '+', 1) }))
        .where('delivery_key', '=', key).where('state', '=', 'applied')
        .executeTakeFirst())),

    markAnswered: (key, at) =>
      changed(write((trx) => trx.updateTable('inbox')
        .set({ state: 'answered', finished_at: toIso(at), lease_owner: null, lease_until: null, error: null })
        .where('delivery_key', '=', key).where('state', 'in', UNFINISHED)
        .executeTakeFirst())),

    markFailed: (key, error, at) =>
      changed(write((trx) => trx.updateTable('inbox')
        .set({ state: 'failed', error: error.slice(0, 2000), finished_at: toIso(at), lease_owner: null, lease_until: null })
        .where('delivery_key', '=', key).where('state', 'in', UNFINISHED)
        .executeTakeFirst())),

    release: async (keys, owner) => {
      if (keys.length === 0) return 0;
      const result = await write((trx) => trx.updateTable('inbox')
        .set({ lease_owner: null, lease_until: null })
        .where('delivery_key', 'in', keys).where('lease_owner', '=', owner).where('state', 'in', UNFINISHED)
        .executeTakeFirst());
      return toNumber(result.numUpdatedRows);
    },

    prune: async (before) => {
      const result = await write((trx) => trx.deleteFrom('inbox')
        .where('state', 'in', ['answered', 'failed'])
        .where('finished_at', '<', toIso(before))
        .executeTakeFirst());
      return toNumber(result.numDeletedRows);
    },

    get: async (key) => {
      const row = await db.selectFrom('inbox').selectAll().where('delivery_key', '=', key).executeTakeFirst();
      return row && toEntry(row);
    },
  };
}

/** The inbox row of an acknowledged delivery; every row has the same columns, in the same order. */
export function insertRow({ entry, lease }: Add): Insertable<InboxTable> {
  return {
    delivery_key: entry.key,
    platform: entry.platform,
    conversation: toJson(entry.conversation),
    command: entry.command,
    options: toJson(entry.options),
    reply_to: toJson(entry.replyTo),
    reply_by: entry.replyBy ? toIso(entry.replyBy) : null,
    received_at: toIso(entry.receivedAt),
    state: 'received',
    lease_owner: lease.owner,
    lease_until: toIso(lease.until),
    attempts: 1,
  };
}

/**
 * The multi-row insert of `rows` acknowledgement rows, built by Kysely (which is how it stays right on
 * both dialects) and compiled: only its SQL text is kept, and reused.
 */
export function inboxInsertQuery(db: Kysely<Database>, rows: readonly Insertable<InboxTable>[]) {
  return db.insertInto('inbox')
    .values([...rows])
    // The same delivery again (a retry, or another process that got it too) writes nothing.
    .onConflict((oc) => oc.column('delivery_key').doNothing())
    .returning('delivery_key');
}

/**
 * The SQL text of the inbox insert for each batch size, per Kysely instance (each has one dialect).
 * Building and compiling the query anew for every batch was a twentieth of the server's CPU while
 * acknowledging a burst (bench/slack-ack.ts --cpu-prof), on the one write every ack waits for; the
 * same text object also finds its prepared statement without hashing kilobytes of SQL again.
 */
const insertTexts = new WeakMap<object, Map<number, string>>();

/**
 * The insert of `rows` (insertRow's), as inboxInsertQuery compiles it: the SQL text kept for
 * `rows.length` rows, the parameters row by row in column order (the order Kysely takes them in:
 * the first row's keys, which every insertRow row shares).
 */
export function compiledInsert(db: Kysely<Database>, rows: readonly Insertable<InboxTable>[]): CompiledQuery<{ delivery_key: string }> {
  const { adapter } = db.getExecutor();
  let texts = insertTexts.get(adapter);
  if (!texts) insertTexts.set(adapter, (texts = new Map()));
  const columns = Object.keys(rows[0]!) as (keyof Insertable<InboxTable>)[];
  const parameters = rows.flatMap((row) => columns.map((c) => row[c]));
  let text = texts.get(rows.length);
  if (text === undefined) {
    text = inboxInsertQuery(db, rows).compile().sql;
    texts.set(rows.length, text);
  }
  return CompiledQuery.raw(text, parameters) as CompiledQuery<{ delivery_key: string }>;
}

async function addAll(write: RepositoryDeps['writeOne'], batch: readonly Add[]): Promise<boolean[]> {
  // The same key twice in one batch (two copies of a delivery arriving together): the first wins.
  const first = new Map<string, Add>();
  for (const a of batch) if (!first.has(a.entry.key)) first.set(a.entry.key, a);
  const rows = [...first.values()].map(insertRow);
  const written = await write(async (db) => {
    const result = await db.executeQuery(compiledInsert(db, rows));
    return new Set(result.rows.map((r) => r.delivery_key));
  });
  return batch.map((a) => first.get(a.entry.key) === a && written.has(a.entry.key));
}

async function changed(update: Promise<{ numUpdatedRows: bigint }>): Promise<boolean> {
  return (await update).numUpdatedRows > 0n;
}

function toEntry(row: Selectable<InboxTable>): InboxEntry {
  const problems: string[] = [];
  const json = (column: string, text: string | null): unknown => {
    try {
      return fromJson(text);
    } catch (error) {
      problems.push(`${column} is not JSON (${messageOf(error)})`);
      return undefined;
    }
  };
  const conversation = json('conversation', row.conversation);
  const options = json('options', row.options);
  const replyTo = json('reply_to', row.reply_to);
  const reply = json('reply', row.reply);
  return {
    key: row.delivery_key,
    platform: row.platform,
    conversation,
    command: row.command,
    options,
    replyTo,
    ...(row.reply_by === null ? {} : { replyBy: fromIso(row.reply_by) }),
    receivedAt: fromIso(row.received_at),
    state: row.state as InboxState,
    attempts: Number(row.attempts),
    answerAttempts: Number(row.answer_attempts),
    ...(reply === undefined ? {} : { reply }),
    ...(row.error === null ? {} : { error: row.error }),
    ...(row.lease_owner === null ? {} : { leaseOwner: row.lease_owner }),
    ...(row.lease_until === null ? {} : { leaseUntil: fromIso(row.lease_until) }),
    ...(row.finished_at === null ? {} : { finishedAt: fromIso(row.finished_at) }),
    ...(problems.length ? { unreadable: problems.join('; ') } : {}),
  };
}
