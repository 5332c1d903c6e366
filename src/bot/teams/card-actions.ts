// Buttons on a card, and the command a click brings back. A button is an Action.Execute
// (universal actions: Teams sends an `adaptiveCard/action` invoke and shows the card the bot
// answers with in place of the old one) with an Action.Submit fallback for clients older than
// card schema 1.4, which post the button's data back as a message. Either way the button carries
// the exact command text it runs, so a click goes through the same grammar as typing it.
import { MAX_INPUT } from '../../app/grammar.ts';
import type { ReplyAction } from '../../app/reply.ts';
import { CARD_LIMITS, truncate } from './card-limits.ts';

export const ACTION_VERB = 'techtree';

export type CardAction = Record<string, unknown>;

/** Whether a button can carry `command`: not blank, and at most CARD_LIMITS.buttonCommand characters (12 such buttons stay far inside 80 KB). */
export function usable(action: ReplyAction): boolean {
  return action.command.trim().length > 0 && action.command.length <= CARD_LIMITS.buttonCommand;
}

/** One button: Action.Execute `verb: techtree, data: { command }`, falling back to Action.Submit. */
export function cardAction(action: ReplyAction): CardAction {
  const title = truncate(action.label.trim() || action.command, CARD_LIMITS.buttonTitle);
  const style = action.style === 'primary' ? 'positive' : action.style === 'danger' ? 'destructive' : undefined;
  const data = { command: action.command };
  return {
    type: 'Action.Execute',
    title,
    verb: ACTION_VERB,
    data,
    ...(style ? { style } : {}),
    fallback: { type: 'Action.Submit', title, data },
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function commandText(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > MAX_INPUT || !v.trim()) return undefined;
  return v;
}

/**
 * The command text a button carries, from what Teams sends back: the `value` of an
 * `adaptiveCard/action` invoke (`{ action: { type: 'Action.Execute', verb: 'techtree',
 * data: { command } } }`) or of a message posted by an Action.Submit (`{ command }`).
 * Undefined for anything else: another verb, a command that is not a string, blank, or longer
 * than the grammar accepts (2,000 characters). It is user input; the grammar checks the rest.
 */
export function commandOf(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  if ('action' in value) {
    const action = value.action;
    if (!isRecord(action) || action.verb !== ACTION_VERB) return undefined;
    if (action.type !== undefined && action.type !== 'Action.Execute') return undefined;
    return isRecord(action.data) ? commandText(action.data.command) : undefined;
  }
  return commandText(value.command);
}
