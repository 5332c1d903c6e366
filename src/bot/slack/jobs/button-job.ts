// A click on one of our buttons, after the ack: run the command in its value, then update the
// message it was on (or, in the App Home, republish the home with the answer on top).
import type { JobPlan } from './job-plan.ts';
import type { ButtonJob } from './slack-job.ts';
import { answerAtResponseUrl } from '../deliver.ts';
import { renderHome } from '../home-view.ts';
import { isDirectChannel, slackConversation, withPerson } from '../slack-conversation.ts';
import type { SlackContext } from '../slack-context.ts';

export function buttonPlan(ctx: SlackContext, job: ButtonJob): JobPlan {
  const { responseUrl, channelId, inHome } = job;
  const tell = async (text: string) => {
    if (responseUrl) await ctx.respond(responseUrl, { text, response_type: 'ephemeral', replace_original: false });
    else await ctx.web.postMessage(job.userId, { text, blocks: [] });
  };
  return {
    what: 'button',
    fields: { key: job.key, command: job.command },
    async work() {
      const base = slackConversation({
        teamId: job.teamId,
        userId: job.userId,
        ...(channelId && !inHome ? { channelId, isDirect: isDirectChannel(channelId) } : { isDirect: true }),
      });
      const conversation = withPerson(base, await ctx.people(job.userId));
      const reply = await ctx.app.ask(conversation, job.command, job.key ? { idempotencyKey: job.key } : {});
      if (inHome || !responseUrl) {
        const home = await ctx.app.home(conversation, { withImages: false });
        await ctx.web.publishHome(job.userId, renderHome(home, reply));
        return;
      }
      await answerAtResponseUrl(ctx, { responseUrl, replaceOriginal: true }, reply);
      // An ephemeral message (a `next` list) can only be replaced by an ephemeral one; a
      // progress change is news for the whole channel, so it is also posted there.
      if (job.ephemeral && reply.visibility === 'channel') {
        await answerAtResponseUrl(ctx, { responseUrl }, reply);
      }
    },
    apologise: tell,
  };
}
