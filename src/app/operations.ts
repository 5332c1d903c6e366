// What the CLI runs besides chat commands, through the app so that it never reaches into the
// store, the engine or the charts itself: migrations, tree-file checks, the kinds of chart.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Config } from '../config.ts';
import { formatProblem, loadTrees } from '../engine/index.ts';
import { backupSqlite } from '../store/sqlite-backup.ts';
import { openStore } from '../store/store.ts';
import { readTreeSources } from './catalog.ts';

export { CHART_KINDS } from '../charts/index.ts';
export { isStoreError } from '../store/store.ts';

export interface MigrationReport {
  readonly dialect: 'sqlite' | 'postgres';
  /** One line per migration: `0002_inbox: Success`. */
  readonly lines: readonly string[];
  readonly migrated: boolean;
  /** Set when a migration failed; the schema is as the last successful one left it. */
  readonly error?: string;
}

/** Brings the configured database's schema up to date. Throws StoreError 'Unavailable' when it cannot be opened. */
export async function migrateDatabase(config: Config): Promise<MigrationReport> {
  const store = await openStore({ sqlitePath: config.sqlitePath, ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}) }, { migrate: false });
  try {
    const { results, error } = await store.migrate();
    return {
      dialect: store.dialect,
      lines: results.map((r) => `${r.migrationName}: ${r.status}`),
      migrated: results.length > 0,
      ...(error === undefined ? {} : { error: (error as Error).message ?? String(error) }),
    };
  } finally {
    await store.close();
  }
}

export type TreeCheck =
  | { readonly ok: true; readonly trees: number; readonly nodes: number }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Validates tree files (every problem, with file, line and node). Throws when a file cannot be read. */
export function checkTreeFiles(files: readonly string[]): TreeCheck {
  const result = loadTrees(readTreeSources(files));
  if (!result.ok) return { ok: false, problems: result.problems.map(formatProblem) };
  return { ok: true, trees: result.trees.length, nodes: result.trees.reduce((n, t) => n + t.nodes.length, 0) };
}

export type BackupOutcome =
  | { readonly ok: true; readonly from: string; readonly to: string; readonly pages: number; readonly bytes: number }
  | { readonly ok: false; readonly problem: string };

/**
 * Copies the SQLite database (TECHTREE_DB) to `file` while the app may be running, with SQLite's
 * online backup API, and checks the copy (quick_check). Refuses, as a problem to show, when
 * DATABASE_URL points at Postgres (pg_dump is the tool), when `file` exists (a backup never
 * overwrites), or when there is no database file yet. Throws StoreError 'Unavailable' when a file
 * cannot be read or written.
 */
export async function backupDatabase(config: Config, file: string): Promise<BackupOutcome> {
  if (config.databaseUrl) {
    return { ok: false, problem: 'techtree backup copies the SQLite file, but DATABASE_URL points at PostgreSQL: back it up with pg_dump instead, e.g. pg_dump --format=custom --file techtree.dump "$DATABASE_URL" (restore with pg_restore).' };
  }
  const from = resolve(config.sqlitePath);
  const to = resolve(file);
  if (!existsSync(from)) return { ok: false, problem: `There is no SQLite database at ${from} (TECHTREE_DB) to back up. Set TECHTREE_DB to the file the app uses.` };
  if (to === from) return { ok: false, problem: `${file} is the database itself: give the backup another file name, e.g. backups/techtree-$(date +%F).db` };
  if (existsSync(to)) return { ok: false, problem: `${file} already exists, and a backup never overwrites a file: give it a new name, e.g. backups/techtree-$(date +%F).db` };
  mkdirSync(dirname(to), { recursive: true });
  const copy = await backupSqlite(from, to);
  if (copy.check !== 'ok') return { ok: false, problem: `The copy at ${file} failed its integrity check (${copy.check}); the database itself was not changed. Try again; if it fails again, run sqlite3 ${from} "pragma integrity_check".` };
  return { ok: true, from, to, pages: copy.pages, bytes: copy.bytes };
}
