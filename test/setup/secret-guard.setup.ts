// Runs in every test file (vitest setupFiles): a test fails when any log line captured while it
// ran held a configured secret (test/helpers/secret-guard.ts).
import { afterEach, expect } from 'vitest';
import { takeLeaks } from '../helpers/secret-guard.ts';

afterEach(() => {
  const leaks = takeLeaks();
  expect(leaks, `secrets reached log lines:\n${leaks.map((l) => `${l.where}: ${l.line}`).join('\n')}`).toEqual([]);
});
