// The port the adapters (Slack, Teams, CLI) call. Adapters verify, acknowledge, translate a
// payload into (Conversation, text), call `ask` (chat platforms: through the inbox, which calls
// `ask` after the acknowledgement), and render the Reply. Nothing else.
import type { AskOptions, Conversation } from './conversation.ts';
import type { ConversationReferences } from './conversation-references.ts';
import type { Inbox } from './delivery.ts';
import type { Reply } from './reply.ts';

/** A council's schedule or channel changed, or it was removed: the schedulers follow. */
export interface CouncilChanged {
  readonly councilId: string;
  readonly removed: boolean;
}

export interface TechTreeApp {
  /** Runs one command (or, with `conversational`, a plain question) and answers it. */
  ask(conversation: Conversation, text: string, options?: AskOptions): Promise<Reply>;
  /** The user's team at a glance: progress per tier and track, what's next, the tree picture. */
  home(conversation: Conversation, options?: { withImages?: boolean }): Promise<Reply>;
  /** One chart as a picture: `tree`, or a digest chart (`unlocked`, `stalled`, `heatmap`, `trend`). */
  chart(conversation: Conversation, kind: string): Promise<Reply>;
  /** Chat deliveries: written before they are acknowledged, then applied and answered once (delivery.ts). */
  readonly inbox: Inbox;
  /** How to reach a conversation later, for platforms that post proactively (Teams). */
  readonly references: ConversationReferences;
  /** Throws when the database does not answer (for /readyz). */
  ready(): Promise<void>;
  close(): Promise<void>;
}
