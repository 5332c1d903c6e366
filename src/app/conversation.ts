// Who is asking, from where: everything a use case needs to know about the chat it answers.

export type Platform = 'slack' | 'teams' | 'cli';

export interface Conversation {
  readonly platform: Platform;
  /** A Slack workspace or a Teams tenant; ids carry their platform: `slack:T123`, `teams:<tenant>`, `cli:acme`. */
  readonly orgId: string;
  readonly orgName?: string;
  /** The platform's own user id (`U123`). */
  readonly userId: string;
  readonly userName?: string;
  /** The channel, with its platform and org: `slack:T123:C456`. Absent in the CLI without --channel. */
  readonly channelId?: string;
  /** A direct message with the bot. */
  readonly isDirect?: boolean;
  /** The platform says this user administers the workspace (Slack is_admin / is_owner). */
  readonly isPlatformAdmin?: boolean;
  /** Act for this team regardless of channel links (the CLI's --team). */
  readonly teamId?: string;
}

export interface AskOptions {
  /** One delivery records once: a retried request with the same key changes nothing. */
  readonly idempotencyKey?: string;
  /** Plain questions ("what's next for my team?") are understood, as in DMs and mentions. */
  readonly conversational?: boolean;
  /** Draw pictures (the tree) into the reply; off for adapters that cannot show them. */
  readonly withImages?: boolean;
}
