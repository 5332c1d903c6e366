// The council digest as one Teams message, pure: an Adaptive Card with the title, the headline,
// each list (at most CARD_LIMITS.linesPerSection lines, then "…and N more"), the four charts as
// data-URI images, and the period; the title and headline are the text fallback.
//
// Why the charts go in the card as data URIs: Teams does not count base64-encoded images
// against a bot message's size (see card-limits.ts), and the demo digest's four charts are
// 32-64 KB each (210 KB together, 280 KB as base64), well within 1 MB a picture and 1 MB for
// all of them. The words alone stay within 80 KB even for 200 teams. A chart that would pass
// those limits is left out and named; `{ images: false }` leaves all of them out, for a resend
// after Teams answers 413 MessageSizeTooBig. The other choices were worse: a carousel shares
// one message's size, a link needs a public image host, and downscaling would re-encode PNGs
// on the thread that serves requests.
import type { Activity } from 'botframework-schema';
import type { DigestMessage, DigestNote } from '../../app/digest-poster.ts';
import { count } from '../../app/plural.ts';
import { ADAPTIVE_CARD, envelope, heading, pictureElements, pictureLeftOut, textBlock, textElements, type Element } from './card-body.ts';
import { CARD_LIMITS, cardMarkdown, plainFallback } from './card-limits.ts';

export interface DigestCardOptions {
  /** `false` leaves the charts out, saying so (a resend after 413 MessageSizeTooBig). */
  readonly images?: boolean;
}

function isNote(message: DigestMessage | DigestNote): message is DigestNote {
  return !('runId' in message);
}

/** The digest's Adaptive Card; see the top of this file for where the charts go. */
export function digestCard(message: DigestMessage, options: DigestCardOptions = {}): Record<string, unknown> {
  const body: Element[] = [heading(message.title, 'title'), ...textElements(message.headline)];
  for (const list of message.lists) {
    if (list.items.length === 0 && !list.empty) continue;
    body.push(heading(list.heading));
    body.push(...textElements(list.items.length ? list.items.map((i) => `• ${i}`).join('\n') : list.empty!));
  }
  const charts: Element[] = [];
  let room: number = CARD_LIMITS.imagesBytes;
  const left: string[] = [];
  for (const chart of message.charts) {
    if (options.images === false) {
      charts.push(pictureLeftOut(chart.alt));
      continue;
    }
    const { elements, bytes } = pictureElements(chart, room);
    if (bytes === 0) left.push(chart.alt);
    room -= bytes;
    charts.push(...elements);
  }
  if (left.length) charts.push(textBlock(`_${count(left.length, 'chart')} of ${message.charts.length} left out of this message._`, { isSubtle: true }));
  const footer = textBlock(cardMarkdown(message.footer), { isSubtle: true, size: 'Small', spacing: 'Medium' });
  return envelope(body, [...charts, footer], [], fallbackOf(message), true);
}

function fallbackOf(message: DigestMessage): string {
  return plainFallback(`${message.title}: ${message.headline}`);
}

/**
 * The council digest as one message activity: the card (title, headline, lists, the four
 * charts, the period) and its title and headline as `text`. A DigestNote (a short note to a
 * person about a council channel) is a plain-text message.
 */
export function digestActivity(message: DigestMessage | DigestNote, options: DigestCardOptions = {}): Partial<Activity> {
  if (isNote(message)) return { type: 'message', text: plainFallback(message.text), textFormat: 'plain' };
  const text = fallbackOf(message);
  // Only the card, as in replyActivity: text beside it would be split into a second post.
  return { type: 'message', summary: text, attachments: [{ contentType: ADAPTIVE_CARD, content: digestCard(message, options) }] };
}
