// Slack payloads -> the platform-neutral Conversation. Ids carry their platform and workspace.
import type { Conversation } from '../../app/conversation.ts';
import type { SlackPerson } from './web-api.ts';

export interface SlackWho {
  readonly teamId: string;
  readonly userId: string;
  readonly channelId?: string;
  readonly isDirect?: boolean;
  readonly userName?: string;
}

export function slackConversation(who: SlackWho): Conversation {
  return {
    platform: 'slack',
    orgId: `slack:${who.teamId}`,
    userId: who.userId,
    ...(who.userName ? { userName: who.userName } : {}),
    ...(who.channelId ? { channelId: `slack:${who.teamId}:${who.channelId}` } : {}),
    ...(who.isDirect ? { isDirect: true } : {}),
  };
}

/** Direct-message channel ids start with D; slash commands also say `directmessage`. */
export function isDirectChannel(channelId: string | undefined, channelName?: string): boolean {
  return channelName === 'directmessage' || (channelId?.startsWith('D') ?? false);
}

/** Adds what users.info told about the person (name, workspace admin). */
export function withPerson(conv: Conversation, person: SlackPerson): Conversation {
  return { ...conv, ...(person.name ? { userName: person.name } : {}), isPlatformAdmin: person.isAdmin };
}

