// The Events API deliveries TechTree takes, through one Bolt listener: a direct message, a mention,
// the Home tab opened. One listener, not one per event type, because Bolt runs every registered
// listener's middleware for every delivery: each listener more is paid by every slash command and
// click on the way to its acknowledgement (bench/slack-ack.ts).
import type { App } from '@slack/bolt';
import { onAppHomeOpened, type AppHomeOpenedEvent } from './app-home-opened.ts';
import { onAppMention, type AppMentionEvent } from './app-mention.ts';
import { onMessage, type PlainMessage } from './direct-message.ts';
import type { ListenerContext } from './listener-context.ts';

/** The event types of the bot events in deploy/slack/manifest.yml (message.im arrives as `message`). */
export const EVENT_TYPES = /^(message|app_mention|app_home_opened)$/;

export function registerEvents(bolt: App, ctx: ListenerContext): void {
  bolt.event(EVENT_TYPES, async ({ event, body }) => {
    switch (event.type) {
      case 'message':
        return onMessage(ctx, event as unknown as PlainMessage, body);
      case 'app_mention':
        return onAppMention(ctx, event as AppMentionEvent, body);
      case 'app_home_opened':
        return onAppHomeOpened(ctx, event as AppHomeOpenedEvent, body);
    }
  });
}
