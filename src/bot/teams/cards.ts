// PLACEHOLDER until the teams-cards branch lands its cards.ts (which replaces this file at merge):
// the agreed signatures, with the smallest cards that work. Text fallback + one Adaptive Card 1.5.
import type { Activity } from 'botbuilder';
import type { DigestMessage, DigestNote } from '../../app/digest-poster.ts';
import type { Reply } from '../../app/reply.ts';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const VERB = 'techtree';

function card(body: readonly Record<string, unknown>[], actions: readonly Record<string, unknown>[] = []): Record<string, unknown> {
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body, ...(actions.length ? { actions } : {}) };
}

const textBlock = (text: string) => ({ type: 'TextBlock', text, wrap: true });

/** The card alone, for the `adaptiveCard/action` invoke response (replaces the card in place). */
export function replyCard(reply: Reply, options: { note?: string } = {}): Record<string, unknown> {
  const actions = (reply.actions ?? []).map((a) => ({
    type: 'Action.Execute', title: a.label, verb: VERB, data: { command: a.command },
    fallback: { type: 'Action.Submit', title: a.label, data: { command: a.command } },
  }));
  return card([...(options.note ? [textBlock(options.note)] : []), textBlock(reply.text)], actions);
}

/** A message activity for a Reply: `text` (the plain-text fallback) + one Adaptive Card 1.5 attachment (+ note line). */
export function replyActivity(reply: Reply, options: { note?: string } = {}): Partial<Activity> {
  return {
    type: 'message',
    text: options.note ? `${options.note}\n\n${reply.text}` : reply.text,
    attachments: [{ contentType: ADAPTIVE_CARD, content: replyCard(reply, options) }],
  };
}

/** The council digest as one message activity (card with the four charts + text fallback). */
export function digestActivity(message: DigestMessage | DigestNote): Partial<Activity> {
  if (!('runId' in message)) return { type: 'message', text: message.text };
  const text = [message.title, message.headline, ...message.lists.map((l) => [l.heading, ...(l.items.length ? l.items : [l.empty ?? ''])].join('\n')), message.footer].join('\n\n');
  const images = message.charts.map((c) => ({ type: 'Image', url: `data:image/png;base64,${c.png.toString('base64')}`, altText: c.alt }));
  return { type: 'message', text, attachments: [{ contentType: ADAPTIVE_CARD, content: card([textBlock(message.title), textBlock(message.headline), ...images]) }] };
}

/** The command text a button carries: from an Action.Execute invoke value ({action:{verb:'techtree',data:{command}}}) or an Action.Submit message value ({command}); undefined otherwise. */
export function commandOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as { command?: unknown; action?: { verb?: unknown; data?: { command?: unknown } } };
  if (v.action !== undefined) return v.action.verb === VERB && typeof v.action.data?.command === 'string' ? v.action.data.command : undefined;
  return typeof v.command === 'string' ? v.command : undefined;
}
