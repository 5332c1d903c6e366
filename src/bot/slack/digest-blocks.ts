// A digest as one Slack message, pure: header, headline, each list packed into sections within
// Block Kit's limits (whole lines only; a list too long ends in "…and N more"), the four charts
// as image blocks of uploaded files, and the period as a context line. At most 22 blocks.
import type { types } from '@slack/bolt';
import type { DigestList } from '../../app/digest-words.ts';
import type { DigestMessage } from '../../app/digest-poster.ts';
import { LIMITS, truncate } from './block-limits.ts';
import { escape, fitMrkdwn } from './mrkdwn.ts';

type KnownBlock = types.KnownBlock;

/** Sections one list may use: 5 lists x 3 + 7 other blocks stays far below the 50-block cap. */
export const SECTIONS_PER_LIST = 3;

export interface UploadedChart {
  readonly fileId: string;
  readonly title: string;
  readonly alt: string;
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
/** Digest text holds names people chose, never links: `[x](url)` in a team name stays text. */
const plain = { links: false } as const;
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: fitMrkdwn(text, LIMITS.contextText, plain) }] });

/**
 * Lines escaped one by one and packed into at most `maxSections` texts of at most `max`
 * characters. When they do not all fit, the last text ends with "…and N more" for the rest.
 * A single line longer than a section is cut before it is escaped, so no entity is split.
 */
export function packLines(heading: string, lines: readonly string[], max = LIMITS.sectionText, maxSections = SECTIONS_PER_LIST): string[] {
  const head = `*${escape(heading)}*`;
  const more = (n: number) => `…and ${n} more`;
  const reserve = more(lines.length).length + 1;
  const texts: string[] = [];
  let current = head;
  for (let i = 0; i < lines.length; i++) {
    const line = `• ${escape(truncate(lines[i]!, Math.floor((max - reserve) / 5)))}`;
    const last = texts.length === maxSections - 1;
    const room = last ? max - reserve : max;
    if (current.length + 1 + line.length <= room) {
      current = `${current}\n${line}`;
      continue;
    }
    if (last) {
      texts.push(`${current}\n${more(lines.length - i)}`);
      return texts;
    }
    texts.push(current);
    current = line;
  }
  texts.push(current);
  return texts;
}

function listBlocks(list: DigestList): KnownBlock[] {
  if (list.items.length === 0) return list.empty ? [section(fitMrkdwn(`*${list.heading}*\n${list.empty}`, LIMITS.sectionText, plain))] : [];
  return packLines(list.heading, list.items).map(section);
}

/** The message's blocks; `charts` are the uploaded files, in the message's order. */
export function digestBlocks(message: DigestMessage, charts: readonly UploadedChart[]): KnownBlock[] {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(message.title, LIMITS.headerText), emoji: true } },
    section(fitMrkdwn(message.headline, LIMITS.sectionText, plain)),
  ];
  for (const list of message.lists) blocks.push(...listBlocks(list));
  for (const c of charts) {
    blocks.push({ type: 'image', slack_file: { id: c.fileId }, alt_text: truncate(c.alt, 2000), title: { type: 'plain_text', text: truncate(c.title, 2000) } });
  }
  blocks.push(context(message.footer));
  return blocks.slice(0, LIMITS.messageBlocks);
}

/** The notification text: title and headline. */
export function digestFallbackText(message: DigestMessage): string {
  return fitMrkdwn(`${message.title}: ${message.headline}`, LIMITS.messageText, plain);
}
