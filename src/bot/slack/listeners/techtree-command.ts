// `/techtree <anything>`: ack at once, then run the command and answer through response_url
// (jobs/slash-job.ts).
import type { App } from '@slack/bolt';
import { deliveryKey } from '../delivery-key.ts';
import type { ListenerContext } from './listener-context.ts';

export const SLASH_COMMAND = '/techtree';

export function registerTechtreeCommand(bolt: App, ctx: ListenerContext): void {
  bolt.command(SLASH_COMMAND, async ({ command, body, ack }) => {
    await ack();
    ctx.hand({
      kind: 'slash',
      key: deliveryKey(body),
      teamId: command.team_id,
      userId: command.user_id,
      userName: command.user_name,
      channelId: command.channel_id,
      channelName: command.channel_name,
      text: command.text ?? '',
      responseUrl: command.response_url,
    });
  });
}
