// A direct message to the bot: plain questions or commands, recorded, then answered in the
// message's thread.
import type { EnvelopedEvent } from '@slack/bolt';
import { deliveryKey } from '../delivery-key.ts';
import { slackConversation } from '../slack-conversation.ts';
import { keyOr } from '../slack-delivery.ts';
import { fromSlackText } from '../slack-text.ts';
import type { ListenerContext } from './listener-context.ts';

/** The fields of a `message` event TechTree reads (its subtypes differ in shape). */
export interface PlainMessage {
  readonly channel_type?: string;
  readonly subtype?: string;
  readonly bot_id?: string;
  readonly user?: string;
  readonly text?: string;
  readonly ts: string;
  readonly thread_ts?: string;
  readonly channel: string;
  readonly team?: string;
}

/** Handles a `message` event (through the one events listener, events.ts): only DMs a person typed. Never rejects. */
export async function onMessage(ctx: ListenerContext, m: PlainMessage, body: EnvelopedEvent): Promise<void> {
  // Only what a person typed in a DM: no edits, joins, bot messages or our own posts.
  if (m.channel_type !== 'im' || m.subtype || m.bot_id || !m.user || m.user === ctx.bot.userId) return;
  const teamId = body.team_id ?? m.team ?? 'unknown';
  await ctx.receive({
    key: keyOr(deliveryKey(body), teamId, 'message'),
    platform: 'slack',
    conversation: slackConversation({ teamId, userId: m.user, channelId: m.channel, isDirect: true }),
    text: fromSlackText(m.text ?? '', { botUserId: ctx.bot.userId }),
    conversational: true,
    withImages: true,
    replyTo: { kind: 'thread', channelId: m.channel, threadTs: m.thread_ts ?? m.ts, userId: m.user },
    receivedAt: new Date(),
  }, undefined, 'direct message');
}
