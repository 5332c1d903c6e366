// Sends a rendered Reply back to Slack: through a response_url, into a thread, or to the asker's
// DM, then the picture, if any, as a file upload.
import type { Reply } from '../../app/reply.ts';
import type { Logger } from '../../log.ts';
import { renderMessage } from './blocks.ts';
import type { Respond } from './response-url.ts';
import { isSlackError } from './slack-error.ts';
import type { SlackWebApi } from './web-api.ts';

/** The Slack clients an answer is sent with. */
export interface SlackOut {
  readonly web: SlackWebApi;
  readonly respond: Respond;
  readonly logger: Logger;
}

export interface ResponseUrlTarget {
  readonly responseUrl: string;
  /** Only a successful change replaces the message a button was on. */
  readonly replaceOriginal?: boolean;
  /** Force a private answer (a channel-wide one may follow separately). */
  readonly ephemeral?: boolean;
}

export async function answerAtResponseUrl(out: SlackOut, target: ResponseUrlTarget, reply: Reply, options: { imageNote?: string; note?: string } = {}): Promise<void> {
  await out.respond(target.responseUrl, {
    ...renderMessage(reply, options),
    response_type: reply.visibility === 'channel' && !target.ephemeral ? 'in_channel' : 'ephemeral',
    replace_original: target.replaceOriginal === true,
  });
}

export async function answerInThread(out: SlackOut, channel: string, threadTs: string, reply: Reply, note?: string): Promise<void> {
  await out.web.postMessage(channel, renderMessage(reply, { imageNote: 'below', ...(note ? { note } : {}) }), threadTs);
  if (reply.image) await out.web.uploadImage(channel, imageOf(reply), threadTs);
}

/** A direct message from the bot: for answers whose response_url has expired, and apologies with nowhere else to go. */
export async function answerInDirectMessage(out: SlackOut, userId: string, reply: Reply, note?: string): Promise<void> {
  const channel = await out.web.openDirect(userId);
  await out.web.postMessage(channel, renderMessage(reply, { imageNote: 'below', ...(note ? { note } : {}) }));
  if (reply.image) await out.web.uploadImage(channel, imageOf(reply));
}

/**
 * Pictures of channel-wide answers go to the channel; personal ones to the asker's DM with the
 * bot, so that an ephemeral question does not post a file for everyone.
 */
export function imagePlace(reply: Reply, isDirect: boolean): 'channel' | 'dm' {
  return reply.visibility === 'channel' || isDirect ? 'channel' : 'dm';
}

export async function shareImage(out: SlackOut, reply: Reply, where: { channelId: string; userId: string; place: 'channel' | 'dm' }, tell: (text: string) => Promise<void>): Promise<void> {
  if (!reply.image) return;
  try {
    const channel = where.place === 'dm' ? await out.web.openDirect(where.userId) : where.channelId;
    await out.web.uploadImage(channel, imageOf(reply));
  } catch (error) {
    // The answer itself arrived; only the picture is missing, so say how to get it.
    if (isSlackError(error, 'SlackPlatform') && ['not_in_channel', 'channel_not_found'].includes(error.details.platformError ?? '')) {
      out.logger.warn('slack: picture not posted, the bot is not in the channel', { channel: where.channelId });
      await tell('I could not post the picture here because I am not in this channel: invite me with `/invite @TechTree` and ask again.');
      return;
    }
    throw error;
  }
}

function imageOf(reply: Reply) {
  const image = reply.image!;
  return { png: image.png, filename: image.filename, title: reply.title ?? image.alt, alt: image.alt };
}
