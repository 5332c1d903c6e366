// Teams' limits for a bot message with an Adaptive Card, how a card is measured against them,
// and Reply markdown-light translated to Adaptive Card markdown.
//
// Sources: "Format your bot messages" (learn.microsoft.com/microsoftteams/platform/bots/how-to/
// format-your-bot-messages): a bot message may be about 100 KB, counted as UTF-16, "keep it
// within 80 KB", and base64-encoded images are not part of that count; "Send and receive
// messages": pictures up to 1024 x 1024 px and 1 MB. So a card is measured twice: its JSON with
// every data-URI image left out (at most 80 KB, in UTF-8 and in UTF-16, whichever is larger),
// and its images (each within 1024 x 1024 px and 1 MB, all of them together within 1 MB).
// If a tenant still answers 413 MessageSizeTooBig, render again with `images: false`.
import { REPLY_BOLD, REPLY_CODE, REPLY_LINK, unmarked } from '../../app/reply.ts';
import { truncate } from '../slack/block-limits.ts';

export { truncate };

export const CARD_LIMITS = {
  /** The card JSON without its data-URI images, in bytes (UTF-8 or UTF-16, the larger). */
  payloadBytes: 80 * 1024,
  /** One picture: Teams' documented maximum. */
  imageBytes: 1024 * 1024,
  imagePixels: 1024,
  /** Every picture of one card together. */
  imagesBytes: 1024 * 1024,
  /** Lines of one section or list before "…and N more". */
  linesPerSection: 40,
  /** Characters of one line; a longer one is cut with an ellipsis. */
  lineText: 2000,
  /** Buttons a card shows; the rest of a reply's buttons are left out. */
  actions: 12,
  /** Buttons in one row (the card's own actions, or one ActionSet). */
  actionsPerRow: 5,
  buttonTitle: 80,
  /** A button's command (sent twice: Execute and its Submit fallback); longer ones are left out, not cut. */
  buttonCommand: 500,
  titleText: 300,
  /** `activity.text`, `summary` and `fallbackText`. */
  fallbackText: 4000,
} as const;

const DATA_IMAGE = /^data:image\//;

/** The card's JSON with every data-URI image emptied: what Teams counts against the message size. */
export function payloadBytes(card: unknown): number {
  const json = JSON.stringify(card, (_key, value: unknown) => (typeof value === 'string' && DATA_IMAGE.test(value) ? '' : value));
  return Math.max(Buffer.byteLength(json, 'utf8'), Buffer.byteLength(json, 'utf16le'));
}

/** The bytes of every data-URI image of the card (base64 text, as sent). */
export function imageBytes(card: unknown): number {
  let total = 0;
  JSON.stringify(card, (_key, value: unknown) => {
    if (typeof value === 'string' && DATA_IMAGE.test(value)) total += value.length;
    return value;
  });
  return total;
}

/** Why a picture cannot go into a card, or undefined when it can. */
export function pictureProblem(image: { readonly png: Buffer; readonly width: number; readonly height: number }, room: number = CARD_LIMITS.imagesBytes): string | undefined {
  const max = CARD_LIMITS.imagePixels;
  if (image.width > max || image.height > max) return `${image.width}x${image.height} px, more than the ${max}x${max} px Teams shows`;
  if (image.png.length > CARD_LIMITS.imageBytes) return `${megabytes(image.png.length)}, more than the 1 MB Teams allows for a picture`;
  if (base64Length(image.png.length) > room) return 'too large to fit beside the other pictures of this message';
  return undefined;
}

/** The length of the base64 text for `bytes` bytes. */
export function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

/** `data:image/png;base64,…` */
export function dataUri(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// Adaptive Card markdown (TextBlock, FactSet values) has **bold**, _italic_, lists and
// [links](url), and no inline code. Reply links (`replyLink`, REPLY_LINK) are already markdown
// links with a safe label and URL: they are kept whole while the marks around them are translated.
/** Reply markdown-light to Adaptive Card markdown: *bold* -> **bold**, `code` -> **code**, [label](url) kept. */
export function cardMarkdown(text: string): string {
  const links: string[] = [];
  const out = text
    .replace(REPLY_LINK, (link: string) => {
      links.push(link);
      return `\u0000${links.length - 1}\u0000`;
    })
    .replace(REPLY_CODE, '**$1**')
    .replace(REPLY_BOLD, '$1**$2**');
  // eslint-disable-next-line no-control-regex
  return out.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => links[Number(i)]!);
}

/** Reply markdown-light as plain text for `text`, `summary` and `fallbackText`: no marks, links as "label (url)". */
export function plainFallback(text: string): string {
  return truncate(unmarked(text), CARD_LIMITS.fallbackText);
}

/** The first `max` lines, and "…and N more" for the rest. */
export function capLines(lines: readonly string[], max: number = CARD_LIMITS.linesPerSection): string[] {
  if (lines.length <= max) return [...lines];
  return [...lines.slice(0, max - 1), `…and ${lines.length - (max - 1)} more`];
}
