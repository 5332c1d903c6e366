// Sends a rendered Reply back to Slack: through a response_url or into a thread, then the
// picture, if any, as a file upload.
import type { Reply } from '../../app/reply.ts';
import { renderMessage } from './blocks.ts';
import type { SlackContext } from './slack-context.ts';
import { isSlackError } from './slack-error.ts';

export interface ResponseUrlTarget {
  readonly responseUrl: string;
  /** Button clicks update the message they were on. */
  readonly replaceOriginal?: boolean;
}

export async function answerAtResponseUrl(ctx: SlackContext, target: ResponseUrlTarget, reply: Reply, imageNote?: string): Promise<void> {
  await ctx.respond(target.responseUrl, {
    ...renderMessage(reply, imageNote ? { imageNote } : {}),
    response_type: reply.visibility === 'channel' ? 'in_channel' : 'ephemeral',
    ...(target.replaceOriginal ? { replace_original: true } : {}),
  });
}

export async function answerInThread(ctx: SlackContext, channel: string, threadTs: string, reply: Reply): Promise<void> {
  await ctx.web.postMessage(channel, renderMessage(reply, { imageNote: 'below' }), threadTs);
  if (reply.image) await ctx.web.uploadImage(channel, imageOf(reply), threadTs);
}

/**
 * Pictures of channel-wide answers go to the channel; personal ones to the asker's DM with the
 * bot, so that an ephemeral question does not post a file for everyone.
 */
export function imagePlace(reply: Reply, isDirect: boolean): 'channel' | 'dm' {
  return reply.visibility === 'channel' || isDirect ? 'channel' : 'dm';
}

export async function shareImage(ctx: SlackContext, reply: Reply, where: { channelId: string; userId: string; place: 'channel' | 'dm' }, tell: (text: string) => Promise<void>): Promise<void> {
  if (!reply.image) return;
  try {
    const channel = where.place === 'dm' ? await ctx.web.openDirect(where.userId) : where.channelId;
    await ctx.web.uploadImage(channel, imageOf(reply));
  } catch (error) {
    // The answer itself arrived; only the picture is missing, so say how to get it.
    if (isSlackError(error, 'SlackPlatform') && ['not_in_channel', 'channel_not_found'].includes(error.details.platformError ?? '')) {
      ctx.logger.warn('slack: picture not posted, the bot is not in the channel', { channel: where.channelId });
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
