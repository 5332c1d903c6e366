// Slack's DigestPoster: the four charts through the external upload flow (getUploadURLExternal,
// the upload, completeUploadExternal without a channel), then ONE chat.postMessage with the text,
// image blocks referencing those files, and metadata naming the run, so a retry can find it in
// conversations.history. The WebClient never retries blindly (webClientOptions); a 429 proves
// Slack did not act, so it alone is resent once after Retry-After (rate-limit.ts).
import { webApi, type types } from '@slack/bolt';
import type { DigestMessage, DigestNote, DigestPoster, PostFailure, PostTarget } from '../../app/digest-poster.ts';
import type { Logger } from '../../log.ts';
import { escape } from './mrkdwn.ts';
import { digestBlocks, digestFallbackText, type UploadedChart } from './digest-blocks.ts';
import { sendHonouringRateLimit, type RateLimitOptions } from './rate-limit.ts';
import { SlackError, toSlackError } from './slack-error.ts';
import { webClientOptions } from './web-api.ts';

export const DIGEST_EVENT_TYPE = 'techtree_digest';

export interface SlackDigestPosterOptions extends RateLimitOptions {
  readonly botToken: string;
  /** Default https://slack.com/api/ */
  readonly apiUrl?: string;
  readonly logger: Logger;
  readonly timeoutMs?: number;
}

const GONE: Readonly<Record<string, string>> = {
  channel_not_found: 'the council channel no longer exists, or I cannot see it (Slack said channel_not_found)',
  is_archived: 'the council channel is archived (Slack said is_archived)',
  not_in_channel: 'I am not a member of the council channel any more (Slack said not_in_channel)',
};

/** `slack:T123:C456` -> { team: T123, channel: C456 }. */
export function slackChannel(channelId: string): { team: string; channel: string } {
  const [platform, team, channel] = channelId.split(':');
  if (platform !== 'slack' || !team || !channel) throw new Error(`not a Slack channel id: ${channelId}`);
  return { team, channel };
}

interface HistoryMessage {
  readonly ts?: string;
  readonly metadata?: { readonly event_type?: string; readonly event_payload?: Record<string, unknown> };
}

export function createSlackDigestPoster(options: SlackDigestPosterOptions): DigestPoster {
  const client = new webApi.WebClient(options.botToken, webClientOptions(options.apiUrl, options.timeoutMs ?? 30_000));
  const send = <T>(what: string, call: () => Promise<T>) => sendHonouringRateLimit(what, call, {
    ...options,
    onRateLimited: (w, sec) => options.logger.warn('slack rate limited; waiting before the one resend', { call: w, retryAfterSec: sec }),
  });

  async function upload(chart: DigestMessage['charts'][number]): Promise<UploadedChart> {
    const title = chart.alt.split(',')[0] ?? chart.filename;
    const target = await send('files.getUploadURLExternal', () => client.files.getUploadURLExternal({ filename: chart.filename, length: chart.png.length, alt_text: chart.alt }));
    if (!target.upload_url || !target.file_id) throw new SlackError('SlackPlatform', 'files.getUploadURLExternal: no upload_url in the answer', { platformError: 'no_upload_url' });
    const uploaded = await fetch(target.upload_url, { method: 'POST', body: new Uint8Array(chart.png), headers: { 'content-type': 'application/octet-stream' } })
      .catch((error: unknown) => { throw new SlackError('SlackUnreachable', `file upload: ${(error as Error).message}`, {}, { cause: error }); });
    if (!uploaded.ok) throw new SlackError('SlackHttp', `file upload: HTTP ${uploaded.status}`, { status: uploaded.status });
    // No channel: the file is shared by the message that shows it, and only there.
    await send('files.completeUploadExternal', () => client.files.completeUploadExternal({ files: [{ id: target.file_id!, title }] }));
    return { fileId: target.file_id, title, alt: chart.alt };
  }

  async function postDigest(channelId: string, message: DigestMessage): Promise<string> {
    const { team, channel } = slackChannel(channelId);
    const charts: UploadedChart[] = [];
    for (const chart of message.charts) charts.push(await upload(chart));
    const blocks: types.KnownBlock[] = digestBlocks(message, charts);
    const posted = await send('chat.postMessage', () => client.chat.postMessage({
      channel,
      text: digestFallbackText(message),
      blocks,
      unfurl_links: false,
      metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { run_id: message.runId } },
    }));
    return `slack:${team}:${posted.channel ?? channel}:${posted.ts}`;
  }

  async function postNote(orgId: string, userId: string, note: DigestNote): Promise<string> {
    const team = orgId.split(':')[1] ?? '';
    const opened = await send('conversations.open', () => client.conversations.open({ users: userId }));
    const dm = opened.channel?.id;
    if (!dm) throw new SlackError('SlackPlatform', 'conversations.open: no channel in the answer', { platformError: 'no_channel' });
    const where = (() => {
      try {
        return ` Channel: <#${slackChannel(note.channelId).channel}>.`;
      } catch {
        return '';
      }
    })();
    const text = `${escape(note.text)}${where}`;
    const posted = await send('chat.postMessage', () => client.chat.postMessage({ channel: dm, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] }));
    return `slack:${team}:${dm}:${posted.ts}`;
  }

  return {
    post(to: PostTarget, message: DigestMessage | DigestNote) {
      if (to.kind === 'channel') {
        if (!('runId' in message)) throw new Error('a council channel gets digests, not notes');
        return postDigest(to.channelId, message);
      }
      if ('runId' in message) throw new Error('a person gets notes, not digests');
      return postNote(to.orgId, to.userId, message);
    },

    async findPost(channelId, runId, since) {
      const { team, channel } = slackChannel(channelId);
      let cursor: string | undefined;
      // A weekly channel holds a few hundred messages at most since the slot: five pages is plenty.
      for (let page = 0; page < 5; page++) {
        const r = await send('conversations.history', () => client.conversations.history({
          channel, oldest: (since.getTime() / 1000).toFixed(6), include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}),
        }));
        const mine = (r.messages as HistoryMessage[] | undefined)?.find((m) => m.metadata?.event_type === DIGEST_EVENT_TYPE && m.metadata.event_payload?.run_id === runId);
        if (mine?.ts) return `slack:${team}:${channel}:${mine.ts}`;
        cursor = r.response_metadata?.next_cursor || undefined;
        if (!cursor) return undefined;
      }
      return undefined;
    },

    classify(error): PostFailure {
      const e = toSlackError(error, 'digest');
      if (e.code === 'SlackRateLimited') return { kind: 'rateLimited', retryAfterMs: (e.details.retryAfterSec ?? 1) * 1000 };
      const gone = e.code === 'SlackPlatform' ? GONE[e.details.platformError ?? ''] : undefined;
      return gone ? { kind: 'channelGone', reason: gone } : { kind: 'retryable' };
    },
  };
}
