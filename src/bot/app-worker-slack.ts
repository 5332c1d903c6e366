// The worker thread's Slack side: its own Web API client, response_url poster and users.info
// cache, running the jobs the HTTP thread hands over after its acks, so that rendering and every
// Slack call stay off the thread that acks. App Home refreshes run here too, next to the
// progress changes that cause them.
import { setImmediate as immediate } from 'node:timers';
import type { TechTreeApp } from '../app/techtree-app.ts';
import type { SlackConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import type { BotIdentity } from './slack/bot-identity.ts';
import type { SlackJob } from './slack/jobs/slack-job.ts';
import { createSlackContext } from './slack/slack-context.ts';
import { localSlackWork, type SlackWork } from './slack/slack-work.ts';
import { createWebApi } from './slack/web-api.ts';

export interface SlackThreadSide {
  start(bot: BotIdentity): Promise<void>;
  run(jobId: number, job: SlackJob): void;
  stop(timeoutMs: number): Promise<void>;
}

export interface JobReports {
  done(jobIds: readonly number[]): void;
  lost(jobId: number, error: Error): void;
}

export function slackThreadSide(slack: SlackConfig | undefined, app: TechTreeApp, baseLogger: Logger, reports: JobReports): SlackThreadSide {
  const logger = baseLogger.child({ component: 'slack' });
  let work: SlackWork | undefined;
  // Finished jobs are reported in batches, one message per turn, to keep the HTTP thread's
  // share of the work small under load.
  let finished: number[] = [];
  const flush = () => {
    reports.done(finished);
    finished = [];
  };
  const done = (jobId: number) => {
    if (finished.push(jobId) === 1) immediate(flush);
  };
  return {
    async start(bot) {
      if (!slack) throw new Error('Slack is not configured on the app thread (config.slack is absent)');
      if (!work) {
        const web = createWebApi({ botToken: slack.botToken, ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}), logger });
        work = localSlackWork(createSlackContext({ app, web, bot, logger }));
      }
      await work.start(bot);
    },
    run(jobId, job) {
      // The HTTP thread awaits slackStart before its first job; this is for a bug that breaks that.
      if (!work) return reports.lost(jobId, new Error('a Slack job arrived before slackStart'));
      void work.run(job).finally(() => done(jobId));
    },
    async stop(timeoutMs) {
      await work?.stop(timeoutMs);
    },
  };
}
