// Every proactive post to Teams goes through here: through a stored conversation reference,
// spaced per conversation (Teams allows about 7 messages a second in one conversation), and
// retried with backoff and jitter when Teams says "later" (429, 412, 502, 504). The connector's
// own retry policy is taken out, so that this one place decides how often a post is sent. A
// message with pictures that Teams refuses as too large (413 MessageSizeTooBig) is sent once
// more without them (sendWithoutPicturesOn413).
import Bottleneck from 'bottleneck';
import pRetry from 'p-retry';
import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { Logger } from '../../log.ts';
import { connectorFailure, RETRY_STATUSES, TOO_LARGE } from './teams-error.ts';

export interface TeamsSendOptions {
  readonly adapter: CloudAdapter;
  /** The bot's app id ('' in emulator mode). */
  readonly appId: string;
  readonly logger: Logger;
  /** Sends again after a 429/412/502/504 this many times. Default 4. */
  readonly retries?: number;
  /** First backoff, doubled each time, with jitter. Default 1000 ms. */
  readonly backoffMs?: number;
  /** Least time between two posts to one conversation. Default 150 ms (under 7 a second). */
  readonly spacingMs?: number;
}

/** Posts `activity` into the conversation of `reference` (a reply when it names an activity); returns the new activity's id. */
export type TeamsSend = (reference: Partial<ConversationReference>, activity: Partial<Activity>) => Promise<string>;

interface PipelineHolder {
  readonly client?: { readonly pipeline?: { removePolicy(options: { phase: string }): unknown } };
}

/**
 * Sends through the turn's connector client itself: TurnContext.sendActivity would answer the
 * proactive turn's made-up continuation activity (a random replyToId) instead of the reference's.
 */
async function sendThrough(context: TurnContext, reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<string> {
  const connector = context.turnState.get(context.adapter.ConnectorClientKey) as ConnectorClient;
  (connector as unknown as PipelineHolder).client?.pipeline?.removePolicy({ phase: 'Retry' });
  const conversationId = reference.conversation!.id;
  const full = {
    ...activity,
    channelId: reference.channelId, serviceUrl: reference.serviceUrl, conversation: reference.conversation, from: reference.bot, recipient: reference.user,
    ...(reference.activityId ? { replyToId: reference.activityId } : {}),
  } as Activity;
  const answer = reference.activityId
    ? await connector.conversations.replyToActivity(conversationId, reference.activityId, full)
    : await connector.conversations.sendToConversation(conversationId, full);
  return answer.id ?? '';
}

export function createTeamsSend(options: TeamsSendOptions): TeamsSend {
  const { adapter, appId, logger } = options;
  const spacing = new Bottleneck.Group({ maxConcurrent: 1, minTime: options.spacingMs ?? 150 });
  const backoffMs = options.backoffMs ?? 1000;

  const once = (reference: Partial<ConversationReference>, activity: Partial<Activity>) => {
    let id = '';
    return adapter.continueConversationAsync(appId, reference, async (context) => {
      id = await sendThrough(context, reference, activity);
    }).then(() => id);
  };

  return (reference, activity) => {
    const conversation = reference.conversation?.id ?? 'unknown';
    return pRetry(() => spacing.key(conversation).schedule(() => once(reference, activity)), {
      retries: options.retries ?? 4,
      minTimeout: backoffMs,
      factor: 2,
      randomize: true,
      shouldRetry: ({ error }) => RETRY_STATUSES.has(connectorFailure(error).status),
      onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
        const failure = connectorFailure(error);
        if (!RETRY_STATUSES.has(failure.status) || retriesLeft === 0) return;
        logger.warn('teams: post refused for now; sending again after a pause', { conversation, status: failure.status, attempt: attemptNumber, retryAfterMs: failure.retryAfterMs });
        // Teams' Retry-After is a floor: wait it out before p-retry's own backoff.
        if (failure.retryAfterMs) await new Promise((resolve) => setTimeout(resolve, Math.min(failure.retryAfterMs!, 60_000)));
      },
    });
  };
}

/** Builds a message activity with its pictures (`images` absent) or with them left out and named (`images: false`). */
export type PictureVariants = (options: { readonly images?: false }) => Partial<Activity>;

/**
 * Posts `build({})` through `send`; when Teams answers 413 (MessageSizeTooBig, which a tenant
 * may answer even within the documented limits, see card-limits.ts), posts `build({ images:
 * false })` once, whose card says the pictures were left out. Returns the posted activity's id.
 * Rethrows the 413 when the message has no pictures to leave out, and any other failure as is.
 */
export async function sendWithoutPicturesOn413(send: TeamsSend, logger: Logger, reference: Partial<ConversationReference>, build: PictureVariants): Promise<string> {
  const full = build({});
  try {
    return await send(reference, full);
  } catch (error) {
    const failure = connectorFailure(error);
    if (failure.status !== TOO_LARGE) throw error;
    const smaller = build({ images: false });
    if (JSON.stringify(smaller) === JSON.stringify(full)) throw error;
    logger.warn('teams: message refused as too large (413); sending it again without its pictures', { conversation: reference.conversation?.id ?? 'unknown', code: failure.code });
    return send(reference, smaller);
  }
}
