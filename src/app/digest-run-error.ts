// Why a digest run stopped before it posted, and what the scheduler should do about it.

export type DigestRunErrorCode =
  /** Another worker holds this period's run right now; try again later. */
  | 'DigestBusy'
  /** The platform rate-limited us; nothing was posted; try again after `retryAfterMs`. */
  | 'DigestRateLimited'
  /** The council's channel is gone or closed to the bot; the council is paused; never retry. */
  | 'DigestChannelGone'
  /** Posting (or preparing the post) failed; it may or may not have been posted; retry with backoff. */
  | 'DigestFailed';

export type RetryAdvice = 'backoff' | 'never' | 'after';

export class DigestRunError extends Error {
  override readonly name = 'DigestRunError';
  readonly retry: RetryAdvice;

  constructor(
    readonly code: DigestRunErrorCode,
    message: string,
    options: { cause?: unknown; retryAfterMs?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.retry = code === 'DigestChannelGone' ? 'never' : code === 'DigestRateLimited' ? 'after' : 'backoff';
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }

  /** For DigestRateLimited: how long the platform asked us to wait. */
  readonly retryAfterMs?: number;
}

export function isDigestRunError(error: unknown): error is DigestRunError {
  return error instanceof DigestRunError;
}
