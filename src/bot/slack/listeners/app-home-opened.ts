// Opening the bot's Home tab publishes the user's team at a glance. Nothing is recorded, so this
// skips the inbox: a Home lost to a crash is published again the next time it is opened.
import type { App } from '@slack/bolt';
import type { ListenerContext } from './listener-context.ts';

export function registerAppHomeOpened(bolt: App, ctx: ListenerContext): void {
  bolt.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    void ctx.homes.publish(body.team_id ?? 'unknown', event.user)
      .catch((error: unknown) => ctx.logger.warn('slack: app home not published', { userId: event.user, error }));
  });
}
