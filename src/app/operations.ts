// What the CLI runs besides chat commands, through the app so that it never reaches into the
// store, the engine or the charts itself: migrations, tree-file checks, the kinds of chart.
import type { Config } from '../config.ts';
import { formatProblem, loadTrees } from '../engine/index.ts';
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
