// A direct message to the bot: plain questions or commands, answered in the message's thread
// (jobs/thread-job.ts).
import type { App } from '@slack/bolt';
import { deliveryKey } from '../delivery-key.ts';
import type { ListenerContext } from './listener-context.ts';

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

export function registerDirectMessage(bolt: App, ctx: ListenerContext): void {
  bolt.event('message', async ({ event, body }) => {
    const m = event as PlainMessage;
    // Only what a person typed in a DM: no edits, joins, bot messages or our own posts.
    if (m.channel_type !== 'im' || m.subtype || m.bot_id || !m.user || m.user === ctx.bot.userId) return;
    ctx.hand({
      kind: 'dm',
      key: deliveryKey(body),
      teamId: body.team_id ?? m.team ?? 'unknown',
      userId: m.user,
      channelId: m.channel,
      text: m.text ?? '',
      threadTs: m.thread_ts ?? m.ts,
    });
  });
}
