import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/dialect.ts';
import { runMigrations } from '../../src/store/migrate.ts';
import { FolderMigrationProvider } from '../../src/store/migration-provider.ts';
import { isStoreError, openStore } from '../../src/store/store.ts';
import { createWrite } from '../../src/store/write-transaction.ts';
import { DIALECTS, uniqueId, useStore } from '../helpers/databases.ts';

const TABLES = [
  'channel_links', 'conversation_refs', 'council_teams', 'council_trees', 'councils', 'digest_runs',
  'inbox', 'members', 'orgs', 'progress_events', 'team_trees', 'teams',
];

/** Every migration in migrations/, oldest first. */
const MIGRATIONS = Object.keys(await new FolderMigrationProvider().getMigrations()).sort();

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  const ctx = useStore(dialect, { migrate: false });

  async function tables(): Promise<string[]> {
    const { db, close } = await openDatabase(ctx.config);
    try {
      const found = (await db.introspection.getTables()).map((t) => t.name);
      return found.filter((name) => !name.startsWith('kysely_')).sort();
    } finally {
      await close();
    }
  }

  it('migrates a fresh database, and a second run is harmless', async () => {
    const first = await ctx.store.migrate();
    expect(first).toEqual({ results: MIGRATIONS.map((migrationName) => ({ migrationName, direction: 'Up', status: 'Success' })) });
    expect(MIGRATIONS).toContain('0003_digest_delivery');
    expect(await tables()).toEqual(TABLES);
    expect(await ctx.store.migrate()).toEqual({ results: [] });
  });

  it('goes down and up again', async () => {
    await ctx.store.migrate();
    const org = await ctx.store.orgs.ensure({ id: uniqueId('cli:'), platform: 'cli', name: 'Acme' });
    for (const migrationName of [...MIGRATIONS].reverse()) {
      expect(await ctx.store.migrateDown()).toEqual({ results: [{ migrationName, direction: 'Down', status: 'Success' }] });
    }
    expect(await tables()).toEqual([]);
    expect((await ctx.store.migrate()).results.map((r) => r.status)).toEqual(MIGRATIONS.map(() => 'Success'));
    expect(await tables()).toEqual(TABLES);
    expect(await ctx.store.orgs.get(org.id)).toBeUndefined();
  });

  it('rolls a failed migration back and reports it as an error instead of throwing', async () => {
    await ctx.store.migrate();
    const folder = mkdtempSync(join(tmpdir(), 'techtree-migrations-'));
    try {
      for (const name of MIGRATIONS) writeFileSync(join(folder, `${name}.mjs`), 'export async function up() {}\n');
      writeFileSync(join(folder, '0999_broken.mjs'), [
        'export async function up(db) {',
        "  await db.schema.createTable('half_made').addColumn('id', 'text').execute();",
        "  await db.schema.createTable('half_made').addColumn('id', 'text').execute();",
        '}',
      ].join('\n'));
      const { db, dialect: name, close } = await openDatabase(ctx.config);
      try {
        const deps = { db, dialect: name, write: createWrite(db, name), provider: new FolderMigrationProvider(new URL(`${pathToFileURL(folder).href}/`)) };
        const outcome = await runMigrations(deps, 'latest');
        expect(outcome.error).toBeDefined();
        expect(outcome.results).toEqual([{ migrationName: '0999_broken', direction: 'Up', status: 'Error' }]);
        // No half-made schema: the whole run was one transaction on both databases.
        expect(await tables()).toEqual(TABLES);
        const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
        expect(applied.rows.map((r) => r.name)).toEqual(MIGRATIONS);
      } finally {
        await close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('answers a ping', async () => {
    await expect(ctx.store.ping()).resolves.toBeUndefined();
  });
});

describe('opening a store that cannot be reached', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('creates the SQLite file\'s folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'techtree-open-'));
    dirs.push(dir);
    const store = await openStore({ sqlitePath: join(dir, 'data', 'nested', 'techtree.db') });
    await store.ping();
    expect(store.dialect).toBe('sqlite');
    await store.close();
  });

  it('reports an SQLite path that cannot be created as Unavailable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'techtree-open-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'a-file'), '');
    const error = await openStore({ sqlitePath: join(dir, 'a-file', 'techtree.db') }).catch((e: unknown) => e);
    expect(isStoreError(error, 'Unavailable')).toBe(true);
  });

  it.runIf(DIALECTS.includes('postgres'))('reports a Postgres server that refuses connections as Unavailable', async () => {
    const config = { sqlitePath: '', databaseUrl: 'postgres://postgres@127.0.0.1:1/techtree' };
    const opening = await openStore(config).catch((e: unknown) => e);
    expect(isStoreError(opening, 'Unavailable')).toBe(true);
    const lazy = await openStore(config, { migrate: false });
    expect(lazy.dialect).toBe('postgres');
    const pinging = await lazy.ping().catch((e: unknown) => e);
    expect(isStoreError(pinging, 'Unavailable')).toBe(true);
    await lazy.close();
  });
});
