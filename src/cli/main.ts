// The `techtree` command.
import { CatalogError } from '../app/catalog.ts';
import { openApp } from '../app/open-app.ts';
import { backupDatabase, isStoreError, migrateDatabase } from '../app/operations.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { preparePrettyLogs } from '../log.ts';
import { startTelemetry } from '../telemetry.ts';
import { askCommand, chatCommand } from './ask-command.ts';
import { demoCommand } from './demo-command.ts';
import { councilsCommand, digestCommand, workerCommand } from './digest-command.ts';
import { processIo, type CliIo } from './io.ts';
import { renderCommand } from './render-command.ts';
import { serveCommand } from './serve-command.ts';
import { treesCommand } from './trees-command.ts';

const HELP = `techtree: grow engineering maturity team by team.

  techtree demo                       seed a demo org (own database file) and show a conversation
  techtree ask [--org o] [--team t] [--user u] [--channel c] [--admin] [--json] [--out dir] "<text>"
                                      run one command, print the reply
  techtree chat [--org o] [--team t] [--user u] [--admin]
                                      interactive: type commands or plain questions
  techtree trees validate [files…]    check tree files (or the files in folders), list every problem
  techtree trees show <tree-id>       print a tree: tiers, tracks, nodes, prerequisites
  techtree render <tree|unlocked|stalled|heatmap|trend> (--demo | --org o [--team t]) [--out f.png]
                                      draw a chart to a PNG (at most 1024x1024 px, 1 MB)
  techtree serve [--no-worker]        HTTP server (npm start): /slack/events, /api/messages (Teams),
                                      /healthz, /readyz, /metrics; also
                                      posts scheduled digests (a BullMQ worker with REDIS_URL, else
                                      in-process), unless --no-worker
  techtree worker                     BullMQ digest worker (needs REDIS_URL); /metrics on METRICS_PORT (9464)
  techtree digest --council <id or channel> [--at <ISO time>] [--out <dir>] [--post]
                                      the digest of the slot at or before --at: digest.json, digest.md
                                      and four PNGs in --out (default ./out); --post posts it, once
  techtree councils                   councils: schedule, next run, last run and its status
  techtree migrate                    bring the database schema up to date
  techtree backup <file>              copy the SQLite database to a new file while it runs (Postgres: pg_dump)

Configuration comes from the environment: TECHTREE_DB (SQLite file, default ./data/techtree.db),
DATABASE_URL (PostgreSQL instead), TECHTREE_TREES (default ./trees), TECHTREE_ADMINS, PORT,
SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD (Teams), REDIS_URL, DIGEST_*, LOG_LEVEL, LOG_FORMAT, METRICS_PORT,
OTEL_EXPORTER_OTLP_ENDPOINT (traces). See README.md.`;

async function withApp(config: Config, io: CliIo, run: (app: Awaited<ReturnType<typeof openApp>>) => Promise<number>): Promise<number> {
  // ask and chat draw a picture now and then: on this thread, no pool to start (see openApp).
  const app = await openApp(config, undefined, { pictures: 'inline' });
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}

async function migrate(config: Config, io: CliIo): Promise<number> {
  const report = await migrateDatabase(config);
  for (const line of report.lines) io.out(line);
  if (report.error !== undefined) {
    io.err(`Migration failed: ${report.error}`);
    return 1;
  }
  io.out(report.migrated ? `Migrated the ${report.dialect} database.` : `The ${report.dialect} database is up to date.`);
  return 0;
}

const BACKUP_USAGE = 'Usage: techtree backup <file>, e.g. techtree backup backups/techtree-2026-03-09.db';

async function backup(config: Config, argv: readonly string[], io: CliIo): Promise<number> {
  if (argv.length !== 1 || argv[0]!.startsWith('--')) {
    io.err(`Where should the backup go? ${BACKUP_USAGE}`);
    return 2;
  }
  const outcome = await backupDatabase(config, argv[0]!);
  if (!outcome.ok) {
    io.err(outcome.problem);
    return 1;
  }
  io.out(`Backed up ${outcome.from} to ${outcome.to}: ${outcome.pages} pages, ${Math.ceil(outcome.bytes / 1024)} KB, integrity check ok.`);
  return 0;
}

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === 'help' || command === '--help' || command === '-h') {
      io.out(HELP);
      return command ? 0 : 2;
    }
    const config = loadConfig();
    if (config.logFormat === 'pretty') await preparePrettyLogs();
    const telemetry = await startTelemetry(config);
    try {
      return await run(command, rest, config, io);
    } finally {
      await telemetry?.shutdown();
    }
  } catch (error) {
    if (error instanceof ConfigError) io.err(`Configuration error: ${error.message}`);
    else if (error instanceof CatalogError) io.err(error.message);
    else if (isStoreError(error)) io.err(`Database error (${error.code}): ${error.message}`);
    else throw error;
    return 1;
  }
}

/** The subcommand, with the process's configuration (tracing already started when configured). */
async function run(command: string, rest: readonly string[], config: Config, io: CliIo): Promise<number> {
  switch (command) {
    case 'trees': return treesCommand(rest, config, io);
    case 'migrate': return await migrate(config, io);
    case 'backup': return await backup(config, rest, io);
    case 'demo': return await demoCommand(config, rest, io);
    case 'ask': return await withApp(config, io, (app) => askCommand(app, rest, io));
    case 'chat': return await withApp(config, io, (app) => chatCommand(app, rest, io));
    case 'render': return await renderCommand(config, rest, io);
    case 'serve': return await serveCommand(config, rest);
    case 'worker': return await workerCommand(config, io);
    case 'digest': return await digestCommand(config, rest, io);
    case 'councils': return await councilsCommand(config, io);
    default:
      io.err(`Unknown command "${command}".\n\n${HELP}`);
      return 2;
  }
}
