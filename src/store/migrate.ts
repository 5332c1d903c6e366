// Runs the migrations and reports like Kysely's Migrator: results plus an `error`, never a throw.
import { Migrator, type Kysely, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { Database } from './schema.ts';
import { isSqliteBusy } from './store-error.ts';
import type { DialectName, MigrationOutcome } from './types.ts';
import type { Write } from './write-transaction.ts';

export type MigrationDirection = 'latest' | 'down';

export interface MigrateDeps {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  readonly write: Write;
  readonly provider: MigrationProvider;
}

/** Carries a failed result set out of the transaction so the transaction rolls back. */
class RolledBack extends Error {
  constructor(readonly outcome: MigrationResultSet) {
    super('migration failed');
  }
}

export async function runMigrations(deps: MigrateDeps, direction: MigrationDirection): Promise<MigrationOutcome> {
  const run = (db: Kysely<Database>): Promise<MigrationResultSet> => {
    const migrator = new Migrator({ db, provider: deps.provider });
    return direction === 'latest' ? migrator.migrateToLatest() : migrator.migrateDown();
  };
  if (deps.dialect === 'postgres') {
    // Kysely already runs Postgres migrations in one transaction under an advisory lock.
    return outcomeOf(await run(deps.db));
  }
  // Kysely runs SQLite migrations without a transaction or a lock: two processes starting
  // together could both apply one. Inside one IMMEDIATE transaction they queue, and a failed
  // migration leaves no half-made schema behind (SQLite DDL is transactional).
  try {
    return outcomeOf(await deps.write(async (conn) => {
      const outcome = await run(conn);
      if (outcome.error !== undefined) {
        // Let the write loop retry a lock timeout instead of reporting it.
        if (isSqliteBusy(outcome.error)) throw outcome.error;
        throw new RolledBack(outcome);
      }
      return outcome;
    }));
  } catch (error) {
    if (!(error instanceof RolledBack)) return { results: [], error };
    const rolledBack = (error.outcome.results ?? []).map((r) => (r.status === 'Success' ? { ...r, status: 'NotExecuted' as const } : r));
    return outcomeOf({ results: rolledBack, error: error.outcome.error });
  }
}

function outcomeOf(set: MigrationResultSet): MigrationOutcome {
  const results = (set.results ?? []).map(({ migrationName, direction, status }) => ({ migrationName, direction, status }));
  return set.error === undefined ? { results } : { results, error: set.error };
}
