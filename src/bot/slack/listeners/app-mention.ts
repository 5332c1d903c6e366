// "@TechTree what's next for my team?" in a channel: answered in the message's thread.
import type { App } from '@slack/bolt';
import { deliveryKey } from '../delivery-key.ts';
import { answerInThread } from '../deliver.ts';
import { slackConversation, stripMention, withPerson } from '../slack-conversation.ts';
import type { SlackContext } from '../slack-context.ts';

export function registerAppMention(bolt: App, ctx: SlackContext): void {
  bolt.event('app_mention', async ({ event, body }) => {
    // Other bots (and edits) never get an answer, so two bots cannot talk in a loop.
    if (event.bot_id || event.subtype || !event.user || event.user === ctx.bot.userId) return;
    const user = event.user;
    const key = deliveryKey(body);
    const threadTs = event.thread_ts ?? event.ts;
    const teamId = body.team_id ?? event.team ?? 'unknown';
    await ctx.edge.run('mention', { key }, async () => {
      const conversation = withPerson(slackConversation({ teamId, userId: user, channelId: event.channel }), await ctx.people(user));
      const text = stripMention(event.text, ctx.bot.userId);
      const reply = await ctx.app.ask(conversation, text, { ...(key ? { idempotencyKey: key } : {}), conversational: true, withImages: true });
      await answerInThread(ctx, event.channel, threadTs, reply);
    }, (apology) => ctx.web.postMessage(event.channel, { text: apology, blocks: [] }, threadTs));
  });
}
