// The secrets the test suite configures (signing secret, bot tokens, an app password), and the one
// check every captured log line passes through: memoryLogger (every in-process test's logger) and
// the child-process log readers (serve-process.ts, the worker tests) call `checkLogLine`. A line
// holding a secret is recorded, and test/setup/secret-guard.setup.ts fails the test that wrote it.
// That is how "no secret in any log line of the whole test run" is checked: for every line the
// tests capture, not by reading the terminal.
import { SIGNING_SECRET } from './slack-signing.ts';

/** A Teams app password as Microsoft shapes them (the Teams tests configure this one). */
export const TEST_APP_PASSWORD = 'test-app-password~Q8x.9fZ';

/** Every secret value configured by a test helper; keep in step when a helper gains one. */
export const TEST_SECRETS: readonly string[] = [SIGNING_SECRET, 'xoxb-test-token', 'xoxb-test', TEST_APP_PASSWORD];

export interface SecretLeak {
  readonly secret: string;
  readonly line: string;
  readonly where: string;
}

const leaks: SecretLeak[] = [];

/** Records a leak when `line` contains one of TEST_SECRETS (or `extra`); returns the line. */
export function checkLogLine(line: string, where: string, extra: readonly string[] = []): string {
  for (const secret of [...TEST_SECRETS, ...extra]) {
    if (line.includes(secret)) leaks.push({ secret, line: line.slice(0, 2000), where });
  }
  return line;
}

/** The leaks recorded since the last call, and forgets them. */
export function takeLeaks(): SecretLeak[] {
  return leaks.splice(0);
}
