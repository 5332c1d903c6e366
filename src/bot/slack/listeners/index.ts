// Registers every Slack listener; nothing else. Few listeners on purpose: Bolt runs each one's
// middleware for every delivery, so each is paid by every acknowledgement (events.ts).
import type { App } from '@slack/bolt';
import { registerEvents } from './events.ts';
import type { ListenerContext } from './listener-context.ts';
import { registerRunButton } from './run-button.ts';
import { registerTechtreeCommand } from './techtree-command.ts';
import { registerUnknownInteractions } from './unknown-interaction.ts';

export function registerListeners(bolt: App, ctx: ListenerContext): void {
  registerUnknownInteractions(bolt, ctx);
  registerTechtreeCommand(bolt, ctx);
  registerEvents(bolt, ctx);
  registerRunButton(bolt, ctx);
}
