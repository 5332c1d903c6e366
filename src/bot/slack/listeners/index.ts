// Registers every Slack listener; nothing else.
import type { App } from '@slack/bolt';
import { registerAppHomeOpened } from './app-home-opened.ts';
import { registerAppMention } from './app-mention.ts';
import { registerDirectMessage } from './direct-message.ts';
import type { ListenerContext } from './listener-context.ts';
import { registerRunButton } from './run-button.ts';
import { registerTechtreeCommand } from './techtree-command.ts';
import { registerUnknownInteractions } from './unknown-interaction.ts';

export function registerListeners(bolt: App, ctx: ListenerContext): void {
  registerTechtreeCommand(bolt, ctx);
  registerAppMention(bolt, ctx);
  registerDirectMessage(bolt, ctx);
  registerRunButton(bolt, ctx);
  registerAppHomeOpened(bolt, ctx);
  registerUnknownInteractions(bolt, ctx);
}
