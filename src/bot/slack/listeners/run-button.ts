// A click on one of our buttons: ack, then run the command in its value (jobs/button-job.ts).
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { RUN_ACTION_ID } from '../blocks.ts';
import { deliveryKey } from '../delivery-key.ts';
import type { ListenerContext } from './listener-context.ts';

export function registerRunButton(bolt: App, ctx: ListenerContext): void {
  bolt.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: RUN_ACTION_ID }, async ({ ack, body, action }) => {
    await ack();
    if (!action.value) return;
    ctx.hand({
      kind: 'button',
      key: deliveryKey(body),
      command: action.value,
      teamId: body.team?.id ?? body.user.team_id ?? 'unknown',
      userId: body.user.id,
      channelId: body.channel?.id,
      responseUrl: body.response_url,
      inHome: body.container?.type === 'view',
      ephemeral: body.container?.is_ephemeral === true,
    });
  });
}
