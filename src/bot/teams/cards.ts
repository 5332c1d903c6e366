// Reply -> Adaptive Card 1.5 and the message activity that carries it, pure. The Teams adapter
// sends `replyActivity` for an answer and returns `replyCard` from an `adaptiveCard/action`
// invoke (Teams replaces the clicked card with it); `commandOf` reads a click back.
import type { Activity } from 'botframework-schema';
import type { Reply, ReplyAction, ReplySection } from '../../app/reply.ts';
import { cardAction, usable } from './card-actions.ts';
import { ADAPTIVE_CARD, envelope, heading, pictureElements, pictureLeftOut, sectionElements, textBlock, type Element } from './card-body.ts';
import { CARD_LIMITS, plainFallback, truncate } from './card-limits.ts';

export { ADAPTIVE_CARD } from './card-body.ts';
export { commandOf } from './card-actions.ts';
export { digestActivity } from './digest-card.ts';

export interface CardOptions {
  /** A line above the answer when it is not the usual one (sent again, or late); plain text. */
  readonly note?: string;
  /** `false` leaves the picture out, saying so: for a resend after Teams answered 413 MessageSizeTooBig. */
  readonly images?: boolean;
}

/** The plain-text version of a reply: `activity.text`, the card's `fallbackText`. */
function fallbackOf(reply: Reply, note?: string): string {
  const text = plainFallback(reply.text || reply.title || 'TechTree');
  return note ? plainFallback(`${note}\n${text}`) : text;
}

/** A `next` suggestion's own section: "*1. Title* (`node`)…", in the order of `reply.suggestions`. */
function suggestionAt(reply: Reply, s: ReplySection, k: number): string | undefined {
  const suggestion = reply.suggestions?.[k];
  return suggestion && s.text.startsWith(`*${k + 1}. `) ? suggestion.node : undefined;
}

/**
 * The card for a reply: the note, the title, every section (a `next` suggestion with its own
 * "Mark done" button under it), the picture, and the remaining buttons. An error reply's text
 * sits in an attention-styled container. At most CARD_LIMITS.actions buttons; buttons whose
 * command is blank or too long to run are left out rather than cut.
 */
export function replyCard(reply: Reply, options: CardOptions = {}): Record<string, unknown> {
  const actions = (reply.actions ?? []).filter(usable).slice(0, CARD_LIMITS.actions);
  const inline = new Set<ReplyAction>();
  const sections: readonly ReplySection[] = reply.sections?.length ? reply.sections : [{ text: reply.text || ' ' }];

  const content: Element[] = [];
  sections.forEach((s, k) => {
    const node = suggestionAt(reply, s, k);
    const own = node ? actions.filter((a) => a.command === `done ${node}`) : [];
    for (const a of own) inline.add(a);
    const elements = sectionElements(s);
    if (own.length) elements.push({ type: 'ActionSet', actions: own.map((a) => cardAction(a)) });
    content.push(node ? { type: 'Container', separator: k > 0, spacing: 'Medium', items: elements } : elements.length > 1 ? { type: 'Container', items: elements } : elements[0]!);
  });

  const body: Element[] = [];
  if (options.note) body.push(textBlock(plainFallback(options.note), { isSubtle: true, size: 'Small' }));
  if (reply.title) body.push(heading(reply.title, 'title'));
  body.push(...(reply.ok ? content : [{ type: 'Container', style: 'attention', items: content }]));

  const tail: Element[] = [];
  if (reply.image) {
    tail.push(...(options.images === false ? [pictureLeftOut(reply.image.alt)] : pictureElements(reply.image, CARD_LIMITS.imagesBytes).elements));
  }
  // Hosts cap the buttons of one action set (five in the adaptivecards library's default host
  // config, which flags more): up to five are the card's own actions, more go in rows of five.
  const rest = actions.filter((a) => !inline.has(a)).map((a) => cardAction(a));
  const perRow = CARD_LIMITS.actionsPerRow;
  if (rest.length > perRow) {
    for (let i = 0; i < rest.length; i += perRow) tail.push({ type: 'ActionSet', actions: rest.slice(i, i + perRow) });
  }
  return envelope(body, tail, rest.length > perRow ? [] : rest, fallbackOf(reply, options.note), Boolean(reply.image));
}

/**
 * The message activity for a reply: one Adaptive Card 1.5 attachment whose `fallbackText` is the
 * plain-text version (the note line first when there is one), and `summary` (the title, or the
 * first line) for notifications. No `text`: Teams would post it separately from the card.
 */
export function replyActivity(reply: Reply, options: CardOptions = {}): Partial<Activity> {
  const text = fallbackOf(reply, options.note);
  // No `text` beside the card: Teams cannot show both in one post and splits them into two
  // (MicrosoftDocs/msteams-docs#1998, microsoft/BotFramework-Services#98), so every answer would
  // appear twice. The plain text lives on as the card's `fallbackText` and the `summary`.
  return {
    type: 'message',
    summary: truncate(plainFallback(reply.title || text.split('\n')[0]!), CARD_LIMITS.titleText),
    attachments: [{ contentType: ADAPTIVE_CARD, content: replyCard(reply, options) }],
  };
}
