// Messages between the HTTP thread and the app's worker thread (app-worker.ts).
import type { AskOptions, Conversation } from '../app/conversation.ts';
import type { ProgressChanged } from '../app/techtree-app.ts';
import type { LogLevel } from '../log.ts';

export type AppCall =
  | { readonly id: number; readonly op: 'ask'; readonly conversation: Conversation; readonly text: string; readonly options?: AskOptions }
  | { readonly id: number; readonly op: 'home'; readonly conversation: Conversation; readonly options?: { withImages?: boolean } }
  | { readonly id: number; readonly op: 'chart'; readonly conversation: Conversation; readonly kind: string }
  | { readonly id: number; readonly op: 'membersOf'; readonly teamId: string }
  | { readonly id: number; readonly op: 'ready' }
  | { readonly id: number; readonly op: 'close' };

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
