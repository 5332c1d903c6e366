// A direct message to the bot: plain questions or commands, answered in the message's thread.
import type { App } from '@slack/bolt';
import { deliveryKey } from '../delivery-key.ts';
import { answerInThread } from '../deliver.ts';
import { slackConversation, stripMention, withPerson } from '../slack-conversation.ts';
import type { SlackContext } from '../slack-context.ts';

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

export function registerDirectMessage(bolt: App, ctx: SlackContext): void {
  bolt.event('message', async ({ event, body }) => {
    const m = event as PlainMessage;
    // Only what a person typed in a DM: no edits, joins, bot messages or our own posts.
    if (m.channel_type !== 'im' || m.subtype || m.bot_id || !m.user || m.user === ctx.bot.userId) return;
    const user = m.user;
    const key = deliveryKey(body);
    const threadTs = m.thread_ts ?? m.ts;
    const teamId = body.team_id ?? m.team ?? 'unknown';
    await ctx.edge.run('direct message', { key }, async () => {
      const conversation = withPerson(slackConversation({ teamId, userId: user, channelId: m.channel, isDirect: true }), await ctx.people(user));
      const text = stripMention(m.text ?? '', ctx.bot.userId);
      const reply = await ctx.app.ask(conversation, text, { ...(key ? { idempotencyKey: key } : {}), conversational: true, withImages: true });
      await answerInThread(ctx, m.channel, threadTs, reply);
    }, (apology) => ctx.web.postMessage(m.channel, { text: apology, blocks: [] }, threadTs));
  });
}
