// How Teams deliveries are answered (the inbox's Answerer, app/delivery.ts): always proactively,
// through the conversation reference the delivery carries in its reply route, so an answer
// recovered after a restart goes where the live one would have. One exception: a button click
// (an `adaptiveCard/action` invoke) whose HTTP request is still open here gets its answer in the
// invoke response, as the card that replaces the clicked one.
import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { Answerer, Delivery } from '../../app/delivery.ts';
import type { Reply } from '../../app/reply.ts';
import type { Logger } from '../../log.ts';
import { replyActivity } from './cards.ts';
import { sendWithoutPicturesOn413, type TeamsSend } from './teams-send.ts';

const replyToSchema = z.object({
  /** `message`: answered in the conversation (in a channel, in the message's thread); `invoke`: a card button. */
  kind: z.enum(['message', 'invoke']),
  reference: z.looseObject({ serviceUrl: z.string(), conversation: z.looseObject({ id: z.string() }) }),
});

export type TeamsReplyTo = z.infer<typeof replyToSchema>;

/** The reply route of a delivery, as the adapter writes it. */
export function teamsReplyTo(kind: TeamsReplyTo['kind'], reference: Partial<ConversationReference>): Record<string, unknown> {
  return { kind, reference };
}

export interface InvokeAnswer {
  readonly reply: Reply;
  readonly note?: string;
}

/** Open invoke requests waiting for their answer, by delivery key (this process only). */
export interface InvokeWaiters {
  /** Waits for the answer of `key` at most `withinMs`; undefined when it did not come in time (it is then posted as a message). */
  wait(key: string, withinMs: number): Promise<InvokeAnswer | undefined>;
  /** Hands an answer to the open request of `key`; false when none waits for it. */
  hand(key: string, answer: InvokeAnswer): boolean;
}

/** Waiters for one process; an answer handed after the wait timed out finds none (and is posted instead). */
export function createInvokeWaiters(): InvokeWaiters {
  const waiting = new Map<string, (answer: InvokeAnswer | undefined) => void>();
  return {
    wait(key, withinMs) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting.delete(key);
          resolve(undefined);
        }, withinMs);
        waiting.set(key, (answer) => {
          clearTimeout(timer);
          waiting.delete(key);
          resolve(answer);
        });
      });
    },
    hand(key, answer) {
      const resolve = waiting.get(key);
      resolve?.(answer);
      return resolve !== undefined;
    },
  };
}

/** The inbox's Answerer for Teams: proactive posts through `send`, or the waiting invoke response for a click. */
export function createTeamsAnswerer(send: TeamsSend, waiters: InvokeWaiters, logger: Logger): Answerer {
  // Checked, then handed back to botbuilder as the reference it wrote.
  const routeOf = (delivery: Delivery) => {
    const route = replyToSchema.parse(delivery.replyTo);
    return { kind: route.kind, reference: route.reference as unknown as Partial<ConversationReference> };
  };
  return {
    // Teams tells the name with every activity; whether someone administers the tenant it does not.
    async identify(conversation) {
      return conversation;
    },

    async answer(delivery, reply, { note }) {
      const to = routeOf(delivery);
      if (to.kind === 'invoke' && waiters.hand(delivery.key, { reply, ...(note ? { note } : {}) })) return;
      // A reply with a picture that Teams refuses as too large goes again without it.
      await sendWithoutPicturesOn413(send, logger, to.reference, (options) => replyActivity(reply, { ...options, ...(note ? { note } : {}) }));
    },

    async apologise(delivery, apology) {
      const to = routeOf(delivery);
      await send(to.reference, { type: 'message', text: apology });
    },
  };
}
