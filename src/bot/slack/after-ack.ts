// The adapter's edge. Work that follows an ack runs here, queued behind the acks (work-queue.ts):
// a failure (database down, Slack unreachable, a bug) is logged once with a reference id, and
// the user gets a short apology carrying that id. Closing waits for queued and running work.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../log.ts';
import { SlackError } from './slack-error.ts';
import { WorkQueue, type WorkQueueOptions } from './work-queue.ts';

export type Apologise = (apology: string) => Promise<void>;

export interface Edge {
  run(what: string, fields: Record<string, unknown>, work: () => Promise<void>, apologise?: Apologise): Promise<void>;
  /** Resolves when all running work is finished, or after `timeoutMs`. */
  drain(timeoutMs: number): Promise<void>;
}

export function apologyText(ref: string): string {
  return `Sorry, something went wrong on my side. Please try again in a minute; if it keeps happening, give your admin this reference: \`${ref}\`.`;
}

export function newReference(): string {
  return `slk-${randomBytes(4).toString('hex')}`;
}

export function createEdge(logger: Logger, queueOptions: WorkQueueOptions = {}): Edge {
  const queue = new WorkQueue(queueOptions);
  const running = new Set<Promise<void>>();

  const guarded = async (what: string, fields: Record<string, unknown>, work: () => Promise<void>, apologise?: Apologise): Promise<void> => {
    try {
      await work();
    } catch (error) {
      const ref = newReference();
      const code = (error as { code?: unknown }).code;
      logger.error(`slack: ${what} failed`, { ref, ...fields, ...(code ? { code } : {}), error });
      if (!apologise) return;
      try {
        await apologise(apologyText(ref));
      } catch (second) {
        logger.warn('slack: could not deliver the apology either', { ref, error: second instanceof SlackError ? second.message : second });
      }
    }
  };

  return {
    run(what, fields, work, apologise) {
      const p = queue.push(() => guarded(what, fields, work, apologise));
      running.add(p);
      void p.finally(() => running.delete(p));
      return p;
    },
    async drain(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([Promise.allSettled([...running]).then(() => undefined), timeout]);
      clearTimeout(timer);
    },
  };
}
