// Adaptive Card elements for Reply text, pure: sections as TextBlocks, lists and FactSets, pictures
// as data-URI Images, and the card envelope that keeps the JSON within Teams' size limit.
import type { ReplyImage, ReplySection } from '../../app/reply.ts';
import { CARD_LIMITS, capLines, cardMarkdown, dataUri, payloadBytes, pictureProblem, plainFallback, truncate } from './card-limits.ts';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
export const CARD_VERSION = '1.5';

export type Element = Record<string, unknown>;

export function textBlock(text: string, extra: Element = {}): Element {
  return { type: 'TextBlock', text, wrap: true, ...extra };
}

export function heading(text: string, level: 'title' | 'section' = 'section'): Element {
  return level === 'title'
    ? textBlock(truncate(plainFallback(text), CARD_LIMITS.titleText), { style: 'heading', size: 'Large', weight: 'Bolder' })
    : textBlock(truncate(plainFallback(text), CARD_LIMITS.titleText), { weight: 'Bolder', spacing: 'Medium' });
}

const BULLET = /^• /;
const NUMBERED = /^\d+\. /;
/** A progress tally such as "▰▰▱▱▱ Containerise: 3/5 done (60%)" (progress-words.ts tallyLine). */
const TALLY = /^([▰▱]{5}) (.+?): (\d+\/\d+ done.*)$/;

type Run = { kind: 'bullet' | 'numbered' | 'tally' | 'line'; lines: string[] };

function kindOf(line: string): Run['kind'] {
  if (BULLET.test(line)) return 'bullet';
  if (NUMBERED.test(line)) return 'numbered';
  if (TALLY.test(line)) return 'tally';
  return 'line';
}

/**
 * Markdown-light text as card elements. Adaptive Card markdown keeps a single line break only
 * inside a list (joined with \r), so bullet and numbered runs become one list TextBlock each,
 * tallies a FactSet, and every other line its own TextBlock. At most `maxLines` lines are kept;
 * the last says "…and N more".
 */
export function textElements(text: string, maxLines: number = CARD_LIMITS.linesPerSection): Element[] {
  const lines = capLines(text.split('\n').filter((l) => l.trim()), maxLines).map((l) => truncate(l, CARD_LIMITS.lineText));
  const runs: Run[] = [];
  for (const line of lines) {
    const kind = kindOf(line);
    const last = runs.at(-1);
    if (last && last.kind === kind && kind !== 'line') last.lines.push(line);
    else runs.push({ kind, lines: [line] });
  }
  return runs.map((run, i) => {
    const spacing = i === 0 ? {} : { spacing: 'Small' };
    switch (run.kind) {
      case 'bullet':
        return textBlock(run.lines.map((l) => `- ${cardMarkdown(l.replace(BULLET, ''))}`).join('\r'), spacing);
      case 'numbered':
        return textBlock(run.lines.map(cardMarkdown).join('\r'), spacing);
      case 'tally':
        return {
          type: 'FactSet',
          ...spacing,
          facts: run.lines.map((l) => {
            const [, bar, title, rest] = TALLY.exec(l)!;
            return { title: truncate(title!, CARD_LIMITS.titleText), value: `${bar} ${cardMarkdown(rest!)}` };
          }),
        };
      case 'line':
        return textBlock(cardMarkdown(run.lines[0]!), i === 0 ? {} : { spacing: 'None' });
    }
  });
}

/** A section: its heading, text and fields (as a FactSet). */
export function sectionElements(s: ReplySection): Element[] {
  const out: Element[] = [];
  if (s.heading) out.push(heading(s.heading));
  out.push(...textElements(s.text));
  if (s.fields?.length) {
    out.push({ type: 'FactSet', facts: s.fields.map((f) => ({ title: truncate(plainFallback(f.label), CARD_LIMITS.titleText), value: cardMarkdown(f.value) })) });
  }
  return out;
}

/**
 * A picture as an Image with a data URI, or a line saying why it was left out when it is larger
 * than Teams allows (`pictureProblem`) or `room` (base64 bytes) is too small. Never scaled:
 * a picture is drawn once, in the render pool, and re-encoding it here would block the thread
 * that serves requests.
 */
export function pictureElements(image: ReplyImage, room: number): { elements: Element[]; bytes: number } {
  const problem = pictureProblem(image, room);
  if (problem) {
    return { elements: [textBlock(`_The picture "${plainFallback(image.alt)}" is left out of this card: it is ${problem}._`, { isSubtle: true })], bytes: 0 };
  }
  const url = dataUri(image.png);
  return { elements: [{ type: 'Image', url, altText: truncate(plainFallback(image.alt), 1000), size: 'Stretch' }], bytes: url.length };
}

/** A picture left out on purpose (the caller asked for a card without pictures). */
export function pictureLeftOut(alt: string): Element {
  return textBlock(`_The picture "${plainFallback(alt)}" is left out: Teams refused the message with it as too large._`, { isSubtle: true });
}

export const CUT_NOTE = '_…more than fits in one Teams card was left out._';

/**
 * The card envelope. When its JSON (without pictures) would pass CARD_LIMITS.payloadBytes,
 * body elements are dropped from the end of `body` (never `tail`, never the buttons) and a
 * line says so.
 */
export function envelope(body: readonly Element[], tail: readonly Element[], actions: readonly Element[], fallbackText: string, wide: boolean): Record<string, unknown> {
  const make = (kept: readonly Element[], cut: boolean) => ({
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    fallbackText,
    body: [...kept, ...(cut ? [textBlock(CUT_NOTE, { isSubtle: true })] : []), ...tail],
    ...(actions.length ? { actions } : {}),
    ...(wide ? { msteams: { width: 'Full' } } : {}),
  });
  const card = make(body, false);
  if (payloadBytes(card) <= CARD_LIMITS.payloadBytes) return card;
  // Buttons stay while they fit with no body at all (they are few and short in practice).
  if (payloadBytes(make([], true)) > CARD_LIMITS.payloadBytes && actions.length) {
    return envelope(body, tail, actions.slice(0, -1), fallbackText, wide);
  }
  // The longest prefix of the body that fits, by bisection: a few dozen measurements at most.
  let low = 0;
  let high = body.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (payloadBytes(make(body.slice(0, mid), true)) <= CARD_LIMITS.payloadBytes) low = mid;
    else high = mid - 1;
  }
  return make(body.slice(0, low), true);
}
