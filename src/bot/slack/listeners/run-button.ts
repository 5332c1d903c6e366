// A click on one of our buttons runs the command in its value, then updates the message it was
// on (or, in the App Home, republishes the home with the answer on top).
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { RUN_ACTION_ID } from '../blocks.ts';
import { deliveryKey } from '../delivery-key.ts';
import { answerAtResponseUrl } from '../deliver.ts';
import { renderHome } from '../home-view.ts';
import { isDirectChannel, slackConversation, withPerson } from '../slack-conversation.ts';
import type { SlackContext } from '../slack-context.ts';

export function registerRunButton(bolt: App, ctx: SlackContext): void {
  bolt.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: RUN_ACTION_ID }, async ({ ack, body, action }) => {
    await ack();
    const command = action.value;
    if (!command) return;
    const key = deliveryKey(body);
    const teamId = body.team?.id ?? body.user.team_id ?? 'unknown';
    const channelId = body.channel?.id;
    const responseUrl = body.response_url;
    const inHome = body.container?.type === 'view';
    const tell = async (text: string) => {
      if (responseUrl) await ctx.respond(responseUrl, { text, response_type: 'ephemeral', replace_original: false });
      else await ctx.web.postMessage(body.user.id, { text, blocks: [] });
    };
    await ctx.edge.run('button', { key, command }, async () => {
      const base = slackConversation({
        teamId,
        userId: body.user.id,
        ...(channelId && !inHome ? { channelId, isDirect: isDirectChannel(channelId) } : { isDirect: true }),
      });
      const conversation = withPerson(base, await ctx.people(body.user.id));
      const reply = await ctx.app.ask(conversation, command, key ? { idempotencyKey: key } : {});
      if (inHome || !responseUrl) {
        const home = await ctx.app.home(conversation, { withImages: false });
        await ctx.web.publishHome(body.user.id, renderHome(home, reply));
        return;
      }
      await answerAtResponseUrl(ctx, { responseUrl, replaceOriginal: true }, reply);
      // An ephemeral message (a `next` list) can only be replaced by an ephemeral one; a
      // progress change is news for the whole channel, so it is also posted there.
      if (body.container?.is_ephemeral && reply.visibility === 'channel') {
        await answerAtResponseUrl(ctx, { responseUrl }, reply);
      }
    }, tell);
  });
}
