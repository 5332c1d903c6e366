// `techtree serve` (npm start): the HTTP server with Slack and Teams, and scheduled digests, until SIGTERM or SIGINT.
import { startHttpServer } from '../bot/http-server.ts';
import type { Config } from '../config.ts';
import { loggerFromConfig } from '../log.ts';
import { startDigestRuntime } from './digest-runtime.ts';
import { parseArgs } from './io.ts';
import { shutDown, untilStopSignal } from './shutdown.ts';

export async function serveCommand(config: Config, argv: readonly string[] = []): Promise<number> {
  const { flags } = parseArgs(argv, ['no-worker']);
  const logger = loggerFromConfig(config, { service: 'techtree' });
  // Listening from the start: a signal during start-up stops the process once it has started.
  const stopSignal = untilStopSignal(logger);
  // One app serves chat and digests. Scheduled digests: a BullMQ worker (unless --no-worker) with
  // REDIS_URL, else the embedded ticker; council commands keep the BullMQ schedulers in step.
  const digests = await startDigestRuntime(config, logger, { worker: flags.get('no-worker') !== true });
  let server;
  try {
    server = await startHttpServer({ config, app: digests.app, logger, readiness: digests.readiness });
  } catch (error) {
    await digests.close(Date.now() + config.drainMs);
    throw error;
  }
  const http = server;
  logger.info('techtree: serving', { port: server.port, database: config.databaseUrl ? 'postgres' : config.sqlitePath, slack: Boolean(config.slack), teams: config.teams ? (config.teams.appId ? 'on' : 'emulator') : 'off', digests: digests.mode, tracing: Boolean(config.telemetry) });
  const signal = await stopSignal;
  // One budget for the whole shutdown (TECHTREE_DRAIN_SECONDS): what is not done by then stays in
  // the inbox (or, for a digest, in its run row), and the next start finishes it.
  return shutDown(logger, signal, config.drainMs, async (deadline) => {
    await http.close(deadline);
    await digests.close(deadline);
  });
}
