// Messages between the HTTP thread and the app's worker thread (app-worker.ts).
import type { AskOptions, Conversation } from '../app/conversation.ts';
import type { ProgressChanged } from '../app/techtree-app.ts';
import type { LogLevel } from '../log.ts';
import type { BotIdentity } from './slack/bot-identity.ts';
import type { SlackJob } from './slack/jobs/slack-job.ts';

export type AppCall =
  | { readonly id: number; readonly op: 'ask'; readonly conversation: Conversation; readonly text: string; readonly options?: AskOptions }
  | { readonly id: number; readonly op: 'home'; readonly conversation: Conversation; readonly options?: { withImages?: boolean } }
  | { readonly id: number; readonly op: 'chart'; readonly conversation: Conversation; readonly kind: string }
  | { readonly id: number; readonly op: 'membersOf'; readonly teamId: string }
  | { readonly id: number; readonly op: 'watchProgress' }
  | { readonly id: number; readonly op: 'slackStart'; readonly bot: BotIdentity }
  | { readonly id: number; readonly op: 'slackStop'; readonly timeoutMs: number }
  | { readonly id: number; readonly op: 'ready' }
  | { readonly id: number; readonly op: 'close' };

/** Slack work after an ack: no answer but `jobsDone`, which the HTTP thread needs only to drain. */
export interface SlackJobMessage {
  readonly op: 'job';
  readonly jobId: number;
  readonly job: SlackJob;
}

export type ToAppThread = AppCall | SlackJobMessage;

export interface PlainError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

export type AppNews =
  | { readonly type: 'opened' }
  | { readonly type: 'openFailed'; readonly error: PlainError }
  | { readonly type: 'result'; readonly id: number; readonly value: unknown }
  | { readonly type: 'failure'; readonly id: number; readonly error: PlainError }
  | { readonly type: 'jobsDone'; readonly jobIds: readonly number[] }
  /** A job this thread could not run: the HTTP thread answers it with the apology. */
  | { readonly type: 'jobLost'; readonly jobId: number; readonly error: PlainError }
  | { readonly type: 'progress'; readonly change: ProgressChanged }
  | { readonly type: 'log'; readonly level: LogLevel; readonly msg: string; readonly fields: Record<string, unknown> };

/** Errors cross threads as plain data: structured cloning would drop `code` and `cause`. */
export function plainError(error: unknown): PlainError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return { name: error.name, message: `${error.message}${cause && !error.message.includes(cause.slice(2)) ? cause : ''}`, ...(typeof code === 'string' ? { code } : {}) };
}

/** Log fields as plain data (errors flattened). */
export function plainFields(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v instanceof Error ? plainError(v) : v]));
}
