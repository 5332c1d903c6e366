// The first schema. Frozen: change the schema with a new migration, never by editing this one.
// Portable types only: ISO-8601 UTC text timestamps, 0/1 integers for booleans, JSON as text.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations outlive today's types.
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;

  await db.schema.createTable('orgs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('teams_org_slug_unique', ['org_id', 'slug'])
    .execute();

  await db.schema.createTable('channel_links')
    .addColumn('channel_id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('linked_by', 'text', (c) => c.notNull())
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('members')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('members_pk', ['org_id', 'user_id'])
    .execute();

  await db.schema.createTable('team_trees')
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addColumn('tree_id', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('team_trees_pk', ['team_id', 'tree_id'])
    .execute();

  // Append-only: state is a replay, digests compare replays at two instants.
  await db.schema.createTable('progress_events')
    .addColumn('id', postgres ? 'bigserial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('tree_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('done', 'undone', 'started', 'skipped', 'unskipped')`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('force', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reason', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('progress_events_team_at').on('progress_events').columns(['team_id', 'at', 'id']).execute();
  await db.schema.createIndex('progress_events_org_at').on('progress_events').columns(['org_id', 'at', 'id']).execute();

  await db.schema.createTable('councils')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull().unique())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('cron', 'text', (c) => c.notNull().defaultTo('0 9 * * 1'))
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('stall_days', 'integer', (c) => c.notNull().defaultTo(21))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('councils_org').on('councils').column('org_id').execute();

  await db.schema.createTable('council_teams')
    .addColumn('council_id', 'text', (c) => c.notNull().references('councils.id').onDelete('cascade'))
    .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('council_teams_pk', ['council_id', 'team_id'])
    .execute();

  await db.schema.createTable('council_trees')
    .addColumn('council_id', 'text', (c) => c.notNull().references('councils.id').onDelete('cascade'))
    .addColumn('tree_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('council_trees_pk', ['council_id', 'tree_id'])
    .execute();

  // One row per council and period is what makes "exactly one digest per period" hold.
  await db.schema.createTable('digest_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('council_id', 'text', (c) => c.notNull().references('councils.id').onDelete('cascade'))
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'posted', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('payload', 'text')
    .addColumn('posted_ref', 'text')
    .addColumn('error', 'text')
    .addUniqueConstraint('digest_runs_council_period_unique', ['council_id', 'period_key'])
    .execute();

  await db.schema.createTable('conversation_refs')
    .addColumn('channel_id', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Db): Promise<void> {
  for (const table of [
    'conversation_refs', 'digest_runs', 'council_trees', 'council_teams', 'councils',
    'progress_events', 'team_trees', 'members', 'channel_links', 'teams', 'orgs',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
