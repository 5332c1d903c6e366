// Chooses the database: PostgreSQL when a URL is configured, else the embedded SQLite file.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type KyselyConfig, type LogEvent, type SqliteDatabase as KyselySqliteDatabase } from 'kysely';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import { retryOnBusy } from './busy-retry.ts';
import { ErrorMappingDialect } from './error-mapping-dialect.ts';
import type { Database } from './schema.ts';
import type { WriteGuard } from './write-guard.ts';
import { startWalCheckpointer } from './wal-checkpoint.ts';
import { StoreError, messageOf } from './store-error.ts';
import type { DialectName, OpenStoreOptions, StoreConfig } from './types.ts';

/**
 * How long one SQLite statement waits inside SQLite for another process's lock. It blocks the
 * event loop while it waits, so it is short; longer waits are retried by retryOnBusy.
 */
export const DEFAULT_SQLITE_BUSY_TIMEOUT_MS = 50;

export interface OpenedDatabase {
  readonly dialect: DialectName;
  readonly db: Kysely<Database>;
  /**
   * Postgres: a pool of its own for the writes that acknowledgements wait for (the inbox's adds),
   * so they never queue for a connection behind the work after the acks (a bulkhead). SQLite has
   * one connection, and no queue worth the name: `db` serves both.
   */
  readonly ackDb: Kysely<Database>;
  /** Closes the connections (and, on SQLite, the checkpoint thread). */
  close(): Promise<void>;
}

export async function openDatabase(config: StoreConfig, opts: OpenStoreOptions = {}, guard?: WriteGuard): Promise<OpenedDatabase> {
  const beforeAcquire = guard ? () => guard.assertOutside() : undefined;
  if (config.databaseUrl) {
    const db = openPostgres(config.databaseUrl, opts, { max: 20 }, beforeAcquire);
    const ackDb = openPostgres(config.databaseUrl, opts, { max: ACK_POOL_SIZE }, beforeAcquire);
    return { dialect: 'postgres', db, ackDb, close: async () => {
      await Promise.all([db.destroy(), ackDb.destroy()]);
    } };
  }
  const db = await openSqlite(config, opts, beforeAcquire);
  const checkpointer = config.sqlitePath === ':memory:' ? undefined : startWalCheckpointer(config.sqlitePath, { onError: (error) => opts.onBackgroundError?.(error) });
  return {
    dialect: 'sqlite',
    db,
    ackDb: db,
    async close() {
      // The checkpoint thread's connection first: the last one to close checkpoints and removes the WAL.
      await checkpointer?.close();
      await db.destroy();
    },
  };
}

/**
 * Connections for the acknowledgement path: the inbox has one insert in flight at a time, carrying
 * every add that arrived while the one before committed (inbox-repository.ts), so one connection
 * is busy and the other is there when the first is being replaced (a dropped connection).
 */
export const ACK_POOL_SIZE = 2;

function openPostgres(url: string, opts: OpenStoreOptions, size: { readonly max: number }, beforeAcquire?: () => void): Kysely<Database> {
  // The main pool: up to 8 deliveries are worked on at once (app/inbox.ts), each holding at most
  // one connection, besides answers, digests and recovery; acknowledgements have their own pool.
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 5000, max: size.max });
  // An idle client losing its server emits on the pool; unheard, that crashes the process.
  // pg discards the broken client itself, so reporting is all that is left to do.
  pool.on('error', (error) => opts.onBackgroundError?.(error));
  return new Kysely<Database>({ dialect: new ErrorMappingDialect(new PostgresDialect({ pool }), beforeAcquire), ...queryLog(opts) });
}

async function openSqlite(config: StoreConfig, opts: OpenStoreOptions, beforeAcquire?: () => void): Promise<Kysely<Database>> {
  const file = config.sqlitePath;
  let sqlite: SqliteDatabase.Database | undefined;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    sqlite = new SqliteDatabase(file);
    const connection = sqlite;
    // Short lock waits block inside SQLite (and the event loop); longer ones are retried off it.
    connection.pragma(`busy_timeout = ${Math.max(0, Math.floor(config.sqliteBusyTimeoutMs ?? DEFAULT_SQLITE_BUSY_TIMEOUT_MS))}`);
    // WAL lets readers run beside the one writer. Switching a new file to WAL needs it alone, and
    // SQLite answers BUSY without waiting when another process is opening it at the same moment.
    await retryOnBusy('switching to WAL', () => connection.pragma('journal_mode = WAL'), { ...opts, ...(config.sqliteLockWaitMs === undefined ? {} : { maxWaitMs: config.sqliteLockWaitMs }) });
    connection.pragma('foreign_keys = ON');
    // In WAL, NORMAL may lose the last commits on power loss but never corrupts the file. A commit
    // is in the WAL (the OS's page cache) before it returns, so a killed process loses nothing.
    connection.pragma('synchronous = NORMAL');
    // Checkpoints run on a thread of their own (wal-checkpoint.ts), not inside a commit here.
    connection.pragma('wal_autocheckpoint = 0');
  } catch (error) {
    sqlite?.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError('Unavailable', `Cannot open the SQLite database at ${file}: ${messageOf(error)}`, { cause: error });
  }
  return new Kysely<Database>({ dialect: new ErrorMappingDialect(new SqliteDialect({ database: withStatementCache(sqlite) }), beforeAcquire), ...queryLog(opts) });
}

/** Kysely's query log, for OpenStoreOptions.onQuery: finished queries only (failures are the caller's to report). */
function queryLog(opts: OpenStoreOptions): Pick<KyselyConfig, 'log'> {
  const onQuery = opts.onQuery;
  if (!onQuery) return {};
  return { log: (event: LogEvent) => { if (event.level === 'query') onQuery(event.query.sql, event.queryDurationMillis); } };
}

/**
 * Kysely prepares every query anew; on SQLite that runs on the event loop and was a fifth of the
 * store's CPU under load (bench/slack-ack.ts). The same SQL text reuses its prepared statement.
 * Safe because Kysely runs one query at a time on the connection and only ever calls all()/run()
 * (a statement held by an unfinished iterate() could not be shared; nothing here streams).
 */
function withStatementCache(sqlite: SqliteDatabase.Database): KyselySqliteDatabase {
  const statements = new LRUCache<string, SqliteDatabase.Statement>({ max: 500 });
  return {
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
    close: () => sqlite.close(),
  };
}
