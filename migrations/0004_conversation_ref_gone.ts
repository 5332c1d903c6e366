// A stored conversation reference can go dead: Teams answered 403 (the bot was removed, blocked,
// or disabled by an admin) or 404 (the conversation is gone). The reference is kept, marked with
// when and why, so a digest is not attempted through it again until a new message or install
// saves a fresh one. Frozen like 0001: change the schema with a new migration.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations outlive today's types.
type Db = Kysely<any>;

export async function up(db: Db): Promise<void> {
  await db.schema.alterTable('conversation_refs').addColumn('gone_at', 'text').execute();
  await db.schema.alterTable('conversation_refs').addColumn('gone_reason', 'text').execute();
}

export async function down(db: Db): Promise<void> {
  await db.schema.alterTable('conversation_refs').dropColumn('gone_reason').execute();
  await db.schema.alterTable('conversation_refs').dropColumn('gone_at').execute();
}
