// botframework-connector (4.23.3, the newest) writes to the global console when it refuses a
// token: `console.error(err)` with the stack of an expired one, the bot's signing keys for one
// signed otherwise (botbuilder-js issue #4324; the fix, PR #4333, was never merged). Those lines
// bypass pino and its redaction, and the caller already logs the refusal once. So the console is
// fenced off for code run inside `withoutConsole`: an AsyncLocalStorage marks the calls that
// botbuilder makes on behalf of that one request, and only those are dropped; everything else
// the process writes to the console is untouched.
import { AsyncLocalStorage } from 'node:async_hooks';

const fenced = new AsyncLocalStorage<true>();
const METHODS = ['error', 'warn', 'log', 'info', 'debug', 'trace'] as const;
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  for (const name of METHODS) {
    const original = console[name].bind(console);
    console[name] = (...args: unknown[]) => {
      if (fenced.getStore()) return;
      original(...args);
    };
  }
}

/**
 * Runs `fn` (a call into botbuilder) with its console output dropped: console.error, warn, log,
 * info, debug and trace made by `fn` or by any work it starts (promises, timers) write nothing.
 * The caller logs the outcome itself, through pino. Resolves or rejects as `fn` does.
 */
export function withoutConsole<T>(fn: () => Promise<T>): Promise<T> {
  install();
  return fenced.run(true, fn);
}
