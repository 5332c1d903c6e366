// Opening the bot's Home tab, after the ack: publish the user's team at a glance.
import type { JobPlan } from './job-plan.ts';
import type { HomeJob } from './slack-job.ts';
import { renderHome } from '../home-view.ts';
import { slackConversation } from '../slack-conversation.ts';
import type { SlackContext } from '../slack-context.ts';

export function homePlan(ctx: SlackContext, job: HomeJob): JobPlan {
  return {
    what: 'app home',
    fields: { user: job.userId },
    async work() {
      const conversation = slackConversation({ teamId: job.teamId, userId: job.userId, isDirect: true });
      const home = await ctx.app.home(conversation, { withImages: false });
      await ctx.web.publishHome(job.userId, renderHome(home));
    },
  };
}
