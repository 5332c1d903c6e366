// Where a Slack delivery's answer goes (the inbox row's `reply_to`), and how long that route works.
// Listeners write it; the answerer reads it back, possibly in another process after a restart.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Delivery } from '../../app/delivery.ts';

/**
 * A response_url works for 30 minutes and 5 posts (Slack: "Handling user interaction"). A minute
 * is kept in hand; past it, a late answer goes to the user's DM instead.
 */
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
const REPLY_BY_MS = RESPONSE_URL_LIFETIME_MS - 60_000;

const replyToSchema = z.discriminatedUnion('kind', [
  /** A slash command: answered through its response_url; pictures to the channel or the asker's DM. */
  z.object({ kind: z.literal('slash'), responseUrl: z.string(), channelId: z.string(), userId: z.string(), isDirect: z.boolean() }),
  /** A mention or a DM: answered in the message's thread. */
  z.object({ kind: z.literal('thread'), channelId: z.string(), threadTs: z.string(), userId: z.string() }),
  /** A button click: on a message (response_url), or in the App Home (republished with the answer). */
  z.object({ kind: z.literal('button'), userId: z.string(), responseUrl: z.string().optional(), channelId: z.string().optional(), inHome: z.boolean(), ephemeral: z.boolean() }),
]);

export type SlackReplyTo = z.infer<typeof replyToSchema>;

/** Reads a delivery's reply route back; throws (a bug, or a row from another version) when it is not one. */
export function replyToOf(delivery: Delivery): SlackReplyTo {
  return replyToSchema.parse(delivery.replyTo);
}

/** When a reply route that goes through a response_url stops working. */
export function responseUrlReplyBy(receivedAt: Date): Date {
  return new Date(receivedAt.getTime() + REPLY_BY_MS);
}

/** A key for a payload that carries none of Slack's ids (it cannot be a retry of anything). */
export function keyOr(key: string | undefined, team: string, kind: string): string {
  return key ?? `slack:${team}:${kind}:${randomUUID()}`;
}
