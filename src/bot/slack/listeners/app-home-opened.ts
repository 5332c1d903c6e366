// Opening the bot's Home tab publishes the user's team at a glance (jobs/home-job.ts).
import type { App } from '@slack/bolt';
import type { ListenerContext } from './listener-context.ts';

export function registerAppHomeOpened(bolt: App, ctx: ListenerContext): void {
  bolt.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    ctx.hand({ kind: 'home', teamId: body.team_id ?? 'unknown', userId: event.user });
  });
}
