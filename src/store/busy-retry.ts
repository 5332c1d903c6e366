// Jittered retries of SQLite lock timeouts, so a user never sees SQLITE_BUSY and the wait for a
// lock held by another process happens here, between event-loop turns, not inside SQLite.
import { sqliteBusyRetries } from '../metrics.ts';
import { StoreError, isSqliteBusy, messageOf } from './store-error.ts';

export interface BusyRetryOptions {
  /** How long to keep retrying while another process holds the lock, in ms. Default 10 000. */
  readonly maxWaitMs?: number;
  readonly onBusyRetry?: (attempt: number, error: unknown) => void;
}

export const DEFAULT_LOCK_WAIT_MS = 10_000;
const BACKOFF_BASE_MS = 10;
const BACKOFF_CAP_MS = 400;

/**
 * Runs `work` again while it fails with SQLITE_BUSY, for at most `maxWaitMs` in all; then throws
 * StoreError 'Busy'. better-sqlite3 is synchronous, so a long busy_timeout would stop the whole
 * process while it waits: the connection waits only briefly (dialect.ts) and the rest of the wait
 * is these timers, during which other requests are served.
 */
export async function retryOnBusy<T>(doing: string, work: () => Promise<T> | T, opts: BusyRetryOptions = {}): Promise<T> {
  const budget = opts.maxWaitMs ?? DEFAULT_LOCK_WAIT_MS;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isSqliteBusy(error)) throw error;
      const waited = Date.now() - started;
      if (waited >= budget) {
        throw new StoreError('Busy', `The SQLite database stayed locked by another process for ${waited} ms (${attempt} attempts) while ${doing}: ${messageOf(error)}`, { cause: error });
      }
      sqliteBusyRetries.inc();
      opts.onBusyRetry?.(attempt, error);
      await sleep(Math.min(jitteredBackoff(attempt), budget - waited));
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
