// `techtree serve` (npm start): the HTTP server with Slack and Teams, and scheduled digests, until SIGTERM or SIGINT.
import { startHttpServer } from '../bot/http-server.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { startDigestRuntime } from './digest-runtime.ts';
import { parseArgs } from './io.ts';

export async function serveCommand(config: Config, argv: readonly string[] = []): Promise<number> {
  const { flags } = parseArgs(argv, ['no-worker']);
  const logger = createLogger(config.logLevel, { service: 'techtree' });
  // One app serves chat and digests. Scheduled digests: a BullMQ worker (unless --no-worker) with
  // REDIS_URL, else the embedded ticker; council commands keep the BullMQ schedulers in step.
  const digests = await startDigestRuntime(config, logger, { worker: flags.get('no-worker') !== true });
  const server = await startHttpServer({ config, app: digests.app, logger });
  logger.info('techtree: serving', { port: server.port, database: config.databaseUrl ? 'postgres' : config.sqlitePath, slack: Boolean(config.slack), teams: config.teams ? (config.teams.appId ? 'on' : 'emulator') : 'off', digests: digests.mode });
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  // One budget for the whole shutdown (TECHTREE_DRAIN_SECONDS): what is not done by then stays in
  // the inbox (or, for a digest, in its run row), and the next start finishes it.
  const deadline = Date.now() + config.drainMs;
  logger.info('shutting down', { signal, drainMs: config.drainMs });
  await server.close(deadline);
  await Promise.race([digests.close(), new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())).unref())]);
  logger.info('stopped');
  // Work abandoned at the deadline (a post still waiting on Slack) must not keep the process past
  // its budget: it is in the inbox, and the next start finishes it.
  setTimeout(() => process.exit(0), 200).unref();
  return 0;
}
