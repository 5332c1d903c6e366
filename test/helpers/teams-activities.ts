// Real-shaped Teams activities (as the Bot Connector posts them to /api/messages), and a poster.
import { randomUUID } from 'node:crypto';
import { BOT_ID, TENANT_ID } from './teams-standin.ts';

export const TEAM_CHANNEL = '19:general0123456789@thread.tacv2';
export const USER_AAD = '0a0a0a0a-1111-4222-8333-444444444444';
export const PERSONAL_CHAT = 'a:1personalChatWithTheBot';

export type Activity = Record<string, unknown>;

interface Base {
  readonly serviceUrl: string;
  readonly id?: string;
  readonly userAad?: string;
  readonly userName?: string;
  readonly tenantId?: string;
}

const from = (b: Base) => ({ id: `29:user-${b.userAad ?? USER_AAD}`, name: b.userName ?? 'Ada Lovelace', aadObjectId: b.userAad ?? USER_AAD });
const recipient = { id: BOT_ID, name: 'TechTree' };

function channelPart(b: Base, channel: string, threadId: string) {
  const tenantId = b.tenantId ?? TENANT_ID;
  return {
    conversation: { id: `${channel};messageid=${threadId}`, conversationType: 'channel', isGroup: true, tenantId },
    channelData: { tenant: { id: tenantId }, team: { id: '19:team0000@thread.tacv2', name: 'Platform Guild' }, channel: { id: channel, name: 'General' } },
  };
}

/** A channel message that @mentions the bot: `<at>TechTree</at> <text>` with its mention entity and Teams channelData. */
export function channelMention(b: Base & { readonly text: string; readonly channel?: string }): Activity {
  const id = b.id ?? `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  return {
    type: 'message', id, channelId: 'msteams', serviceUrl: b.serviceUrl, timestamp: new Date().toISOString(),
    from: from(b), recipient, textFormat: 'plain',
    text: `<at>TechTree</at> ${b.text}`,
    entities: [{ type: 'mention', text: '<at>TechTree</at>', mentioned: { id: BOT_ID, name: 'TechTree' } }, { type: 'clientInfo', locale: 'en-GB' }],
    ...channelPart(b, b.channel ?? TEAM_CHANNEL, id),
  };
}

/** A channel message without a mention (the bot must stay quiet). */
export function channelChatter(b: Base & { readonly text: string }): Activity {
  const a = channelMention(b);
  return { ...a, text: b.text, entities: [] };
}

/** A message in the 1:1 chat with the bot. */
export function personalMessage(b: Base & { readonly text: string; readonly value?: unknown }): Activity {
  const tenantId = b.tenantId ?? TENANT_ID;
  return {
    type: 'message', id: b.id ?? randomUUID(), channelId: 'msteams', serviceUrl: b.serviceUrl, timestamp: new Date().toISOString(),
    from: from(b), recipient, text: b.text, textFormat: 'plain',
    ...(b.value !== undefined ? { value: b.value } : {}),
    conversation: { id: PERSONAL_CHAT, conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
  };
}

/** An Action.Submit click in a channel: a message with `value` and no text. */
export function submitInChannel(b: Base & { readonly command: string; readonly replyToId?: string }): Activity {
  const a = channelMention({ ...b, text: '' });
  return { ...a, text: undefined, entities: [], value: { command: b.command }, ...(b.replyToId ? { replyToId: b.replyToId } : {}) };
}

/** An Action.Execute click: the `adaptiveCard/action` invoke. */
export function cardAction(b: Base & { readonly command: string; readonly verb?: string; readonly replyToId?: string }): Activity {
  const a = channelMention({ ...b, text: '' });
  return {
    ...a, type: 'invoke', name: 'adaptiveCard/action', text: undefined, entities: [],
    value: { action: { type: 'Action.Execute', verb: b.verb ?? 'techtree', data: { command: b.command } }, trigger: 'manual' },
    ...(b.replyToId ? { replyToId: b.replyToId } : {}),
  };
}

/** The bot added to a team (its General channel): Teams' conversationUpdate. */
export function installInTeam(b: Base & { readonly channel?: string }): Activity {
  const tenantId = b.tenantId ?? TENANT_ID;
  const channel = b.channel ?? TEAM_CHANNEL;
  return {
    type: 'conversationUpdate', id: `f:${randomUUID()}`, channelId: 'msteams', serviceUrl: b.serviceUrl, timestamp: new Date().toISOString(),
    from: from(b), recipient, membersAdded: [{ id: BOT_ID }],
    conversation: { id: channel, conversationType: 'channel', isGroup: true, tenantId },
    channelData: { tenant: { id: tenantId }, team: { id: channel, name: 'Platform Guild' }, eventType: 'teamMemberAdded' },
  };
}

export interface Posted {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
}

/** POSTs an activity to `<base>/api/messages` with `Authorization: Bearer <token>` (none when token is undefined). */
export async function postActivity(base: string, activity: Activity, token: string | undefined): Promise<Posted> {
  const res = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain text
  }
  return { status: res.status, body, text };
}

/**
 * What a Teams user reads in a message the bot sent: its `text` (a plain message), or else the
 * `fallbackText` of its Adaptive Card (a card message carries no `text`, see cards.ts).
 */
export function spoken(activity: Readonly<Record<string, unknown>>): string {
  if (typeof activity.text === 'string') return activity.text;
  const attachments = (activity.attachments ?? []) as { content?: { fallbackText?: unknown } }[];
  return String(attachments[0]?.content?.fallbackText ?? '');
}
