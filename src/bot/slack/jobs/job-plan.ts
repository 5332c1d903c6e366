// Runs a SlackJob at the adapter's edge (after-ack.ts): failures are logged once with a
// reference id and the user gets the apology. The same plan answers for a job whose thread
// died before it ran, so that the user still hears back.
import type { Apologise } from '../after-ack.ts';
import type { SlackContext } from '../slack-context.ts';
import { buttonPlan } from './button-job.ts';
import { homePlan } from './home-job.ts';
import type { SlackJob } from './slack-job.ts';
import { slashPlan } from './slash-job.ts';
import { threadPlan } from './thread-job.ts';

export interface JobPlan {
  /** Names the job in logs: `slack: <what> failed`. */
  readonly what: string;
  readonly fields: Record<string, unknown>;
  readonly work: () => Promise<void>;
  /** How to tell the user something went wrong; absent when nobody is waiting for an answer. */
  readonly apologise?: Apologise;
}

function planOf(ctx: SlackContext, job: SlackJob): JobPlan {
  switch (job.kind) {
    case 'slash': return slashPlan(ctx, job);
    case 'mention':
    case 'dm': return threadPlan(ctx, job);
    case 'button': return buttonPlan(ctx, job);
    case 'home': return homePlan(ctx, job);
  }
}

/** Resolves when the job has run; never rejects. */
export function runSlackJob(ctx: SlackContext, job: SlackJob): Promise<void> {
  const plan = planOf(ctx, job);
  return ctx.edge.run(plan.what, plan.fields, plan.work, plan.apologise);
}

/** A job that could not run (`error` says why), answered like any failed one. */
export function failSlackJob(ctx: SlackContext, job: SlackJob, error: Error): Promise<void> {
  const plan = planOf(ctx, job);
  return ctx.edge.run(plan.what, plan.fields, () => Promise.reject(error), plan.apologise);
}
