// The inbox: every chat delivery (a slash command, a mention, a DM, a button click) is written here
// before it is acknowledged, and keeps its row until it has been applied and answered, so that no
// acknowledged command is lost to a crash, a kill or a slow shutdown. Frozen like 0001: change the
// schema with a new migration. Portable types only (ISO-8601 UTC text, JSON as text).
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations outlive today's types.
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.createTable('inbox')
    // Carries its platform and workspace: `slack:T123:command:<trigger_id>`. Unique, so the same
    // delivery twice (a retry, a replay, two processes) is one row.
    .addColumn('delivery_key', 'text', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    // Who asked and where (JSON), the command text, and how to run it (JSON).
    .addColumn('conversation', 'text', (c) => c.notNull())
    .addColumn('command', 'text', (c) => c.notNull())
    .addColumn('options', 'text', (c) => c.notNull())
    // Where the answer goes, in the platform's own terms (JSON: a response_url, a thread, a
    // conversation reference), and until when that route works (null: no limit).
    .addColumn('reply_to', 'text', (c) => c.notNull())
    .addColumn('reply_by', 'text')
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('received', 'applied', 'answered', 'failed')`))
    // A process works on a row only while it holds the lease; an expired lease means it died.
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // Posts of the answer begun: above zero, an answer may already have reached the user.
    .addColumn('answer_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // The answer (JSON) once the change is applied, so that recovery answers with the same words.
    .addColumn('reply', 'text')
    .addColumn('error', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('inbox_unfinished').on('inbox').columns(['platform', 'state', 'lease_until']).execute();
  await db.schema.createIndex('inbox_finished_at').on('inbox').column('finished_at').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.dropTable('inbox').ifExists().execute();
}
