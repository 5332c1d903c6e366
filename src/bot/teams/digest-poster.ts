// Teams' DigestPoster: the digest as one message (digestActivity) posted to the council channel
// through its stored conversation reference (Teams offers no way to post to a channel the bot
// was never told about). Teams' history cannot be searched for an earlier post, so this poster
// has no findPost: a run interrupted after its post began is posted again (at least once; see
// README, "Microsoft Teams"). 403/404 mark the reference gone and the council is paused; a 413
// (too large) is sent once more without the charts.
import type { ConversationReferences } from '../../app/conversation-references.ts';
import type { DigestMessage, DigestNote, DigestPoster, PostFailure, PostTarget } from '../../app/digest-poster.ts';
import type { TeamsConfig } from '../../config.ts';
import type { Logger } from '../../log.ts';
import { digestActivity } from './cards.ts';
import { personKey } from './teams-activity.ts';
import { createTeamsCloudAdapter } from './teams-adapter.ts';
import { connectorFailure, goneReason, TeamsNoReference } from './teams-error.ts';
import { createTeamsSend, sendWithoutPicturesOn413, type PictureVariants, type TeamsSendOptions } from './teams-send.ts';

export interface TeamsDigestPosterOptions extends Pick<TeamsSendOptions, 'retries' | 'backoffMs' | 'spacingMs'> {
  readonly teams: TeamsConfig;
  /** The app's references; a function because the app is opened after its posters. */
  readonly references: () => ConversationReferences;
  readonly logger: Logger;
}

const NEVER_SAVED = 'I have no conversation reference for that channel (I was never added to its team, or that was before references were kept): add me to the team again, or @mention me there once';

/** Teams' DigestPoster (no findPost: at least once). Throws TeamsNoReference or the connector's RestError; `classify` reads them. */
export function createTeamsDigestPoster(options: TeamsDigestPosterOptions): DigestPoster {
  const { teams, logger } = options;
  const { retries, backoffMs, spacingMs } = options;
  const send = createTeamsSend({
    adapter: createTeamsCloudAdapter(teams), appId: teams.appId ?? '', logger,
    ...(retries !== undefined ? { retries } : {}), ...(backoffMs !== undefined ? { backoffMs } : {}), ...(spacingMs !== undefined ? { spacingMs } : {}),
  });

  async function postThrough(key: string, build: PictureVariants): Promise<string> {
    const saved = await options.references().get(key);
    if (!saved) throw new TeamsNoReference(key, NEVER_SAVED);
    if (saved.gone) throw new TeamsNoReference(key, saved.gone.reason);
    try {
      return `${key}:${await sendWithoutPicturesOn413(send, logger, saved.reference as Parameters<typeof send>[0], build)}`;
    } catch (error) {
      const reason = goneReason(connectorFailure(error));
      if (reason) {
        await options.references().markGone(key, reason);
        logger.warn('teams: conversation reference marked gone', { channelId: key, reason });
      }
      throw error;
    }
  }

  return {
    post(to: PostTarget, message: DigestMessage | DigestNote) {
      if (to.kind === 'channel') {
        if (!('runId' in message)) throw new Error('a council channel gets digests, not notes');
        return postThrough(to.channelId, (options) => digestActivity(message, options));
      }
      if ('runId' in message) throw new Error('a person gets notes, not digests');
      // Only someone who has chatted with the bot can be written to: their 1:1 chat's reference.
      return postThrough(personKey(to.orgId, to.userId), () => digestActivity(message));
    },

    classify(error): PostFailure {
      if (error instanceof TeamsNoReference) return { kind: 'channelGone', reason: error.reason };
      const failure = connectorFailure(error);
      const gone = goneReason(failure);
      if (gone) return { kind: 'channelGone', reason: gone };
      if (failure.status === 429) return { kind: 'rateLimited', retryAfterMs: failure.retryAfterMs ?? 60_000 };
      return { kind: 'retryable' };
    },
  };
}
