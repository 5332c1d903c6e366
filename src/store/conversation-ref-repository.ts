// Conversation references: what a platform needs to post into a conversation later (Teams: the
// service URL, the conversation, the bot), saved on install and on every message.
import type { RepositoryDeps } from './repository-deps.ts';
import { fromIso, fromJson, toIso, toJson } from './rows.ts';
import type { ConversationRefRepository } from './types.ts';

export function createConversationRefRepository({ db, write }: RepositoryDeps): ConversationRefRepository {
  return {
    // Saved on every message, so the latest reference (service URL may move) wins, and a
    // conversation the bot is back in is usable again.
    save: (r) =>
      write(async (trx) => {
        const row = { channel_id: r.channelId, platform: r.platform, org_id: r.orgId, reference: toJson(r.reference), updated_at: toIso(new Date()), gone_at: null, gone_reason: null };
        await trx.insertInto('conversation_refs').values(row)
          .onConflict((oc) => oc.column('channel_id').doUpdateSet({
            platform: row.platform, org_id: row.org_id, reference: row.reference, updated_at: row.updated_at, gone_at: null, gone_reason: null,
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
        ...(row.gone_at === null ? {} : { gone: { at: fromIso(row.gone_at), reason: row.gone_reason ?? '' } }),
      };
    },

    markGone: async (channelId, reason, at) => {
      const rows = await write((trx) => trx.updateTable('conversation_refs')
        .set({ gone_at: toIso(at), gone_reason: reason })
        .where('channel_id', '=', channelId)
        .returning('channel_id')
        .execute());
      return rows.length > 0;
    },
  };
}
