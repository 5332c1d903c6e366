// Reply -> Block Kit, pure. Buttons carry the command text they run as their value, so a click
// goes through the same grammar and use cases as typing it.
import type { types } from '@slack/bolt';
import type { Reply, ReplyAction, ReplySection } from '../../app/reply.ts';
import { LIMITS, chunk, truncate } from './block-limits.ts';
import { chunkMrkdwn, fitMrkdwn } from './mrkdwn.ts';
import type { SlackMessage } from './web-api.ts';

type KnownBlock = types.KnownBlock;

export const RUN_ACTION_PREFIX = 'techtree:run:';
/** Matches every button this renderer makes (for the block_actions listener). */
export const RUN_ACTION_ID = /^techtree:run:\d+$/;

export interface RenderOptions {
  /** 50 for messages, 100 for the App Home. */
  readonly maxBlocks?: number;
  /** Where the picture went, shown next to its description. */
  readonly imageNote?: string;
  /** First button number, so that two rendered replies in one view never share an action_id. */
  readonly firstAction?: number;
  /** A line shown above the answer when it is not the usual one (sent again, or late); plain text. */
  readonly note?: string;
}

/** The reply as one message: its blocks, and its text (notifications, fallbacks) as mrkdwn within 3,000 characters. */
export function renderMessage(reply: Reply, options: RenderOptions = {}): SlackMessage {
  const text = reply.text || reply.title || 'TechTree';
  return { text: fitMrkdwn(options.note ? `${options.note}\n${text}` : text, LIMITS.messageText), blocks: renderBlocks(reply, options) };
}

export function renderBlocks(reply: Reply, options: RenderOptions = {}): KnownBlock[] {
  const maxBlocks = Math.max(2, options.maxBlocks ?? LIMITS.messageBlocks);
  const content: KnownBlock[] = [];
  if (options.note) content.push(context(options.note));
  if (reply.title) content.push(header(reply.title));
  const sections: readonly ReplySection[] = reply.sections?.length ? reply.sections : [{ text: reply.text }];
  for (const s of sections) content.push(...sectionBlocks(s));
  if (reply.image) {
    const note = options.imageNote ?? 'picture attached';
    content.push(context(`:frame_with_picture: ${reply.image.alt} (${note})`));
  }
  if (content.length === 0) content.push(section(fitMrkdwn(reply.text || ' ', LIMITS.sectionText)));
  const actions = actionBlocks(reply.actions ?? [], options.firstAction ?? 0, Math.floor(maxBlocks / 2));
  const room = maxBlocks - actions.length;
  const kept = content.length <= room
    ? content
    : [...content.slice(0, room - 1), context('…more than fits in one Slack message was left out.')];
  return [...kept, ...actions];
}

/** How many buttons a rendered reply uses (to number the next one in the same view). */
export function buttonCount(reply: Reply): number {
  return usableActions(reply.actions ?? []).length;
}

function header(title: string): KnownBlock {
  return { type: 'header', text: { type: 'plain_text', text: truncate(title, LIMITS.headerText), emoji: true } };
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** `text` is markdown-light, escaped here. */
function context(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: fitMrkdwn(text, LIMITS.contextText) }] };
}

function sectionBlocks(s: ReplySection): KnownBlock[] {
  const body = [s.heading ? `*${s.heading}*` : '', s.text].filter(Boolean).join('\n');
  const blocks: KnownBlock[] = body.trim() ? chunkMrkdwn(body, LIMITS.sectionText).map(section) : [];
  const fields = (s.fields ?? []).map((f) => ({
    type: 'mrkdwn' as const,
    text: fitMrkdwn(`*${f.label}*\n${f.value}`, LIMITS.fieldText),
  }));
  for (const group of chunk(fields, LIMITS.fieldsPerSection)) blocks.push({ type: 'section', fields: group });
  return blocks;
}

// A command that does not fit in a button's value would run cut short: leave such a button out.
function usableActions(actions: readonly ReplyAction[]): ReplyAction[] {
  return actions.filter((a) => a.command.trim() && a.command.length <= LIMITS.buttonValue);
}

function actionBlocks(actions: readonly ReplyAction[], first: number, maxBlocks: number): KnownBlock[] {
  const buttons: types.Button[] = usableActions(actions).map((a, i) => ({
    type: 'button',
    action_id: `${RUN_ACTION_PREFIX}${first + i}`,
    text: { type: 'plain_text', text: truncate(a.label.trim() || a.command, LIMITS.buttonText), emoji: true },
    value: a.command,
    ...(a.style ? { style: a.style } : {}),
  }));
  return chunk(buttons, LIMITS.actionsPerBlock).slice(0, maxBlocks).map((elements) => ({ type: 'actions', elements }));
}
