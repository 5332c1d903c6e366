// The one place where failures talking to Slack become typed errors with string codes.
import { webApi } from '@slack/bolt';

export type SlackErrorCode =
  /** Slack answered 429; `retryAfterSec` says when to try again. */
  | 'SlackRateLimited'
  /** Slack answered `ok: false` (`platformError`: not_in_channel, channel_not_found, invalid_auth…). */
  | 'SlackPlatform'
  /** Slack answered with an unexpected HTTP status. */
  | 'SlackHttp'
  /** Slack could not be reached (DNS, refused, timeout): it may or may not have acted. */
  | 'SlackUnreachable'
  /** A response_url refused the message (expired after 30 minutes or used 5 times). */
  | 'SlackResponseUrl';

export class SlackError extends Error {
  override readonly name = 'SlackError';
  constructor(
    readonly code: SlackErrorCode,
    message: string,
    readonly details: { readonly retryAfterSec?: number; readonly platformError?: string; readonly status?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isSlackError(error: unknown, code?: SlackErrorCode): error is SlackError {
  return error instanceof SlackError && (code === undefined || error.code === code);
}

interface WebApiErrorShape {
  code?: string;
  retryAfter?: number;
  statusCode?: number;
  data?: { error?: string };
  message?: string;
}

/** Turns whatever @slack/web-api (or fetch) threw into a SlackError; passes SlackErrors through. */
export function toSlackError(error: unknown, what: string): SlackError {
  if (error instanceof SlackError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as WebApiErrorShape;
  const message = e.message ?? String(error);
  switch (e.code) {
    case webApi.ErrorCode.RateLimitedError:
      return new SlackError('SlackRateLimited', `${what}: rate limited for ${e.retryAfter}s`, { retryAfterSec: e.retryAfter ?? 1 }, { cause: error });
    case webApi.ErrorCode.PlatformError: {
      const platformError = e.data?.error ?? 'unknown_error';
      return new SlackError('SlackPlatform', `${what}: Slack said ${platformError}`, { platformError }, { cause: error });
    }
    case webApi.ErrorCode.HTTPError:
      return new SlackError('SlackHttp', `${what}: HTTP ${e.statusCode}`, { ...(e.statusCode ? { status: e.statusCode } : {}) }, { cause: error });
    default:
      return new SlackError('SlackUnreachable', `${what}: ${message}`, {}, { cause: error });
  }
}
