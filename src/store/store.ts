// The store's entry point: opens the configured database, migrates it, and wires the repositories.
import { sql } from 'kysely';
import { createChannelRepository } from './channel-repository.ts';
import { createConversationRefRepository } from './conversation-ref-repository.ts';
import { createCouncilRepository } from './council-repository.ts';
import { openDatabase } from './dialect.ts';
import { createDigestRunRepository } from './digest-run-repository.ts';
import { createEventRepository } from './event-repository.ts';
import { createInboxRepository } from './inbox-repository.ts';
import { createMemberRepository } from './member-repository.ts';
import { runMigrations } from './migrate.ts';
import { FolderMigrationProvider } from './migration-provider.ts';
import { createOrgRepository } from './org-repository.ts';
import { StoreError, isUnavailable, messageOf } from './store-error.ts';
import { createTeamRepository } from './team-repository.ts';
import { createTeamTreeRepository } from './team-tree-repository.ts';
import type { OpenStoreOptions, Store, StoreConfig } from './types.ts';
import { WriteGuard } from './write-guard.ts';
import { createWrite, createWriteOne } from './write-transaction.ts';

export type * from './types.ts';
export { StoreError, isStoreError, type StoreErrorCode } from './store-error.ts';
export { teamSlug } from './rows.ts';

/**
 * Opens SQLite at `config.sqlitePath`, or Postgres when `config.databaseUrl` is set, and by
 * default brings the schema up to date. Throws StoreError 'Unavailable' or 'Migration'.
 */
export async function openStore(config: StoreConfig, opts: OpenStoreOptions = {}): Promise<Store> {
  const frozen = Object.freeze({ ...config });
  const guard = new WriteGuard();
  const { dialect, db, ackDb, close } = await openDatabase(frozen, opts, guard);
  const retry = { onBusyRetry: opts.onBusyRetry, ...(frozen.sqliteLockWaitMs === undefined ? {} : { maxWaitMs: frozen.sqliteLockWaitMs }) };
  const write = createWrite(db, dialect, retry, guard);
  const migrationDeps = { db, dialect, write, provider: new FolderMigrationProvider() };
  const deps = { db, write, writeOne: createWriteOne(db, dialect, retry) };

  const store: Store = {
    dialect,
    migrate: () => runMigrations(migrationDeps, 'latest'),
    migrateDown: () => runMigrations(migrationDeps, 'down'),
    ping: async () => {
      try {
        await sql`select 1`.execute(db);
      } catch (error) {
        if (error instanceof StoreError) throw error;
        throw new StoreError('Unavailable', `Database did not answer: ${messageOf(error)}`, { cause: error });
      }
    },
    close,
    orgs: createOrgRepository(deps),
    teams: createTeamRepository(deps),
    channels: createChannelRepository(deps),
    members: createMemberRepository(deps),
    teamTrees: createTeamTreeRepository(deps),
    events: createEventRepository(deps),
    councils: createCouncilRepository(deps),
    digestRuns: createDigestRunRepository(deps),
    conversationRefs: createConversationRefRepository(deps),
    inbox: createInboxRepository({ ...deps, ackWriteOne: createWriteOne(ackDb, dialect, retry) }),
  };

  if (opts.migrate ?? true) {
    const { error } = await store.migrate();
    if (error !== undefined) {
      await store.close().catch(() => undefined);
      if (error instanceof StoreError) throw error;
      const code = isUnavailable(error) ? 'Unavailable' : 'Migration';
      throw new StoreError(code, `Could not migrate the ${dialect} database: ${messageOf(error)}`, { cause: error });
    }
  }
  return store;
}
