// The port the adapters (Slack, Teams, CLI) call. Adapters verify, acknowledge, translate a
// payload into (Conversation, text), call `ask`, and render the Reply. Nothing else.
import type { AskOptions, Conversation } from './conversation.ts';
import type { Reply } from './reply.ts';

export interface ProgressChanged {
  readonly orgId: string;
  readonly teamId: string;
}

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
  /** Platform user ids of a team's members (who to refresh an App Home for). */
  membersOf(teamId: string): Promise<readonly string[]>;
  /** Called after every recorded progress change. Returns an unsubscribe function. */
  onProgress(listener: (change: ProgressChanged) => void): () => void;
  /** Throws when the database does not answer (for /readyz). */
  ready(): Promise<void>;
  close(): Promise<void>;
}
