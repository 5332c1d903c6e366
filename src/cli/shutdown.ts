// How `serve` and `worker` stop: the first SIGTERM or SIGINT starts one bounded shutdown
// (TECHTREE_DRAIN_SECONDS); a second one exits at once; a shutdown that still hangs past its
// budget (a dependency that never answers) is cut off. Either way what was acknowledged is in the
// inbox or a digest run row, and the next start finishes it.
import type { Logger } from '../log.ts';

/** What the process may still take after the budget to flush its logs and exit. */
const EXIT_GRACE_MS = 1000;
const SIGNAL_NUMBER: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 2, SIGTERM: 15 };

/**
 * Resolves with the first SIGTERM or SIGINT. From then on, a second one of either exits the
 * process at once with 128 + its number (130, 143), the shell's code for "stopped by a signal".
 */
export function untilStopSignal(logger: Logger): Promise<'SIGINT' | 'SIGTERM'> {
  return new Promise((resolve) => {
    let first: string | undefined;
    const on = (signal: 'SIGINT' | 'SIGTERM') => {
      if (first === undefined) {
        first = signal;
        resolve(signal);
        return;
      }
      logger.warn('second signal: exiting now; unfinished work stays in the inbox for the next start', { signal, first });
      process.exit(128 + SIGNAL_NUMBER[signal]);
    };
    process.on('SIGTERM', () => on('SIGTERM'));
    process.on('SIGINT', () => on('SIGINT'));
  });
}

/**
 * Runs `stop(deadline)` with deadline = now + `drainMs` and returns the exit code: 0 when it
 * finished, 1 when it threw. If it has not finished `EXIT_GRACE_MS` after the deadline, the process
 * exits with 1 from a timer, naming the overrun. After a clean stop the process exits shortly even
 * if a handle (a post abandoned at the deadline) would keep it alive.
 */
export async function shutDown(logger: Logger, signal: string, drainMs: number, stop: (deadline: number) => Promise<void>): Promise<number> {
  const startedAt = Date.now();
  const deadline = startedAt + drainMs;
  logger.info('shutting down', { signal, drainMs });
  const overrun = setTimeout(() => {
    logger.error('shutdown overran its budget; exiting anyway (unfinished work stays in the inbox)', { drainMs, tookMs: Date.now() - startedAt });
    process.exit(1);
  }, drainMs + EXIT_GRACE_MS);
  overrun.unref();
  let code = 0;
  try {
    await stop(deadline);
    logger.info('stopped', { tookMs: Date.now() - startedAt });
  } catch (error) {
    logger.error('shutdown failed', { error });
    code = 1;
  } finally {
    clearTimeout(overrun);
  }
  setTimeout(() => process.exit(code), 200).unref();
  return code;
}
