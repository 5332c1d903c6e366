// Teams activities -> the platform-neutral Conversation, the command text, and the references to
// keep. Ids carry their platform and tenant: org `teams:<tenant>`, channel
// `teams:<tenant>:<channel id>` (a Teams channel, whatever thread) or `teams:<tenant>:<chat id>`.
import { decodeHTML } from 'entities';
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { Conversation } from '../../app/conversation.ts';

export interface TeamsPlace {
  readonly tenantId: string;
  /** `channel` (a team's channel), `personal` (1:1 with the bot) or `groupChat`. */
  readonly kind: 'channel' | 'personal' | 'groupChat';
  /** The channel (channels) or the chat: the key its conversation reference is kept under. */
  readonly channelId: string;
  readonly teamName?: string;
}

interface TeamsChannelData {
  readonly tenant?: { readonly id?: string };
  readonly team?: { readonly id?: string; readonly name?: string };
  readonly channel?: { readonly id?: string; readonly name?: string };
}

/** Where an activity comes from. */
export function teamsPlace(activity: Partial<Activity>): TeamsPlace {
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  const tenantId = data.tenant?.id ?? activity.conversation?.tenantId ?? 'unknown';
  const type = activity.conversation?.conversationType;
  const kind = type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal';
  const conversationId = activity.conversation?.id ?? 'unknown';
  // A channel message's conversation is its thread (`19:…@thread.tacv2;messageid=…`): the channel is the part before `;`.
  const root = kind === 'channel' ? data.channel?.id ?? conversationId.split(';')[0]! : conversationId;
  return { tenantId, kind, channelId: `teams:${tenantId}:${root}`, ...(data.team?.name ? { teamName: data.team.name } : {}) };
}

/** The asker and the place, as the use cases see them. The user is their Entra ID (AAD) object id. */
export function teamsConversation(activity: Partial<Activity>, place = teamsPlace(activity)): Conversation {
  const from = activity.from;
  const userId = from?.aadObjectId ?? from?.id ?? 'unknown';
  return {
    platform: 'teams',
    orgId: `teams:${place.tenantId}`,
    ...(place.teamName ? { orgName: place.teamName } : {}),
    userId,
    ...(from?.name ? { userName: from.name } : {}),
    channelId: place.channelId,
    ...(place.kind === 'personal' ? { isDirect: true } : {}),
  };
}

/** The channel reference key of a person's 1:1 chat with the bot, for notes to them (`teams:<tenant>:user:<aad id>`). */
export function personKey(orgId: string, userId: string): string {
  return `${orgId}:user:${userId}`;
}

/**
 * How to post into this activity's conversation later: `thread` answers this very activity (in
 * a channel, in its thread); `root` posts a new message to the channel or chat (digests).
 */
export function referenceOf(activity: Partial<Activity>, to: 'thread' | 'root'): Partial<ConversationReference> {
  const ref = TurnContext.getConversationReference(activity);
  if (to === 'thread') return ref;
  const { activityId: _activityId, user: _user, ...rest } = ref;
  const place = teamsPlace(activity);
  const rootId = place.channelId.slice(`teams:${place.tenantId}:`.length);
  return { ...rest, conversation: { ...ref.conversation!, id: rootId } };
}

/**
 * The command as typed: without the bot's mention (the mention entity's text and any `<at>…</at>`
 * markup), without other HTML, with HTML entities decoded (`&nbsp;`, `&amp;`) and spaces collapsed.
 */
export function commandText(activity: Partial<Activity>): string {
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  for (const entity of activity.entities ?? []) {
    const mentioned = (entity as { mentioned?: { id?: string }; text?: string }).mentioned;
    const mentionText = (entity as { text?: string }).text;
    if (entity.type === 'mention' && mentioned?.id === botId && mentionText) text = text.split(mentionText).join(' ');
  }
  text = text.replace(/<at\b[^>]*>[\s\S]*?<\/at>/gi, ' ').replace(/<[^>]+>/g, ' ');
  return decodeHTML(text).replace(/[\s\u00a0]+/g, ' ').trim();
}

/** The bot is @mentioned in this message (a mention entity for the recipient). */
export function mentionsBot(activity: Partial<Activity>): boolean {
  const botId = activity.recipient?.id;
  return (activity.entities ?? []).some((e) => e.type === 'mention' && (e as { mentioned?: { id?: string } }).mentioned?.id === botId);
}

/** The bot itself is among the members this conversationUpdate added (an install). */
export function botWasAdded(activity: Partial<Activity>): boolean {
  const botId = activity.recipient?.id;
  return (activity.membersAdded ?? []).some((m) => m.id === botId);
}
