// A click on one of our buttons: recorded, acknowledged, then the command in its value is run. A
// click on any other button or menu (an old message's action id, another app's blocks) is
// acknowledged, logged and ignored. One listener for every block action: Bolt runs each registered
// listener's middleware for every delivery (events.ts).
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { RUN_ACTION_ID } from '../blocks.ts';
import { deliveryKey } from '../delivery-key.ts';
import { isDirectChannel, slackConversation } from '../slack-conversation.ts';
import { keyOr, responseUrlReplyBy } from '../slack-delivery.ts';
import { fromSlackText } from '../slack-text.ts';
import type { ListenerContext } from './listener-context.ts';

export function registerRunButton(bolt: App, ctx: ListenerContext): void {
  bolt.action<BlockAction>({ type: 'block_actions' }, async ({ ack, body, action }) => {
    if (!RUN_ACTION_ID.test(action.action_id)) {
      await ack();
      ctx.logger.info('slack: unknown button or menu acknowledged and ignored', { id: action.action_id });
      return;
    }
    const value = (action as ButtonAction).value;
    if (!value) return ack();
    const receivedAt = new Date();
    const teamId = body.team?.id ?? body.user.team_id ?? 'unknown';
    const inHome = body.container?.type === 'view';
    const channelId = inHome ? undefined : body.channel?.id;
    await ctx.receive({
      key: keyOr(deliveryKey(body), teamId, 'action'),
      platform: 'slack',
      conversation: slackConversation({ teamId, userId: body.user.id, ...(channelId ? { channelId, isDirect: isDirectChannel(channelId) } : { isDirect: true }) }),
      // Our values come back as we set them; decoding is a no-op on them, and disarms a forged one.
      text: fromSlackText(value, { botUserId: ctx.bot.userId }),
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
