// Scheduled digests. Frozen: change the schema with a new migration, never by editing this one.
// - digest_runs gains the `posting` status (marked before the platform call, so a retry knows to
//   look for a message it may already have posted) and when posting began.
// - councils remember who set them up (told when the channel is gone) and whether they are
//   paused (the channel was archived or the bot removed from it).
import { PostgresAdapter, sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations outlive today's types.
type Db = Kysely<any>;

const RUN_COLUMNS = 'id, council_id, period_key, status, attempts, started_at, finished_at, settings, payload, posted_ref, error';

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('councils').addColumn('set_up_by', 'text').execute();
  await db.schema.alterTable('councils').addColumn('paused_at', 'text').execute();
  await db.schema.alterTable('councils').addColumn('pause_reason', 'text').execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table digest_runs drop constraint if exists digest_runs_status_check`.execute(db);
    await sql`alter table digest_runs add constraint digest_runs_status_check check (status in ('running', 'posting', 'posted', 'failed'))`.execute(db);
    await db.schema.alterTable('digest_runs').addColumn('post_started_at', 'text').execute();
    return;
  }
  // SQLite cannot change a check constraint in place: rebuild the table with the new one.
  await rebuildSqliteRuns(db, ['running', 'posting', 'posted', 'failed'], true);
}

export async function down(db: Db): Promise<void> {
  // A run caught mid-post becomes failed: the old schema has no word for it.
  await db.updateTable('digest_runs').set({ status: 'failed' }).where('status', '=', 'posting').execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await db.schema.alterTable('digest_runs').dropColumn('post_started_at').execute();
    await sql`alter table digest_runs drop constraint if exists digest_runs_status_check`.execute(db);
    await sql`alter table digest_runs add constraint digest_runs_status_check check (status in ('running', 'posted', 'failed'))`.execute(db);
  } else {
    await rebuildSqliteRuns(db, ['running', 'posted', 'failed'], false);
  }
  await db.schema.alterTable('councils').dropColumn('pause_reason').execute();
  await db.schema.alterTable('councils').dropColumn('paused_at').execute();
  await db.schema.alterTable('councils').dropColumn('set_up_by').execute();
}

async function rebuildSqliteRuns(db: Db, statuses: readonly string[], withPostStarted: boolean): Promise<void> {
  const allowed = sql.join(statuses.map((s) => sql.lit(s)));
  let create = db.schema.createTable('digest_runs_next')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('council_id', 'text', (c) => c.notNull().references('councils.id').onDelete('cascade'))
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in (${allowed})`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('payload', 'text')
    .addColumn('posted_ref', 'text')
    .addColumn('error', 'text');
  if (withPostStarted) create = create.addColumn('post_started_at', 'text');
  await create.addUniqueConstraint('digest_runs_council_period_unique', ['council_id', 'period_key']).execute();
  const columns = sql.raw(RUN_COLUMNS);
  await sql`insert into digest_runs_next (${columns}) select ${columns} from digest_runs`.execute(db);
  await db.schema.dropTable('digest_runs').execute();
  await db.schema.alterTable('digest_runs_next').renameTo('digest_runs').execute();
}
