// Opening the bot's Home tab publishes the user's team at a glance.
import type { App } from '@slack/bolt';
import { renderHome } from '../home-view.ts';
import { slackConversation } from '../slack-conversation.ts';
import type { SlackContext } from '../slack-context.ts';

export function registerAppHomeOpened(bolt: App, ctx: SlackContext): void {
  bolt.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    const teamId = body.team_id ?? 'unknown';
    await ctx.edge.run('app home', { user: event.user }, async () => {
      const conversation = slackConversation({ teamId, userId: event.user, isDirect: true });
      const home = await ctx.app.home(conversation, { withImages: false });
      await ctx.web.publishHome(event.user, renderHome(home));
    });
  });
}
