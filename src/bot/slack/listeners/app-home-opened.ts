// Opening the bot's Home tab publishes the user's team at a glance. Nothing is recorded, so this
// skips the inbox: a Home lost to a crash is published again the next time it is opened.
import type { EnvelopedEvent, KnownEventFromType } from '@slack/bolt';
import type { ListenerContext } from './listener-context.ts';

/** The `app_home_opened` event as Bolt types it. */
export type AppHomeOpenedEvent = KnownEventFromType<'app_home_opened'>;

/** Handles an `app_home_opened` event (through the one events listener, events.ts); the Home is published in the background. */
export function onAppHomeOpened(ctx: ListenerContext, event: AppHomeOpenedEvent, body: EnvelopedEvent): void {
  if (event.tab !== 'home') return;
  void ctx.homes.publish(body.team_id ?? 'unknown', event.user)
    .catch((error: unknown) => ctx.logger.warn('slack: app home not published', { userId: event.user, error }));
}
