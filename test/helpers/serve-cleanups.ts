// Per-test cleanup for tests that run `techtree serve` processes: scratch databases and child
// processes are registered as they are made and undone after each test, last first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { ServeProcess } from './serve-process.ts';

export interface ServeCleanups {
  /** Runs `undo` after the current test (in reverse order of registration). */
  later(...undo: (() => Promise<void> | void)[]): void;
  /** A fresh SQLite path (`<tmp>/<prefix>…/techtree.db`) whose folder is removed after the test. */
  scratch(prefix: string): string;
  /** SIGKILLs `p` after the test if it is still running; returns it. */
  track(p: ServeProcess): ServeProcess;
}

/** Registers an `afterEach` in the calling file; call once at its top level. */
export function useServeCleanups(): ServeCleanups {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return {
    later: (...undo) => void cleanups.push(...undo),
    scratch(prefix) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return join(dir, 'techtree.db');
    },
    track(p) {
      cleanups.push(() => {
        if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      });
      return p;
    },
  };
}
