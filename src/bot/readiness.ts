// GET /readyz: one line per dependency (`database: ok`, `redis: down (…)`), 200 when all answer,
// 503 naming the ones that do not. Each check is bounded, so a hung dependency reads as down
// instead of holding the probe; nothing is cached, so readiness recovers as soon as they do.
import type { ServerResponse } from 'node:http';
import type { Logger } from '../log.ts';

/** One dependency the process needs to serve: `check` resolves when it answers, rejects with why not. */
export interface ReadinessCheck {
  /** As shown to the operator: `database`, `redis`. */
  readonly name: string;
  check(): Promise<void>;
}

/** How long one dependency may take to answer before it counts as down. */
export const READY_TIMEOUT_MS = 2000;

/** The state of one dependency: undefined when it answered, else a short reason (at most 300 characters). */
async function probe(check: ReadinessCheck, timeoutMs: number): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([check.check(), timeout]);
    return undefined;
  } catch (error) {
    return String((error as Error)?.message ?? error).replace(/\s+/g, ' ').slice(0, 300) || 'no reason given';
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs every check at once and answers: `ready` then one `name: ok` line each (200), or
 * `not ready: <names> down` then `name: down (reason)` lines (503), as text/plain.
 */
export async function answerReadiness(res: ServerResponse, checks: readonly ReadinessCheck[], logger: Logger, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const states = await Promise.all(checks.map(async (c) => ({ name: c.name, problem: await probe(c, timeoutMs) })));
  const down = states.filter((s) => s.problem !== undefined);
  const lines = states.map((s) => (s.problem === undefined ? `${s.name}: ok` : `${s.name}: down (${s.problem})`));
  const head = down.length === 0 ? 'ready' : `not ready: ${down.map((s) => s.name).join(', ')} down`;
  if (down.length > 0) logger.warn('not ready', { down: Object.fromEntries(down.map((s) => [s.name, s.problem])) });
  if (res.destroyed) return;
  res.writeHead(down.length === 0 ? 200 : 503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' })
    .end(`${[head, ...lines].join('\n')}\n`);
}
