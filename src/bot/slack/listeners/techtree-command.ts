// `/techtree <anything>`: ack at once, then run the command and answer through response_url.
import type { App } from '@slack/bolt';
import { deliveryKey } from '../delivery-key.ts';
import { answerAtResponseUrl, imagePlace, shareImage } from '../deliver.ts';
import { fromCommand, isDirectChannel, withPerson } from '../slack-conversation.ts';
import type { SlackContext } from '../slack-context.ts';

export const SLASH_COMMAND = '/techtree';

export function registerTechtreeCommand(bolt: App, ctx: SlackContext): void {
  bolt.command(SLASH_COMMAND, async ({ command, body, ack }) => {
    await ack();
    const key = deliveryKey(body);
    const tell = (text: string) => ctx.respond(command.response_url, { text, response_type: 'ephemeral' });
    await ctx.edge.run('slash command', { key }, async () => {
      const conversation = withPerson(fromCommand(command), await ctx.people(command.user_id));
      const reply = await ctx.app.ask(conversation, command.text ?? '', { ...(key ? { idempotencyKey: key } : {}), withImages: true });
      const isDirect = isDirectChannel(command.channel_id, command.channel_name);
      const place = imagePlace(reply, isDirect);
      await answerAtResponseUrl(ctx, { responseUrl: command.response_url }, reply, place === 'dm' ? 'sent to you in a DM' : 'posted below');
      await shareImage(ctx, reply, { channelId: command.channel_id, userId: command.user_id, place }, tell);
    }, tell);
  });
}
