// Where a platform that posts proactively (Teams) keeps how to reach a conversation later: saved
// on install and on every message, read when a digest or a recovered answer is posted, marked
// gone when the platform says the bot may not post there any more.
import type { Platform } from './conversation.ts';
import type { Store } from '../store/store.ts';

export interface SavedReference {
  /** The platform's own reference (Teams: a Bot Framework ConversationReference), as plain JSON. */
  readonly reference: unknown;
  readonly orgId: string;
  readonly updatedAt: Date;
  /** Set when the platform refused the conversation (bot removed, blocked, deleted). */
  readonly gone?: { readonly at: Date; readonly reason: string };
}

export interface ConversationReferences {
  /** Saves (or replaces) how to reach `channelId` (`teams:<tenant>:<conversation>`); it is usable again. */
  save(channelId: string, orgId: string, platform: Platform, reference: unknown): Promise<void>;
  get(channelId: string): Promise<SavedReference | undefined>;
  /** The platform said the bot cannot post to `channelId` any more; `reason` is for operators. */
  markGone(channelId: string, reason: string): Promise<void>;
}

/** The references port over the store's conversation_refs table; `clock` dates a reference marked gone. */
export function createConversationReferences(store: Store, clock: () => Date): ConversationReferences {
  return {
    save: (channelId, orgId, platform, reference) => store.conversationRefs.save({ channelId, orgId, platform, reference }),
    async get(channelId) {
      const row = await store.conversationRefs.get(channelId);
      return row && { reference: row.reference, orgId: row.orgId, updatedAt: row.updatedAt, ...(row.gone ? { gone: row.gone } : {}) };
    },
    async markGone(channelId, reason) {
      await store.conversationRefs.markGone(channelId, reason, clock());
    },
  };
}
