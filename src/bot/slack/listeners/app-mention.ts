// "@TechTree what's next for my team?" in a channel: answered in the message's thread
// (jobs/thread-job.ts).
import type { App } from '@slack/bolt';
import { deliveryKey } from '../delivery-key.ts';
import type { ListenerContext } from './listener-context.ts';

export function registerAppMention(bolt: App, ctx: ListenerContext): void {
  bolt.event('app_mention', async ({ event, body }) => {
    // Other bots (and edits) never get an answer, so two bots cannot talk in a loop.
    if (event.bot_id || event.subtype || !event.user || event.user === ctx.bot.userId) return;
    ctx.hand({
      kind: 'mention',
      key: deliveryKey(body),
      teamId: body.team_id ?? event.team ?? 'unknown',
      userId: event.user,
      channelId: event.channel,
      text: event.text,
      threadTs: event.thread_ts ?? event.ts,
    });
  });
}
