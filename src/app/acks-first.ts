// Acknowledgements before everything else on the event loop. A platform gives each delivery a few
// seconds for its ack and measures us by it; the work after the ack (apply, draw, answer) has
// minutes. Work therefore waits for a quiet moment: a turn of the event loop on which no
// acknowledgement is on its way and none arrived in the last `quietMs` (requests that come in
// quicker than that are a burst, and the next one is likely already on the wire). It is let in one
// piece per turn, so a request that arrives meanwhile is read, written and acknowledged before the
// next piece of work starts. Under a flood with no quiet moment at all, the oldest piece goes after
// `maxWaitMs`, then the next one `maxWaitMs` later, and so on: one piece per bound, not every
// waiting piece at once, so a flood of acknowledgements keeps the loop while work still moves at a
// bounded pace. Work is deferred, never starved.
import { setImmediate as nextTurn } from 'node:timers/promises';

export interface AcksFirst {
  /** An acknowledgement is on its way (a request arrived); call the returned function once it is sent or refused. Idempotent. */
  arriving(): () => void;
  /**
   * Resolves on an event-loop turn with no acknowledgement on its way and none arriving in the last
   * `quietMs`, one waiter per turn, oldest first. With no quiet moment, one waiter is let in per
   * `maxWaitMs`, so the oldest waits at most that long and the k-th at most k times as long.
   */
  turn(): Promise<void>;
  /** Acknowledgements on their way now. */
  readonly inFlight: number;
}

/** How long, in ms, the oldest piece of work waits for a quiet turn before it goes anyway (and the interval between pieces under a flood). */
export const DEFAULT_MAX_WAIT_MS = 250;

/**
 * How long, in ms, after the last request arrived a moment counts as quiet. Requests closer together
 * than this are a burst (over 500 a second, more than one process can apply and answer anyway), and
 * the work waits for it to pass rather than slipping in between two acknowledgements.
 */
export const DEFAULT_QUIET_MS = 2;

/**
 * Who goes first on this event loop. Options: `maxWaitMs` (default DEFAULT_MAX_WAIT_MS) and
 * `quietMs` (default DEFAULT_QUIET_MS), both in milliseconds and at least 0.
 */
export function createAcksFirst(options: { readonly maxWaitMs?: number; readonly quietMs?: number } = {}): AcksFirst {
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
  let inFlight = 0;
  let lastArrival = Number.NEGATIVE_INFINITY;
  const waiting: (() => void)[] = [];
  let releasing = false;
  let quietTimer: NodeJS.Timeout | undefined;

  // Lets the first waiter in on the next turn if it is still quiet then, then the next one on the
  // turn after: between two, the poll phase reads whatever requests arrived.
  async function release(): Promise<void> {
    if (releasing || quietTimer) return;
    releasing = true;
    try {
      while (waiting.length > 0) {
        await nextTurn();
        if (inFlight > 0) return; // a request came in: its ack goes first; leave() resumes us
        const quietFor = performance.now() - lastArrival;
        if (quietFor < quietMs) {
          // A burst may still be coming in: look again once it has been quiet for long enough.
          quietTimer = setTimeout(() => {
            quietTimer = undefined;
            void release();
          }, Math.ceil(quietMs - quietFor));
          return;
        }
        waiting.shift()?.();
      }
    } finally {
      releasing = false;
    }
  }

  // Under a flood: one waiter per bound, oldest first.
  let floodTimer: NodeJS.Timeout | undefined;
  function armFloodTimer(): void {
    if (floodTimer || waiting.length === 0) return;
    floodTimer = setTimeout(() => {
      floodTimer = undefined;
      waiting.shift()?.();
      armFloodTimer();
    }, maxWaitMs);
  }

  return {
    get inFlight() {
      return inFlight;
    },
    arriving() {
      inFlight++;
      lastArrival = performance.now();
      let left = false;
      return () => {
        if (left) return;
        left = true;
        inFlight--;
        if (inFlight === 0) void release();
      };
    },
    turn() {
      return new Promise<void>((resolve) => {
        waiting.push(resolve);
        armFloodTimer();
        if (inFlight === 0) void release();
      });
    },
  };
}
