// Every write of the store goes through here, so both databases serialise writers the same way.
import { sql, type Kysely } from 'kysely';
import { SpanKind, inSpan } from '../telemetry.ts';
import { retryOnBusy, type BusyRetryOptions } from './busy-retry.ts';
import type { Database } from './schema.ts';
import type { DialectName } from './types.ts';
import { WriteGuard } from './write-guard.ts';

export type Write = <T>(fn: (trx: Kysely<Database>) => Promise<T>, lockKey?: string) => Promise<T>;

/** A write of exactly one statement: atomic by itself, so it needs no transaction of its own. */
export type WriteOne = <T>(fn: (db: Kysely<Database>) => Promise<T>) => Promise<T>;

export function createWrite(db: Kysely<Database>, dialect: DialectName, opts: BusyRetryOptions = {}, guard = new WriteGuard()): Write {
  const write = dialect === 'sqlite' ? sqliteWrite(db, opts, guard) : postgresWrite(db, guard);
  return (fn, lockKey) => traced(dialect, 'transaction', () => write(fn, lockKey));
}

/** Each write is a client span (`techtree.db.write`) inside the command or job that made it, lock waits and retries included. */
function traced<T>(dialect: DialectName, operation: 'transaction' | 'statement', fn: () => Promise<T>): Promise<T> {
  return inSpan('techtree.db.write', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': dialect === 'sqlite' ? 'sqlite' : 'postgresql', 'techtree.db.operation': operation } }, fn);
}

/**
 * A single statement commits by itself: one statement (on Postgres one round trip) instead of
 * three (begin, statement, commit), which counts on the acknowledgement path (the inbox write).
 * On SQLite it may still meet another process's lock (SQLITE_BUSY, or BUSY_SNAPSHOT when its
 * read is overtaken by a writer): both are retried like any write.
 */
export function createWriteOne(db: Kysely<Database>, dialect: DialectName, opts: BusyRetryOptions = {}): WriteOne {
  return dialect === 'sqlite'
    ? (fn) => traced(dialect, 'statement', () => retryOnBusy('writing', () => fn(db), opts))
    : (fn) => traced(dialect, 'statement', () => fn(db));
}

/**
 * Kysely's transaction() issues a deferred `begin`: a reader that later needs the write lock
 * fails with SQLITE_BUSY at once when another process wrote in between, whatever busy_timeout
 * says. `begin immediate` takes the write lock up front, so the only wait is for the lock itself,
 * and a lock held past busy_timeout is retried with jittered backoff. SQLite has a single
 * writer, so the lock key is not needed: every write is serialised.
 */
function sqliteWrite(db: Kysely<Database>, opts: BusyRetryOptions, guard: WriteGuard): Write {
  return (fn) =>
    retryOnBusy('writing', () =>
      // One connection for the whole transaction; in-process callers queue on Kysely's mutex,
      // and it is released between attempts so they are not held up by the backoff.
      db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn);
        try {
          const result = await guard.within('a write transaction', () => fn(conn));
          await sql`commit`.execute(conn);
          return result;
        } catch (error) {
          await sql`rollback`.execute(conn).catch(() => undefined);
          throw error;
        }
      }), opts);
}

/**
 * READ COMMITTED plus, for a lock key, a transaction-scoped advisory lock: writers of one team
 * queue behind each other (so read-decide-append is atomic) while other teams write in parallel.
 */
function postgresWrite(db: Kysely<Database>, guard: WriteGuard): Write {
  return (fn, lockKey) =>
    db.transaction().execute(async (trx) => {
      if (lockKey !== undefined) await sql`select pg_advisory_xact_lock(hashtext(${lockKey}))`.execute(trx);
      return guard.within('a write transaction', () => fn(trx));
    });
}
