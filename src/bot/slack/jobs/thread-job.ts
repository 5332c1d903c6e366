// A mention or a direct message, after the ack: answered in the message's thread.
import type { JobPlan } from './job-plan.ts';
import type { ThreadJob } from './slack-job.ts';
import { answerInThread } from '../deliver.ts';
import { slackConversation, stripMention, withPerson } from '../slack-conversation.ts';
import type { SlackContext } from '../slack-context.ts';

export function threadPlan(ctx: SlackContext, job: ThreadJob): JobPlan {
  return {
    what: job.kind === 'dm' ? 'direct message' : 'mention',
    fields: { key: job.key },
    async work() {
      const base = slackConversation({ teamId: job.teamId, userId: job.userId, channelId: job.channelId, ...(job.kind === 'dm' ? { isDirect: true } : {}) });
      const conversation = withPerson(base, await ctx.people(job.userId));
      const text = stripMention(job.text, ctx.bot.userId);
      const reply = await ctx.app.ask(conversation, text, { ...(job.key ? { idempotencyKey: job.key } : {}), conversational: true, withImages: true });
      await answerInThread(ctx, job.channelId, job.threadTs, reply);
    },
    apologise: (apology) => ctx.web.postMessage(job.channelId, { text: apology, blocks: [] }, job.threadTs),
  };
}
