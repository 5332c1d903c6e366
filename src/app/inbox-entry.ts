// Deliveries and replies as inbox rows hold them (plain JSON), and back. What comes back from the
// database is checked, since a row may have been written by an older or newer version.
import { z } from 'zod';
import type { InboxEntry, NewInboxEntry } from '../store/store.ts';
import type { Conversation } from './conversation.ts';
import type { Delivery } from './delivery.ts';
import type { Reply } from './reply.ts';

const conversationSchema = z.object({
  platform: z.enum(['slack', 'teams', 'cli']),
  orgId: z.string(),
  orgName: z.string().optional(),
  userId: z.string(),
  userName: z.string().optional(),
  channelId: z.string().optional(),
  isDirect: z.boolean().optional(),
  isPlatformAdmin: z.boolean().optional(),
  teamId: z.string().optional(),
});

const optionsSchema = z.object({ conversational: z.boolean().optional(), withImages: z.boolean().optional() });

// Only what adapters render is checked; the rest of a Reply passes through as stored.
const replySchema = z.looseObject({
  ok: z.boolean(),
  text: z.string(),
  visibility: z.enum(['channel', 'ephemeral']),
});

export function toNewEntry(d: Delivery): NewInboxEntry {
  return {
    key: d.key,
    platform: d.platform,
    conversation: d.conversation,
    command: d.text,
    options: { ...(d.conversational ? { conversational: true } : {}), ...(d.withImages ? { withImages: true } : {}) },
    replyTo: d.replyTo,
    ...(d.replyBy ? { replyBy: d.replyBy } : {}),
    receivedAt: d.receivedAt,
  };
}

/** The delivery a row holds; a string saying what is wrong with the row when it cannot be read. */
export function deliveryOf(row: InboxEntry): Delivery | string {
  if (row.unreadable) return `unreadable row: ${row.unreadable}`;
  const conversation = conversationSchema.safeParse(row.conversation);
  const options = optionsSchema.safeParse(row.options);
  if (!conversation.success) return `unreadable conversation: ${conversation.error.message}`;
  if (!options.success) return `unreadable options: ${options.error.message}`;
  if (typeof row.replyTo !== 'object' || row.replyTo === null) return 'unreadable reply_to';
  return {
    key: row.key,
    platform: conversation.data.platform,
    conversation: conversation.data as Conversation,
    text: row.command,
    ...options.data,
    replyTo: row.replyTo as Record<string, unknown>,
    ...(row.replyBy ? { replyBy: row.replyBy } : {}),
    receivedAt: row.receivedAt,
  };
}

/** A reply as kept for a later answer: the words, not the picture (a few hundred kB of PNG). */
export function storableReply(reply: Reply): Omit<Reply, 'image'> {
  const { image: _image, ...rest } = reply;
  return rest;
}

export function replyOf(stored: unknown): Reply | string {
  const parsed = replySchema.safeParse(stored);
  return parsed.success ? (parsed.data as unknown as Reply) : `unreadable reply: ${parsed.error.message}`;
}
