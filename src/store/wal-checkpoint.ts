// SQLite's WAL grows with every commit until a checkpoint copies it back into the database file
// and fsyncs it: tens of milliseconds on a busy disk. By default the commit that crosses 1000
// pages runs it, synchronously, and better-sqlite3 runs on the event loop: that one commit (often
// an inbox write an acknowledgement waits for) stalls every request for as long. So the serving
// connection never checkpoints (wal_autocheckpoint=0) and a thread of its own does, every
// `intervalMs`, with its own connection (PASSIVE: it never blocks a writer or a reader).
// Durability is unchanged: a commit is in the WAL before it returns, checkpointed or not.
import { Piscina } from 'piscina';

export interface WalCheckpointer {
  /** Stops checkpointing and ends the thread (the serving connection checkpoints once more as it closes). */
  close(): Promise<void>;
}

export interface WalCheckpointOptions {
  /** How often to checkpoint, in ms. Default 500. */
  readonly intervalMs?: number;
  /** A checkpoint that failed (the next one tries again). */
  readonly onError?: (error: unknown) => void;
}

/** Starts checkpointing the SQLite file at `file` off the event loop; the thread starts at the first checkpoint. */
export function startWalCheckpointer(file: string, options: WalCheckpointOptions = {}): WalCheckpointer {
  const pool = new Piscina<{ file: string }, unknown>({
    filename: new URL('./wal-checkpoint-thread.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: 60_000,
  });
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    running ??= pool.run({ file })
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        running = undefined;
      });
  }, options.intervalMs ?? 500);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await running;
      await pool.close();
    },
  };
}
