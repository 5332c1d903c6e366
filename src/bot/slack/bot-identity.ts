// The bot's own user id: from SLACK_BOT_USER_ID, else ONE auth.test at start. Bolt is then given
// it through `authorize`, so it never calls auth.test per request.
import type { SlackConfig } from '../../config.ts';
import type { SlackWebApi } from './web-api.ts';

export interface BotIdentity {
  readonly userId: string;
  readonly botId?: string;
}

export async function resolveBotIdentity(slack: SlackConfig, web: SlackWebApi): Promise<BotIdentity> {
  if (slack.botUserId) return { userId: slack.botUserId };
  try {
    return await web.authTest();
  } catch (error) {
    throw new Error(`Slack: auth.test failed, so the bot's user id is unknown (check SLACK_BOT_TOKEN, or set SLACK_BOT_USER_ID): ${(error as Error).message}`, { cause: error });
  }
}
