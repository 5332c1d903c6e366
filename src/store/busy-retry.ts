// Bounded, jittered retries of SQLite lock timeouts, so a user never sees SQLITE_BUSY.
import { StoreError, isSqliteBusy, messageOf } from './store-error.ts';

export interface BusyRetryOptions {
  /** Attempts before giving up with StoreError 'Busy'. Default 6. */
  readonly maxAttempts?: number;
  readonly onBusyRetry?: (attempt: number, error: unknown) => void;
}

const BACKOFF_BASE_MS = 25;
const BACKOFF_CAP_MS = 1000;

/**
 * Runs `work` again while it fails with SQLITE_BUSY. Waiting happens here, off the event loop,
 * instead of in a long busy_timeout that would block the whole process (better-sqlite3 is sync).
 */
export async function retryOnBusy<T>(doing: string, work: () => Promise<T> | T, opts: BusyRetryOptions = {}): Promise<T> {
  const maxAttempts = opts.maxAttempts ?? 6;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isSqliteBusy(error)) throw error;
      if (attempt >= maxAttempts) {
        throw new StoreError('Busy', `The SQLite database stayed locked by another process through ${attempt} attempts at ${doing}: ${messageOf(error)}`, { cause: error });
      }
      opts.onBusyRetry?.(attempt, error);
      await sleep(jitteredBackoff(attempt));
    }
  }
}

/** Full jitter, so two processes that collided once do not collide again in step. */
function jitteredBackoff(attempt: number): number {
  return Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
