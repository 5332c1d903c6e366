// A click on one of our buttons: recorded, acknowledged, then the command in its value is run.
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { RUN_ACTION_ID } from '../blocks.ts';
import { deliveryKey } from '../delivery-key.ts';
import { isDirectChannel, slackConversation } from '../slack-conversation.ts';
import { keyOr, responseUrlReplyBy } from '../slack-delivery.ts';
import { fromSlackText } from '../slack-text.ts';
import type { ListenerContext } from './listener-context.ts';

export function registerRunButton(bolt: App, ctx: ListenerContext): void {
  bolt.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: RUN_ACTION_ID }, async ({ ack, body, action }) => {
    if (!action.value) return ack();
    const receivedAt = new Date();
    const teamId = body.team?.id ?? body.user.team_id ?? 'unknown';
    const inHome = body.container?.type === 'view';
    const channelId = inHome ? undefined : body.channel?.id;
    await ctx.receive({
      key: keyOr(deliveryKey(body), teamId, 'action'),
      platform: 'slack',
      conversation: slackConversation({ teamId, userId: body.user.id, ...(channelId ? { channelId, isDirect: isDirectChannel(channelId) } : { isDirect: true }) }),
      // Our values come back as we set them; decoding is a no-op on them, and disarms a forged one.
      text: fromSlackText(action.value, { botUserId: ctx.bot.userId }),
      replyTo: {
        kind: 'button',
        userId: body.user.id,
        ...(body.response_url ? { responseUrl: body.response_url } : {}),
        ...(channelId ? { channelId } : {}),
        inHome,
        ephemeral: body.container?.is_ephemeral === true,
      },
      ...(body.response_url ? { replyBy: responseUrlReplyBy(receivedAt) } : {}),
      receivedAt,
    }, ack, 'button');
  });
}
