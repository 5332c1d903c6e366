// The port a platform implements to deliver scheduled digests (Slack, Teams). Three methods:
// post, find an earlier post of a run (where the platform can), and say what a failure means.
import type { DigestList } from './digest-words.ts';
import type { ReplyImage } from './reply.ts';

/** One digest as one message: words, the four charts, and the run it belongs to. */
export interface DigestMessage {
  readonly runId: string;
  readonly title: string;
  readonly headline: string;
  readonly lists: readonly DigestList[];
  readonly charts: readonly ReplyImage[];
  /** A line under everything: the period and the schedule. */
  readonly footer: string;
}

/** A short note to a person, about a council channel (named the platform's way). */
export interface DigestNote {
  readonly text: string;
  readonly channelId: string;
}

/** Where a message goes: a council channel (`slack:T1:C2`), or a person of an org (a DM). */
export type PostTarget =
  | { readonly kind: 'channel'; readonly channelId: string }
  | { readonly kind: 'person'; readonly orgId: string; readonly userId: string };

export type PostFailure =
  /** The platform refused for now: try again after `retryAfterMs`; nothing was posted. */
  | { readonly kind: 'rateLimited'; readonly retryAfterMs: number }
  /** The channel is gone or closed to the bot (archived, deleted, bot removed): retrying cannot help. */
  | { readonly kind: 'channelGone'; readonly reason: string }
  /** Anything else (timeouts, 5xx, network): retry with backoff. It may hide a message that was posted. */
  | { readonly kind: 'retryable' };

export interface DigestPoster {
  /** Posts the digest, or a short note to a person; returns the message reference (`slack:T1:C2:1700000000.000100`). */
  post(to: PostTarget, message: DigestMessage | DigestNote): Promise<string>;
  /**
   * The reference of a digest message of run `runId` posted in `channelId` since `since`, found
   * through the platform's own history (so it survives our crashes), or undefined. Absent where
   * the platform's history cannot be searched (Teams): a run interrupted after its post began is
   * then posted again (at least once), and the log says so.
   */
  findPost?(channelId: string, runId: string, since: Date): Promise<string | undefined>;
  /** What an error thrown by post or findPost means for the run. */
  classify(error: unknown): PostFailure;
}
