// One retry policy for both modes: BullMQ's `attempts` + exponential `backoff`, and the same
// numbers for the embedded runner (p-retry), so a failing digest behaves alike everywhere.
import type { DigestConfig } from '../config.ts';

export interface RetryPolicy {
  readonly attempts: number;
  /** Delay before the 2nd attempt; doubled before each further one (BullMQ's exponential backoff). */
  readonly backoffMs: number;
}

export function retryPolicy(c: Pick<DigestConfig, 'attempts' | 'backoffMs'>): RetryPolicy {
  return { attempts: c.attempts, backoffMs: c.backoffMs };
}

/** BullMQ job options carrying the policy, and how long finished jobs are kept. */
export function bullJobOptions(p: RetryPolicy) {
  return {
    attempts: p.attempts,
    backoff: { type: 'exponential' as const, delay: p.backoffMs },
    removeOnComplete: { age: 7 * 86_400, count: 1000 },
    removeOnFail: { age: 30 * 86_400, count: 1000 },
  };
}
