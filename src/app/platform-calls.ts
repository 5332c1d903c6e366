// The platform ports (Answerer, DigestPoster) as the app calls them: each call a client span
// inside the command or digest that made it, and each failure counted in
// techtree_platform_api_errors_total by platform and code. Wrapped here, once, so every platform's
// adapter (Slack, Teams) is measured the same way without doing anything itself.
import { labelValue, platformApiErrors } from '../metrics.ts';
import { SpanKind, inSpan } from '../telemetry.ts';
import type { Answerer } from './delivery.ts';
import type { DigestPoster } from './digest-poster.ts';

interface PlatformErrorShape {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly details?: { readonly platformError?: unknown; readonly status?: unknown };
}

/**
 * The code a platform failure is counted under: the platform's own error string when the adapter
 * kept it (Slack's `not_in_channel`, `invalid_auth`), else the adapter's code (`SlackUnreachable`,
 * `ReplyRouteGone`), else `http_<status>`, else the error's name.
 */
export function platformErrorCode(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as PlatformErrorShape;
  if (typeof e.details?.platformError === 'string') return labelValue(e.details.platformError);
  if (typeof e.code === 'string' || typeof e.code === 'number') return labelValue(e.code);
  const status = e.details?.status ?? e.statusCode;
  if (typeof status === 'number') return `http_${status}`;
  return labelValue(error instanceof Error ? error.name : undefined);
}

function call<T>(platform: string, method: string, fn: () => Promise<T>): Promise<T> {
  return inSpan(`techtree.platform.${method}`, { kind: SpanKind.CLIENT, attributes: { 'techtree.platform': platform } }, async () => {
    try {
      return await fn();
    } catch (error) {
      platformApiErrors.inc({ platform, code: platformErrorCode(error) });
      throw error;
    }
  });
}

/** `answerer` with every call traced and its failures counted. */
export function observedAnswerer(platform: string, answerer: Answerer): Answerer {
  return {
    identify: (conversation) => call(platform, 'identify', () => answerer.identify(conversation)),
    answer: (delivery, reply, context) => call(platform, 'answer', () => answerer.answer(delivery, reply, context)),
    apologise: (delivery, apology, context) => call(platform, 'apologise', () => answerer.apologise(delivery, apology, context)),
  };
}

/** `poster` with every post and history lookup traced and its failures counted. */
export function observedPoster(platform: string, poster: DigestPoster): DigestPoster {
  const { findPost } = poster;
  return {
    post: (to, message) => call(platform, 'post', () => poster.post(to, message)),
    // Absent stays absent: the run protocol reads it as "history cannot be searched" (Teams).
    ...(findPost ? { findPost: (channelId: string, runId: string, since: Date) => call(platform, 'findPost', () => findPost.call(poster, channelId, runId, since)) } : {}),
    classify: (error) => poster.classify(error),
  };
}
