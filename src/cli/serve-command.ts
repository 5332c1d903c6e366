// `techtree serve` (npm start): the HTTP server with Slack, until SIGTERM or SIGINT.
import { openAppInWorker } from '../bot/app-worker.ts';
import { startHttpServer } from '../bot/http-server.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../log.ts';
import { startDigestRuntime } from './digest-runtime.ts';
import { parseArgs } from './io.ts';

export async function serveCommand(config: Config, argv: readonly string[] = []): Promise<number> {
  const { flags } = parseArgs(argv, ['no-worker']);
  const logger = createLogger(config.logLevel, { service: 'techtree' });
  // The app runs on a worker thread: SQLite waits there never hold up Slack's 3-second ack, and
  // Slack's work after each ack (rendering, posting) runs there too.
  const app = await openAppInWorker(config, logger);
  const server = await startHttpServer({ config, app, slackWork: app.slack, logger });
  // Scheduled digests: a BullMQ worker (unless --no-worker) with REDIS_URL, else the embedded ticker.
  const digests = await startDigestRuntime(config, logger, { worker: flags.get('no-worker') !== true });
  logger.info('techtree: serving', { port: server.port, database: config.databaseUrl ? 'postgres' : config.sqlitePath, slack: Boolean(config.slack), digests: digests.mode });
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info('shutting down', { signal });
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  // Finish in-flight requests and the digest being posted, then close the database.
  await server.close();
  await digests.close();
  await app.close();
  logger.info('stopped');
  return 0;
}
