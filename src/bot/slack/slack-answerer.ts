// How Slack deliveries are answered (the inbox's Answerer, app/delivery.ts): slash commands through
// their response_url, mentions and DMs in their thread, button clicks on their message or in the
// App Home; once a response_url has expired (a long restart), in the asker's DM.
import { ReplyRouteGone, type Answerer, type Delivery } from '../../app/delivery.ts';
import type { Reply } from '../../app/reply.ts';
import { answerAtResponseUrl, answerInDirectMessage, answerInThread, imagePlace, shareImage, type SlackOut } from './deliver.ts';
import type { Homes } from './homes.ts';
import type { People } from './people.ts';
import { replyToOf, type SlackReplyTo } from './slack-delivery.ts';
import { withPerson } from './slack-conversation.ts';
import { isSlackError } from './slack-error.ts';

/** A change recorded for the channel's team (done, team create…), as opposed to an answer or a refusal. */
const isChange = (reply: Reply) => reply.ok && reply.visibility === 'channel';
const workspaceOf = (d: Delivery) => d.conversation.orgId.replace(/^slack:/, '');

/** A response_url that Slack refuses (404/410: expired early, or its 5 posts used up) will not work again. */
async function viaResponseUrl(send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (error) {
    const status = isSlackError(error, 'SlackResponseUrl') ? error.details.status ?? 0 : 0;
    if (status >= 400 && status < 500) throw new ReplyRouteGone(error instanceof Error ? error.message : String(error), { cause: error });
    throw error;
  }
}

export function createSlackAnswerer(out: SlackOut, people: People, homes: Homes): Answerer {
  const tellPrivately = (responseUrl: string) => (text: string) => out.respond(responseUrl, { text, response_type: 'ephemeral', replace_original: false });

  async function answerSlash(to: Extract<SlackReplyTo, { kind: 'slash' }>, reply: Reply, note?: string): Promise<void> {
    const place = imagePlace(reply, to.isDirect);
    const imageNote = place === 'dm' ? 'sent to you in a DM' : 'posted below';
    await answerAtResponseUrl(out, { responseUrl: to.responseUrl }, reply, { imageNote, ...(note ? { note } : {}) });
    await shareImage(out, reply, { channelId: to.channelId, userId: to.userId, place }, tellPrivately(to.responseUrl));
  }

  async function answerClick(to: Extract<SlackReplyTo, { kind: 'button' }>, responseUrl: string, reply: Reply, note?: string): Promise<void> {
    const options = note ? { note } : {};
    if (!isChange(reply)) {
      // A refusal ("already done") or a question's answer is a new private message: the message
      // clicked on stays as it was, buttons and all.
      await answerAtResponseUrl(out, { responseUrl, ephemeral: true }, reply, options);
      return;
    }
    await answerAtResponseUrl(out, { responseUrl, replaceOriginal: true }, reply, options);
    // An ephemeral message (a `next` list) can only be replaced by an ephemeral one; a progress
    // change is news for the whole channel, so it is also posted there.
    if (to.ephemeral) await answerAtResponseUrl(out, { responseUrl }, reply);
  }

  return {
    async identify(conversation) {
      return withPerson(conversation, await people(conversation.userId));
    },

    async answer(delivery, reply, { late, note }) {
      const to = replyToOf(delivery);
      const workspace = workspaceOf(delivery);
      if (to.kind === 'button' && (to.inHome || !to.responseUrl)) {
        // A click in the App Home: the Home again, with the answer on top.
        await homes.publish(workspace, to.userId, reply);
        return;
      }
      if (late && to.kind !== 'thread') await answerInDirectMessage(out, to.userId, reply, note);
      else if (to.kind === 'slash') await viaResponseUrl(() => answerSlash(to, reply, note));
      else if (to.kind === 'thread') await answerInThread(out, to.channelId, to.threadTs, reply, note);
      else await viaResponseUrl(() => answerClick(to, to.responseUrl!, reply, note));
      if (isChange(reply)) homes.refreshSoon(workspace, to.userId);
    },

    async apologise(delivery, apology, { late }) {
      const to = replyToOf(delivery);
      if (to.kind === 'thread') {
        await out.web.postMessage(to.channelId, { text: apology, blocks: [] }, to.threadTs);
      } else if (to.responseUrl && !late) {
        await tellPrivately(to.responseUrl)(apology);
      } else {
        await out.web.postMessage(await out.web.openDirect(to.userId), { text: apology, blocks: [] });
      }
    },
  };
}
