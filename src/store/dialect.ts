// Chooses the database: PostgreSQL when a URL is configured, else the embedded SQLite file.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { ErrorMappingDialect } from './error-mapping-dialect.ts';
import type { Database } from './schema.ts';
import { StoreError, messageOf } from './store-error.ts';
import type { DialectName, OpenStoreOptions, StoreConfig } from './types.ts';

export const DEFAULT_SQLITE_BUSY_TIMEOUT_MS = 2000;

export interface OpenedDatabase {
  readonly dialect: DialectName;
  readonly db: Kysely<Database>;
}

export function openDatabase(config: StoreConfig, opts: OpenStoreOptions = {}): OpenedDatabase {
  if (config.databaseUrl) {
    return { dialect: 'postgres', db: openPostgres(config.databaseUrl, opts) };
  }
  return { dialect: 'sqlite', db: openSqlite(config) };
}

function openPostgres(url: string, opts: OpenStoreOptions): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 5000 });
  // An idle client losing its server emits on the pool; unheard, that crashes the process.
  // pg discards the broken client itself, so reporting is all that is left to do.
  pool.on('error', (error) => opts.onBackgroundError?.(error));
  return new Kysely<Database>({ dialect: new ErrorMappingDialect(new PostgresDialect({ pool })) });
}

function openSqlite(config: StoreConfig): Kysely<Database> {
  const file = config.sqlitePath;
  let sqlite: SqliteDatabase.Database;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    sqlite = new SqliteDatabase(file);
    // The timeout comes first so that switching to WAL waits for a concurrent opener too.
    // WAL lets readers run beside the one writer; NORMAL in WAL loses at most the last commits on
    // power loss, never integrity; short lock waits block in SQLite, longer ones are retried by
    // the write path without holding the event loop.
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(config.sqliteBusyTimeoutMs ?? DEFAULT_SQLITE_BUSY_TIMEOUT_MS))}`);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('synchronous = NORMAL');
  } catch (error) {
    throw new StoreError('Unavailable', `Cannot open the SQLite database at ${file}: ${messageOf(error)}`, { cause: error });
  }
  return new Kysely<Database>({ dialect: new ErrorMappingDialect(new SqliteDialect({ database: sqlite })) });
}
