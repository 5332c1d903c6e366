// Where the work after an ack runs. On the HTTP thread (tests, and `serve` without a worker)
// or on the app's worker thread (app-worker.ts), which then makes every Slack call itself: the
// HTTP thread only verifies, acks and hands over the job, like a bare Bolt app.
import type { BotIdentity } from './bot-identity.ts';
import { watchProgressForHomes } from './home-refresher.ts';
import { runSlackJob } from './jobs/job-plan.ts';
import type { SlackJob } from './jobs/slack-job.ts';
import type { SlackContext } from './slack-context.ts';

export interface SlackWork {
  /** Once, before the first job: the bot's identity is known; App Home refreshes start. */
  start(bot: BotIdentity): Promise<void>;
  /** Resolves when the job has run (its failures answered there); rejects if it was lost. */
  run(job: SlackJob): Promise<void>;
  /** Stops App Home refreshes and waits for running jobs, at most `timeoutMs`. */
  stop(timeoutMs: number): Promise<void>;
}

export function localSlackWork(ctx: SlackContext): SlackWork {
  let stopHomes: (() => void) | undefined;
  return {
    async start() {
      stopHomes ??= watchProgressForHomes({ app: ctx.app, web: ctx.web, edge: ctx.edge, logger: ctx.logger });
    },
    run: (job) => runSlackJob(ctx, job),
    async stop(timeoutMs) {
      stopHomes?.();
      await ctx.edge.drain(timeoutMs);
    },
  };
}
