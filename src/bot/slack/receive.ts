// The one step every Slack command takes at the edge: write it to the inbox, acknowledge it, start
// it. Acknowledged means recorded: Slack never sends a delivery again once it got its 200.
import type { Answerer, Delivery, Inbox } from '../../app/delivery.ts';
import { newReference, notRecordedApology } from '../../app/delivery-words.ts';
import type { Logger } from '../../log.ts';

/**
 * How long the inbox write may take before the ack goes anyway. Slack allows 3 s for the ack to
 * arrive; past this the write goes on and the command runs once it lands (Acceptance 'pending').
 */
export const ACK_WITHIN_MS = 1500;

/** Writes, acknowledges and starts a delivery; `what` names it in logs ("slash command"). Never rejects. */
export type Receive = (delivery: Delivery, ack: (() => Promise<void>) | undefined, what: string) => Promise<void>;

export function createReceive(inbox: Inbox, answerer: Answerer, logger: Logger): Receive {
  return async (delivery, ack, what) => {
    let outcome;
    try {
      outcome = await inbox.accept(delivery, { withinMs: ACK_WITHIN_MS });
    } catch (error) {
      // Not recorded: say so, with a reference for the log line. The apology is not awaited, so
      // that the ack is not held up by it.
      const ref = newReference('slack');
      const code = (error as { code?: unknown }).code;
      logger.error(`slack: ${what} failed`, { ref, key: delivery.key, ...(code ? { code } : {}), error });
      await ack?.();
      void answerer.apologise(delivery, notRecordedApology(ref), { late: false })
        .catch((e: unknown) => logger.warn('slack: could not deliver the apology either', { ref, error: e }));
      return;
    }
    await ack?.();
    if (outcome === 'duplicate') {
      logger.info('slack: duplicate delivery acknowledged, not run again', { key: delivery.key });
      return;
    }
    inbox.process(delivery.key);
  };
}
