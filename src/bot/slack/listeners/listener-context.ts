// What every listener gets: enough to filter and translate a payload, and where to hand it.
import type { BotIdentity } from '../bot-identity.ts';
import type { SlackJob } from '../jobs/slack-job.ts';

export interface ListenerContext {
  readonly bot: BotIdentity;
  /** Hands the job over after the ack; returns at once. */
  hand(job: SlackJob): void;
}
