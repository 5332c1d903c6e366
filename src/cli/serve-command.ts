// `techtree serve` (npm start): the HTTP server with Slack, until SIGTERM or SIGINT.
import { openApp } from '../app/open-app.ts';
import { startHttpServer } from '../bot/http-server.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../log.ts';

export async function serveCommand(config: Config): Promise<number> {
  const logger = createLogger(config.logLevel, { service: 'techtree' });
  const app = await openApp(config, logger);
  const server = await startHttpServer({ config, app, logger });
  logger.info('techtree: serving', { port: server.port, database: config.databaseUrl ? 'postgres' : config.sqlitePath, slack: Boolean(config.slack) });
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  // One budget for the whole shutdown (TECHTREE_DRAIN_SECONDS): what is not done by then stays in
  // the inbox, and the next start finishes it.
  const deadline = Date.now() + config.drainMs;
  logger.info('shutting down', { signal, drainMs: config.drainMs });
  await server.close(deadline);
  await app.close();
  logger.info('stopped');
  // Work abandoned at the deadline (a post still waiting on Slack) must not keep the process past
  // its budget: it is in the inbox, and the next start finishes it.
  setTimeout(() => process.exit(0), 200).unref();
  return 0;
}
