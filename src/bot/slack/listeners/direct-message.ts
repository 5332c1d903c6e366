// A direct message to the bot: plain questions or commands, recorded, then answered in the
// message's thread.
import type { App } from '@slack/bolt';
import { deliveryKey } from '../delivery-key.ts';
import { slackConversation } from '../slack-conversation.ts';
import { keyOr } from '../slack-delivery.ts';
import { fromSlackText } from '../slack-text.ts';
import type { ListenerContext } from './listener-context.ts';

interface PlainMessage {
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

export function registerDirectMessage(bolt: App, ctx: ListenerContext): void {
  bolt.event('message', async ({ event, body }) => {
    const m = event as PlainMessage;
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
  });
}
