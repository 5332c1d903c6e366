// `/techtree <anything>`: recorded, acknowledged, then run and answered through response_url.
import type { App } from '@slack/bolt';
import { deliveryKey } from '../delivery-key.ts';
import { isDirectChannel, slackConversation } from '../slack-conversation.ts';
import { keyOr, responseUrlReplyBy } from '../slack-delivery.ts';
import { fromSlackText } from '../slack-text.ts';
import type { ListenerContext } from './listener-context.ts';

export const SLASH_COMMAND = '/techtree';

export function registerTechtreeCommand(bolt: App, ctx: ListenerContext): void {
  bolt.command(SLASH_COMMAND, async ({ command, body, ack }) => {
    const receivedAt = new Date();
    const isDirect = isDirectChannel(command.channel_id, command.channel_name);
    await ctx.receive({
      key: keyOr(deliveryKey(body), command.team_id, 'command'),
      platform: 'slack',
      conversation: slackConversation({ teamId: command.team_id, userId: command.user_id, userName: command.user_name, channelId: command.channel_id, isDirect }),
      text: fromSlackText(command.text ?? '', { botUserId: ctx.bot.userId }),
      withImages: true,
      replyTo: { kind: 'slash', responseUrl: command.response_url, channelId: command.channel_id, userId: command.user_id, isDirect },
      replyBy: responseUrlReplyBy(receivedAt),
      receivedAt,
    }, ack, 'slash command');
  });
}
