// "@TechTree what's next for my team?" in a channel: recorded, then answered in the message's thread.
import type { EnvelopedEvent, KnownEventFromType } from '@slack/bolt';
import { deliveryKey } from '../delivery-key.ts';
import { slackConversation } from '../slack-conversation.ts';
import { keyOr } from '../slack-delivery.ts';
import { fromSlackText } from '../slack-text.ts';
import type { ListenerContext } from './listener-context.ts';

/** The `app_mention` event as Bolt types it. */
export type AppMentionEvent = KnownEventFromType<'app_mention'>;

/** Handles an `app_mention` event (through the one events listener, events.ts). Never rejects. */
export async function onAppMention(ctx: ListenerContext, event: AppMentionEvent, body: EnvelopedEvent): Promise<void> {
  // Other bots (and edits) never get an answer, so two bots cannot talk in a loop.
  if (event.bot_id || event.subtype || !event.user || event.user === ctx.bot.userId) return;
  const teamId = body.team_id ?? event.team ?? 'unknown';
  // Events are acknowledged by Bolt itself; the HTTP answer waits for this listener.
  await ctx.receive({
    key: keyOr(deliveryKey(body), teamId, 'message'),
    platform: 'slack',
    conversation: slackConversation({ teamId, userId: event.user, channelId: event.channel }),
    text: fromSlackText(event.text, { botUserId: ctx.bot.userId }),
    conversational: true,
    withImages: true,
    replyTo: { kind: 'thread', channelId: event.channel, threadTs: event.thread_ts ?? event.ts, userId: event.user },
    receivedAt: new Date(),
  }, undefined, 'mention');
}
