// What the Bot Framework connector's errors mean, read in one place: the HTTP status, Teams' own
// error code (`BotNotInConversationRoster`…) and Retry-After, from botbuilder's RestError.

/** Teams refuses the conversation itself: retrying cannot help (Teams: "Handle bot errors"). */
const GONE_CODES: Readonly<Record<string, string>> = {
  BotNotInConversationRoster: 'I am not in that team or chat any more (Teams said BotNotInConversationRoster)',
  BotDisabledByAdmin: 'a Teams admin has blocked me in that tenant (Teams said BotDisabledByAdmin)',
  ConversationBlockedByUser: 'the person blocked me in Teams (Teams said ConversationBlockedByUser)',
  ConversationNotFound: 'the conversation no longer exists (Teams said ConversationNotFound)',
};

/** Worth sending again after a pause: throttled (429), precondition failed (412), gateway trouble (502, 504). */
export const RETRY_STATUSES: ReadonlySet<number> = new Set([412, 429, 502, 504]);

/** Teams refused the message as too large (MessageSizeTooBig): sent again without its pictures, never as it was. */
export const TOO_LARGE = 413;

export interface ConnectorFailure {
  /** 0 when no HTTP answer came (network, timeout). */
  readonly status: number;
  readonly code?: string;
  readonly retryAfterMs?: number;
}

interface RestErrorLike {
  readonly statusCode?: number;
  readonly code?: string;
  readonly response?: { readonly status?: number; readonly bodyAsText?: string | null; readonly headers?: { get?(name: string): string | undefined } };
  readonly details?: unknown;
}

function errorCode(e: RestErrorLike): string | undefined {
  const fromBody = (text: string | null | undefined) => {
    try {
      return (JSON.parse(text ?? '') as { error?: { code?: string } }).error?.code;
    } catch {
      return undefined;
    }
  };
  const details = e.details as { error?: { code?: string } } | undefined;
  return details?.error?.code ?? fromBody(e.response?.bodyAsText) ?? undefined;
}

/** Reads a connector error; `status` 0 when there was no HTTP answer at all. */
export function connectorFailure(error: unknown): ConnectorFailure {
  const e = (error ?? {}) as RestErrorLike;
  const status = e.statusCode ?? e.response?.status ?? 0;
  const code = errorCode(e);
  const retryAfter = Number(e.response?.headers?.get?.('retry-after'));
  return { status, ...(code ? { code } : {}), ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterMs: retryAfter * 1000 } : {}) };
}

/** Why a conversation is closed to the bot, or undefined when this failure is something else. */
export function goneReason(failure: ConnectorFailure): string | undefined {
  if (failure.code && GONE_CODES[failure.code]) return GONE_CODES[failure.code];
  if (failure.status === 404) return `the conversation no longer exists (Teams answered 404${failure.code ? ` ${failure.code}` : ''})`;
  if (failure.status === 403) return `Teams refused me that conversation (403${failure.code ? ` ${failure.code}` : ''})`;
  return undefined;
}

/** Thrown when there is no usable reference to post through (never saved, or marked gone). */
export class TeamsNoReference extends Error {
  readonly code = 'TeamsNoReference';
  constructor(readonly channelId: string, readonly reason: string) {
    super(`no usable Teams conversation reference for ${channelId}: ${reason}`);
    this.name = 'TeamsNoReference';
  }
}
