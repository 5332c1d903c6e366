// Registers every Slack listener; nothing else.
import type { App } from '@slack/bolt';
import type { SlackContext } from '../slack-context.ts';
import { registerAppHomeOpened } from './app-home-opened.ts';
import { registerAppMention } from './app-mention.ts';
import { registerDirectMessage } from './direct-message.ts';
import { registerRunButton } from './run-button.ts';
import { registerTechtreeCommand } from './techtree-command.ts';

export function registerListeners(bolt: App, ctx: SlackContext): void {
  registerTechtreeCommand(bolt, ctx);
  registerAppMention(bolt, ctx);
  registerDirectMessage(bolt, ctx);
  registerRunButton(bolt, ctx);
  registerAppHomeOpened(bolt, ctx);
}
