// Every write of the store goes through here, so both databases serialise writers the same way.
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { StoreError, isSqliteBusy, messageOf } from './store-error.ts';
import type { DialectName } from './types.ts';

export type Write = <T>(fn: (trx: Kysely<Database>) => Promise<T>, lockKey?: string) => Promise<T>;

export interface WriteOptions {
  readonly onBusyRetry?: (attempt: number, error: unknown) => void;
  /** Attempts before giving up with StoreError 'Busy'. Default 6. */
  readonly maxAttempts?: number;
}

const BACKOFF_BASE_MS = 25;
const BACKOFF_CAP_MS = 1000;

export function createWrite(db: Kysely<Database>, dialect: DialectName, opts: WriteOptions = {}): Write {
  return dialect === 'sqlite' ? sqliteWrite(db, opts) : postgresWrite(db);
}

/**
 * Kysely's transaction() issues a deferred `begin`: a reader that later needs the write lock
 * fails with SQLITE_BUSY at once when another process wrote in between, whatever busy_timeout
 * says. `begin immediate` takes the write lock up front, so the only wait is for the lock itself,
 * and a lock held past busy_timeout is retried here with jittered backoff, off the event loop.
 */
function sqliteWrite(db: Kysely<Database>, opts: WriteOptions): Write {
  const maxAttempts = opts.maxAttempts ?? 6;
  return async (fn) => {
    for (let attempt = 1; ; attempt++) {
      try {
        // One connection for the whole transaction; in-process callers queue on Kysely's mutex.
        return await db.connection().execute(async (conn) => {
          await sql`begin immediate`.execute(conn);
          try {
            const result = await fn(conn);
            await sql`commit`.execute(conn);
            return result;
          } catch (error) {
            await sql`rollback`.execute(conn).catch(() => undefined);
            throw error;
          }
        });
      } catch (error) {
        if (!isSqliteBusy(error)) throw error;
        if (attempt >= maxAttempts) {
          throw new StoreError('Busy', `The SQLite database stayed locked by another process through ${attempt} attempts: ${messageOf(error)}`, { cause: error });
        }
        opts.onBusyRetry?.(attempt, error);
        await sleep(jitteredBackoff(attempt));
      }
    }
  };
}

/** Full jitter, so two processes that collided once do not collide again in step. */
function jitteredBackoff(attempt: number): number {
  return Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * READ COMMITTED plus, for a lock key, a transaction-scoped advisory lock: writers of one team
 * queue behind each other (so read-decide-append is atomic) while other teams write in parallel.
 */
function postgresWrite(db: Kysely<Database>): Write {
  return (fn, lockKey) =>
    db.transaction().execute(async (trx) => {
      if (lockKey !== undefined) await sql`select pg_advisory_xact_lock(hashtext(${lockKey}))`.execute(trx);
      return fn(trx);
    });
}
