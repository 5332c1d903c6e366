// Real databases for store tests: every suite runs on SQLite and on Postgres (DIALECTS=...).
// Each test file gets its own fresh database, so files can run in parallel without sharing rows.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { privatePostgres } from './private-postgres.ts';
import { openStore, type OpenStoreOptions, type Store, type StoreConfig } from '../../src/store/store.ts';

export type Dialect = 'sqlite' | 'postgres';

export const DIALECTS: readonly Dialect[] = (process.env.DIALECTS ?? 'sqlite,postgres')
  .split(',').map((d) => d.trim()).filter((d): d is Dialect => {
    if (d === 'sqlite' || d === 'postgres') return true;
    if (d !== '') throw new Error(`DIALECTS: unknown dialect "${d}" (expected sqlite,postgres)`);
    return false;
  });

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  readonly config: StoreConfig;
  drop(): Promise<void>;
}

export interface StoreContext {
  readonly dialect: Dialect;
  /** Available inside tests and hooks registered after useStore. */
  readonly store: Store;
  readonly config: StoreConfig;
}

/** A fresh database and an open store for the enclosing describe block; skipped when unreachable. */
export function useStore(dialect: Dialect, opts: OpenStoreOptions = {}): StoreContext {
  let database: TestDatabase | undefined;
  let store: Store | undefined;
  let skipReason: string | undefined;

  beforeAll(async () => {
    const created = await createTestDatabase(dialect);
    if ('skip' in created) {
      skipReason = created.skip;
      return;
    }
    database = created;
    store = await openStore(created.config, opts);
  });
  beforeEach((ctx) => {
    if (skipReason !== undefined) ctx.skip(skipReason);
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  return {
    dialect,
    get store() {
      if (!store) throw new Error(`No ${dialect} store: use ctx.store inside a test`);
      return store;
    },
    get config() {
      if (!database) throw new Error(`No ${dialect} database: use ctx.config inside a test`);
      return database.config;
    },
  };
}

/** SQLite: a file in a fresh temp folder. Postgres: a fresh `techtree_t_<random>` database. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase | { skip: string }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'techtree-store-'));
    return {
      config: { sqlitePath: join(dir, 'techtree.db') },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = await postgresAdminUrl();
  if (typeof admin !== 'string') return admin;
  const name = `techtree_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(admin, `create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    config: { sqlitePath: '', databaseUrl: url.toString() },
    drop: () => adminQuery(admin, `drop database if exists ${name} with (force)`),
  };
}

/** Unique within a run, so tests sharing one database never see each other's rows. */
export function uniqueId(prefix: string): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

let adminUrl: Promise<string | { skip: string }> | undefined;

function postgresAdminUrl(): Promise<string | { skip: string }> {
  adminUrl ??= resolveAdminUrl();
  return adminUrl;
}

async function resolveAdminUrl(): Promise<string | { skip: string }> {
  const url = process.env.TEST_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const problem = await probe(url);
  if (problem === undefined) return url;
  const started = await startThrowawayCluster();
  if (typeof started === 'string') return started;
  const reason = `Postgres is unreachable at ${url} (${problem}) and ${started.failed}`;
  if (process.env.CI === 'true') throw new Error(`${reason}. CI=true, so the Postgres store tests fail instead of skipping.`);
  console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING the Postgres store tests: ${reason}.\n!! Set TEST_DATABASE_URL to an admin URL to run them.\n${'!'.repeat(78)}\n`);
  return { skip: reason };
}

async function probe(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A private cluster for this test process, when the Postgres binaries are installed. */
async function startThrowawayCluster(): Promise<string | { failed: string }> {
  const started = await privatePostgres();
  if ('failed' in started) return started;
  console.warn(`Started a throwaway Postgres cluster on 127.0.0.1:${started.port}`);
  return started.url;
}
