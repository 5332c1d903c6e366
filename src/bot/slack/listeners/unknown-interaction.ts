// Every interaction gets its ack, ours or not: a shortcut, a modal or a menu's options request
// from a misconfigured app (TechTree defines none of them). Unacknowledged, Slack would show the
// user an error after 3 s; so these are acknowledged, logged and otherwise ignored. Buttons and
// menus are run-button.ts's. This is global middleware, not four listeners (shortcut, two kinds
// of view, options): Bolt runs each listener's middleware for every delivery (events.ts), while
// this is one step, which passes everything else straight on.
import type { AnyMiddlewareArgs, App } from '@slack/bolt';
import type { ListenerContext } from './listener-context.ts';

/** What the delivery is, in the words of the log line, when it is one TechTree ignores. */
function ignoredKind(args: AnyMiddlewareArgs): string | undefined {
  // The same tests as Bolt's own onlyShortcuts, onlyViewActions and onlyOptions.
  if ('shortcut' in args && args.shortcut) return 'shortcut';
  if ('view' in args && args.view) return args.body.type === 'view_closed' ? 'view closed' : 'view submission';
  if ('options' in args && args.options) return 'options request';
  return undefined;
}

export function registerUnknownInteractions(bolt: App, ctx: ListenerContext): void {
  bolt.use(async (args) => {
    const what = ignoredKind(args);
    if (!what) return args.next();
    if ('ack' in args && args.ack) await (args.ack as () => Promise<void>)();
    const b = args.body as { callback_id?: string; action_id?: string; view?: { callback_id?: string } };
    ctx.logger.info(`slack: unknown ${what} acknowledged and ignored`, { id: b.callback_id ?? b.view?.callback_id ?? b.action_id });
  });
}
