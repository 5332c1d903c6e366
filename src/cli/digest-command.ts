// `techtree digest`, `techtree councils` and `techtree worker`: what an operator runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RenderedDigest } from '../app/digest-service.ts';
import { isDigestRunError } from '../app/digest-service.ts';
import { localTime } from '../app/schedule.ts';
import type { Config } from '../config.ts';
import { loggerFromConfig } from '../log.ts';
import { startDigestRuntime } from './digest-runtime.ts';
import { flag, parseArgs, type CliIo } from './io.ts';
import { startMetricsServer } from './metrics-server.ts';
import { terminalText } from './terminal-text.ts';
import { shutDown, untilStopSignal } from './shutdown.ts';

const DIGEST_USAGE = 'Usage: techtree digest --council <council id or channel> [--at <ISO time>] [--out <dir>] [--post]';

/** Writes digest.json, digest.md and the four PNGs into `dir`; returns the paths written. */
export function writeDigestFiles(rendered: RenderedDigest, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const paths = [join(dir, 'digest.json'), join(dir, 'digest.md')];
  writeFileSync(paths[0]!, `${JSON.stringify(rendered.json, null, 2)}\n`);
  writeFileSync(paths[1]!, rendered.markdown);
  for (const c of rendered.charts) {
    const path = join(dir, c.filename);
    writeFileSync(path, c.png);
    paths.push(path);
  }
  return paths;
}

export async function digestCommand(config: Config, argv: readonly string[], io: CliIo): Promise<number> {
  const { flags } = parseArgs(argv, ['post']);
  const ref = flag(flags, 'council');
  if (!ref) {
    io.err(`Which council? ${DIGEST_USAGE}\n(\`techtree councils\` lists them.)`);
    return 2;
  }
  const atText = flag(flags, 'at');
  const at = atText ? new Date(atText) : new Date();
  if (Number.isNaN(at.getTime())) {
    io.err(`--at "${atText}" isn't a time: use ISO 8601, e.g. --at 2026-03-09T09:00:00Z. ${DIGEST_USAGE}`);
    return 2;
  }
  const post = flags.get('post') === true;
  if (post && !config.slack) {
    io.err('--post needs Slack: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (and SLACK_API_URL for a stand-in).');
    return 1;
  }
  const logger = loggerFromConfig(config, { service: 'techtree', command: 'digest' }, config.logLevel === 'debug' ? 'debug' : 'warn');
  // Only the app and its posters: this one-off command schedules nothing.
  const runtime = await startDigestRuntime({ ...config, redisUrl: undefined } as Config, logger, { worker: false });
  try {
    const council = await runtime.app.digests.findCouncil(ref);
    if ('problem' in council) {
      io.err(council.problem);
      return 1;
    }
    const rendered = await runtime.app.digests.render(council, at);
    if (!rendered) {
      io.err(`The schedule ${council.cron} (${council.timeZone}) has no slot at or before ${at.toISOString()}.`);
      return 1;
    }
    const out = flag(flags, 'out') ?? 'out';
    const written = writeDigestFiles(rendered, out);
    io.out(`${rendered.text.title} (period ${rendered.periodKey}, ${council.timeZone})\n${terminalText(rendered.text.headline, io)}\nWrote ${written.join(', ')}`);
    if (!post) return 0;
    try {
      const outcome = await runtime.app.digests.run({ councilId: council.id, slot: rendered.slot }, { latestOnly: false, catchUpWindowMs: Number.POSITIVE_INFINITY });
      if (outcome.status === 'posted') io.out(`Posted: ${outcome.ref}`);
      else if (outcome.status === 'alreadyPosted') io.out(`Already posted for ${outcome.periodKey}${outcome.ref ? `: ${outcome.ref}` : ''}; nothing sent.`);
      else io.out(`Not posted: ${outcome.detail}`);
      return outcome.status === 'skipped' ? 1 : 0;
    } catch (error) {
      if (!isDigestRunError(error)) throw error;
      io.err(`Not posted (${error.code}): ${error.message}`);
      return 1;
    }
  } finally {
    await runtime.close();
  }
}

export async function councilsCommand(config: Config, io: CliIo): Promise<number> {
  const logger = loggerFromConfig(config, { service: 'techtree' }, 'error');
  const runtime = await startDigestRuntime({ ...config, redisUrl: undefined } as Config, logger, { worker: false });
  try {
    const now = new Date();
    const rows = await runtime.app.digests.councils(now);
    if (rows.length === 0) {
      io.out('No councils yet. An admin types `council here` in the channel that should get the digest.');
      return 0;
    }
    for (const r of rows) {
      const last = r.lastRun
        ? `${r.lastRun.periodKey} ${r.lastRun.status}${r.lastRun.attempts > 1 ? ` after ${r.lastRun.attempts} attempts` : ''}${r.lastRun.error ? ` (${r.lastRun.error})` : ''}`
        : 'none yet';
      io.out([
        `${r.channelId}  (council ${r.id})${r.paused ? `  PAUSED: ${r.paused}` : ''}`,
        `  schedule: ${r.schedule}, ${r.timeZone}`,
        `  next run: ${r.paused ? 'none while paused (type `council here` in the channel to resume)' : r.next ? localTime(r.next, r.timeZone) : 'never'}`,
        `  last run: ${last}`,
      ].join('\n'));
    }
    return 0;
  } finally {
    await runtime.close();
  }
}

export async function workerCommand(config: Config, io: CliIo): Promise<number> {
  if (!config.redisUrl) {
    io.err('techtree worker needs REDIS_URL (redis://host:6379). Without Redis, `techtree serve` posts the digests itself.');
    return 1;
  }
  const logger = loggerFromConfig(config, { service: 'techtree', role: 'worker' });
  const stopSignal = untilStopSignal(logger);
  const metrics = config.metricsPort === undefined ? undefined : await startMetricsServer(config.metricsPort, logger);
  const runtime = await startDigestRuntime(config, logger, { worker: true }).catch(async (error: unknown) => {
    await metrics?.close();
    throw error;
  });
  logger.info('techtree: digest worker running', {
    database: config.databaseUrl ? 'postgres' : config.sqlitePath, slack: Boolean(config.slack), metricsPort: metrics?.port ?? 'off', tracing: Boolean(config.telemetry),
  });
  const signal = await stopSignal;
  // A digest being posted is finished within the budget; one cut off is retried by the next worker.
  return shutDown(logger, signal, config.drainMs, async (deadline) => {
    await runtime.close(deadline);
    await metrics?.close();
  });
}
