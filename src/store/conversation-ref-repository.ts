import type { RepositoryDeps } from './repository-deps.ts';
import { fromIso, fromJson, toIso, toJson } from './rows.ts';
import type { ConversationRefRepository } from './types.ts';

export function createConversationRefRepository({ db, write }: RepositoryDeps): ConversationRefRepository {
  return {
    // Saved on every message, so the latest reference (service URL may move) wins.
    save: (r) =>
      write(async (trx) => {
        const row = { channel_id: r.channelId, platform: r.platform, org_id: r.orgId, reference: toJson(r.reference), updated_at: toIso(new Date()) };
        await trx.insertInto('conversation_refs').values(row)
          .onConflict((oc) => oc.column('channel_id').doUpdateSet({
            platform: row.platform, org_id: row.org_id, reference: row.reference, updated_at: row.updated_at,
          }))
          .execute();
      }),

    get: async (channelId) => {
      const row = await db.selectFrom('conversation_refs').selectAll().where('channel_id', '=', channelId).executeTakeFirst();
      return row && {
        channelId: row.channel_id,
        platform: row.platform,
        orgId: row.org_id,
        reference: fromJson(row.reference),
        updatedAt: fromIso(row.updated_at),
      };
    },
  };
}
