// A command as a chat platform delivered it, and the two ports around it: the Inbox the adapters
// hand deliveries to, and the Answerer through which each platform posts the answers. Nothing here
// is Slack's: the Teams adapter brings its own Answerer (proactive posts through a stored
// conversation reference) and uses the same Inbox.
import type { Conversation, Platform } from './conversation.ts';
import type { Reply } from './reply.ts';

export interface Delivery {
  /**
   * Unique across platforms and the same for every copy of one delivery (a retry, a replay, the
   * same request at two processes): `slack:T123:command:<trigger_id>`. It is also the command's
   * idempotency key, so its change is recorded once.
   */
  readonly key: string;
  readonly platform: Platform;
  readonly conversation: Conversation;
  /** The command or question as typed. */
  readonly text: string;
  /** Plain questions are understood (DMs, mentions). */
  readonly conversational?: boolean;
  /** Pictures are drawn into the reply. */
  readonly withImages?: boolean;
  /** Where the answer goes, in the platform's own terms, as plain JSON; only its Answerer reads it. */
  readonly replyTo: Readonly<Record<string, unknown>>;
  /** After this the reply route no longer works (Slack's response_url: 30 minutes after the command). */
  readonly replyBy?: Date;
  readonly receivedAt: Date;
  /**
   * The platform's acknowledgement carries the answer (a Teams card click: the invoke response is
   * the updated card), so its work goes at once instead of waiting behind other acknowledgements.
   */
  readonly answerIsAck?: boolean;
}

export interface AnswerContext {
  /** `replyBy` has passed: answer another way, e.g. in a direct message. */
  readonly late: boolean;
  /** Words to show with the answer when it is not the usual one (sent again, or late); from delivery-words.ts. */
  readonly note?: string;
}

/**
 * Thrown by an Answerer when the platform refuses the delivery's reply route itself (Slack: the
 * response_url expired early or was used up): the inbox answers again at once with `late: true`.
 */
export class ReplyRouteGone extends Error {
  readonly code = 'ReplyRouteGone';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ReplyRouteGone';
  }
}

/** How one platform answers its deliveries. Every method throws when the platform could not be reached. */
export interface Answerer {
  /** The asker as the platform knows them now (display name, workspace admin), before the command runs. */
  identify(conversation: Conversation): Promise<Conversation>;
  /** Posts `reply` where `delivery` asked for it. */
  answer(delivery: Delivery, reply: Reply, context: AnswerContext): Promise<void>;
  /** Posts `apology` (words from delivery-words.ts) to the asker. */
  apologise(delivery: Delivery, apology: string, context: AnswerContext): Promise<void>;
}

/**
 * `new`: written, run it. `duplicate`: this delivery was written before (here or by another process):
 * acknowledge it and do nothing. `pending`: the database did not confirm the write in time (SQLite
 * locked by another process): acknowledge it; the write goes on and the command runs once it lands.
 */
export type Acceptance = 'new' | 'duplicate' | 'pending';

export interface Inbox {
  /**
   * A delivery is on its way (its request arrived, before it is verified or parsed); call the
   * returned function once its response is sent. While any is on its way, the inbox's own work
   * (applying, answering) waits, at most a quarter second at a time (acks-first.ts).
   */
  arriving(): () => void;
  /**
   * Writes the delivery before the adapter acknowledges it; waits for the database at most
   * `withinMs` (default 2000), the platform's acknowledgement budget. Throws when the write failed:
   * nothing was recorded, so the adapter apologises and the user may try again.
   */
  accept(delivery: Delivery, options?: { readonly withinMs?: number }): Promise<Acceptance>;
  /** Runs a delivery this process accepted, after its acknowledgement: apply, answer, mark. Returns at once. */
  process(key: string): void;
  /**
   * The platform's Answerer for its deliveries; starts recovery for that platform: at once, then
   * every half lease, deliveries nobody holds (their process died or shut down) are run and answered.
   */
  serve(platform: Platform, answerer: Answerer): void;
  /**
   * Stops recovery and finishes the work in hand by `deadline` (ms since the epoch). No new
   * delivery and no new answer post begins in the last part of the time left (a quarter, at least
   * 2 s, at most half), so that what has begun can end. Whatever is not finished stays in the inbox
   * for the next start. Never rejects.
   */
  drain(deadline: number): Promise<void>;
}
