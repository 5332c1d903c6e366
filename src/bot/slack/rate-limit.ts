// Posting must never double-post, so nothing is retried blindly. A 429 is the one answer that
// proves Slack did NOT act, so it alone is honoured: wait Retry-After, then send exactly once more.
//
// Why not WebClient's own handling: with `retryConfig: { retries: 0 }` and the default
// `rejectRateLimitedCalls: false`, WebClient waits Retry-After and then *fails* the call without
// resending (the retry it schedules is the one `retries: 0` forbids), so the message is lost.
// Hence clients here use `rejectRateLimitedCalls: true` and this wrapper does the single resend.
import { SpanKind, inSpan } from '../../telemetry.ts';
import { isSlackError, toSlackError } from './slack-error.ts';

/** Longer waits are not worth holding a reply for: the user has long moved on. */
export const MAX_RETRY_AFTER_SEC = 30;

export interface RateLimitOptions {
  readonly sleep?: (ms: number) => Promise<void>;
  readonly onRateLimited?: (what: string, retryAfterSec: number) => void;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Every call to Slack (Web API method or response_url) is a client span, `slack.<method>`, inside the command or digest that made it. */
export function sendHonouringRateLimit<T>(what: string, send: () => Promise<T>, options: RateLimitOptions = {}): Promise<T> {
  const attributes = { 'techtree.platform': 'slack', 'techtree.slack.method': what };
  const traced = () => inSpan(`slack.${what}`, { kind: SpanKind.CLIENT, attributes }, send);
  return honouringRateLimit(what, traced, options);
}

async function honouringRateLimit<T>(what: string, send: () => Promise<T>, options: RateLimitOptions): Promise<T> {
  try {
    return await send();
  } catch (first) {
    const error = toSlackError(first, what);
    const wait = error.details.retryAfterSec;
    if (!isSlackError(error, 'SlackRateLimited') || wait === undefined || wait > MAX_RETRY_AFTER_SEC) throw error;
    options.onRateLimited?.(what, wait);
    await (options.sleep ?? sleep)(Math.max(0, wait) * 1000);
    try {
      return await send();
    } catch (second) {
      throw toSlackError(second, what);
    }
  }
}
