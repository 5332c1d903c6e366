// `/techtree <anything>`, after the ack: run the command, answer through response_url, then
// share the picture, if any.
import type { JobPlan } from './job-plan.ts';
import type { SlashJob } from './slack-job.ts';
import { answerAtResponseUrl, imagePlace, shareImage } from '../deliver.ts';
import { isDirectChannel, slackConversation, withPerson } from '../slack-conversation.ts';
import type { SlackContext } from '../slack-context.ts';

export function slashPlan(ctx: SlackContext, job: SlashJob): JobPlan {
  const tell = (text: string) => ctx.respond(job.responseUrl, { text, response_type: 'ephemeral' });
  return {
    what: 'slash command',
    fields: { key: job.key },
    async work() {
      const isDirect = isDirectChannel(job.channelId, job.channelName);
      const base = slackConversation({ teamId: job.teamId, userId: job.userId, userName: job.userName, channelId: job.channelId, isDirect });
      const conversation = withPerson(base, await ctx.people(job.userId));
      const reply = await ctx.app.ask(conversation, job.text, { ...(job.key ? { idempotencyKey: job.key } : {}), withImages: true });
      const place = imagePlace(reply, isDirect);
      await answerAtResponseUrl(ctx, { responseUrl: job.responseUrl }, reply, place === 'dm' ? 'sent to you in a DM' : 'posted below');
      await shareImage(ctx, reply, { channelId: job.channelId, userId: job.userId, place }, tell);
    },
    apologise: tell,
  };
}
