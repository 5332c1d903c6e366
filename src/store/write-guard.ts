// Catches the one mistake that would hang the process instead of failing: using the store
// (rather than the transaction handed to you) inside a write. On SQLite the write holds the only
// connection, so a read through the store waits for itself; on Postgres a nested writeTeam of
// the same team waits for its own advisory lock. Both now fail at once, on both databases.
import { AsyncLocalStorage } from 'node:async_hooks';

export class WriteGuard {
  readonly #inside = new AsyncLocalStorage<string>();

  /** Runs a write's callback, marking everything it starts as "inside a write". */
  within<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return this.#inside.run(what, fn);
  }

  /** Called whenever a connection is about to be taken from the database. */
  assertOutside(): void {
    const what = this.#inside.getStore();
    if (what !== undefined) {
      throw new Error(`The store was used directly inside ${what}; use the transaction passed to the callback (on SQLite this would wait for itself forever)`);
    }
  }
}
