// The delivery that created a team: its idempotency key (the inbox row's key). A `team create`
// applied by a process that died before it could note so in the inbox is run again by recovery;
// with this key, the second run finds its own team and finishes the creation (tree, channel,
// membership) instead of answering that the team already exists. Frozen like 0001: change the
// schema with a new migration.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations outlive today's types.
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('teams').addColumn('created_by_key', 'text').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('teams').dropColumn('created_by_key').execute();
}
