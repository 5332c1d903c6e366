// Acks first. Work that follows an ack (the database, rendering, posting) shares the event loop
// with the acks of requests still arriving; run all at once, sixteen answers' worth of work would
// hold every new ack back. So jobs start one per event-loop turn, between which Node reads and
// acknowledges what has arrived. When the queue falls behind, a few start per turn so it drains.
import { setImmediate as immediate } from 'node:timers';

export interface WorkQueueOptions {
  /** Jobs running at once (a job waiting on Slack or a lock does not hold the others). Default 8. */
  readonly maxRunning?: number;
  /** Jobs started per turn once the oldest has waited `behindMs`. Default 4. */
  readonly burst?: number;
  /** Default 2000 ms: well inside response_url's 30 minutes, well before a backlog builds. */
  readonly behindMs?: number;
  readonly now?: () => number;
}

interface Waiting {
  readonly at: number;
  readonly start: () => void;
}

export class WorkQueue {
  private readonly waiting: Waiting[] = [];
  private running = 0;
  private scheduled = false;
  private readonly maxRunning: number;
  private readonly burst: number;
  private readonly behindMs: number;
  private readonly now: () => number;

  constructor(options: WorkQueueOptions = {}) {
    this.maxRunning = options.maxRunning ?? 8;
    this.burst = options.burst ?? 4;
    this.behindMs = options.behindMs ?? 2000;
    this.now = options.now ?? Date.now;
  }

  /** Resolves when the job has run; a job must not reject. */
  push(job: () => Promise<void>): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push({
        at: this.now(),
        start: () => {
          this.running += 1;
          void job().finally(() => {
            this.running -= 1;
            resolve();
            this.schedule();
          });
        },
      });
      this.schedule();
    });
  }

  get size(): number {
    return this.waiting.length + this.running;
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0 || this.running >= this.maxRunning) return;
    this.scheduled = true;
    immediate(() => this.turn());
  }

  private turn(): void {
    this.scheduled = false;
    const oldest = this.waiting[0];
    let starts = oldest && this.now() - oldest.at >= this.behindMs ? this.burst : 1;
    while (starts-- > 0 && this.running < this.maxRunning) {
      const next = this.waiting.shift();
      if (!next) break;
      next.start();
    }
    this.schedule();
  }
}
