// Every interaction gets its ack, ours or not: a button of an old message whose id we no longer
// use, a shortcut or a modal from a misconfigured app. Unacknowledged, Slack would show the user
// an error after 3 s; so these are acknowledged, logged and otherwise ignored.
import type { App } from '@slack/bolt';
import type { ListenerContext } from './listener-context.ts';

/** Any action_id that is not one of our run buttons (blocks.ts: techtree:run:<n>). */
const NOT_OURS = /^(?!techtree:run:\d+$)/;
const ANY = /.*/;

export function registerUnknownInteractions(bolt: App, ctx: ListenerContext): void {
  const ignore = (what: string) => async ({ ack, body }: { ack: () => Promise<void>; body: unknown }) => {
    await ack();
    const b = body as { actions?: { action_id?: string }[]; callback_id?: string; view?: { callback_id?: string } };
    ctx.logger.info(`slack: unknown ${what} acknowledged and ignored`, { id: b.actions?.[0]?.action_id ?? b.callback_id ?? b.view?.callback_id });
  };
  bolt.action({ type: 'block_actions', action_id: NOT_OURS }, ignore('button or menu'));
  bolt.shortcut(ANY, ignore('shortcut'));
  bolt.view({ callback_id: ANY, type: 'view_submission' }, ignore('view submission'));
  bolt.view({ callback_id: ANY, type: 'view_closed' }, ignore('view closed'));
  bolt.options(ANY, ignore('options request'));
}
