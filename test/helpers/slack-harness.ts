// The real app (openApp on a temp SQLite file) behind the real HTTP server, with Slack's cloud
// played by the stand-in. Tests read the database through the app or read-only SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { openApp, type OpenedApp } from '../../src/app/open-app.ts';
import type { Config, SlackConfig } from '../../src/config.ts';
import { createLogger, type Logger } from '../../src/log.ts';
import { startHttpServer, type RunningHttpServer } from '../../src/bot/http-server.ts';
import { createSlackDigestPoster } from '../../src/bot/slack/digest-poster.ts';
import { checkLogLine, TEST_SECRETS } from './secret-guard.ts';
import { SIGNING_SECRET } from './slack-signing.ts';
import { startSlackStandIn, type SlackStandIn } from './slack-standin.ts';

export interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/**
 * A logger keeping its lines in memory, built like the process's own (pino, redaction, the
 * configured secrets); every line passes the secret guard (secret-guard.ts). Every test that
 * captures logs uses this one.
 */
export function memoryLogger(level: 'debug' | 'info' | 'warn' | 'error' = 'info', secrets: readonly string[] = TEST_SECRETS): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const write = (line: string) => lines.push(JSON.parse(checkLogLine(line, 'memoryLogger')) as LogLine);
  return { logger: createLogger({ level, secrets, write }), lines };
}

export interface HarnessOptions {
  /** Give Bolt the bot user id up front (no auth.test at all). */
  readonly botUserId?: string;
  readonly slack?: Partial<SlackConfig> | false;
  readonly standIn?: SlackStandIn;
  /** Share a database file with another harness (two processes' worth of app). */
  readonly sqlitePath?: string;
  /** Run on this PostgreSQL database instead of the SQLite file (countEvents and eventTimes read the file only). */
  readonly databaseUrl?: string;
  readonly now?: () => number;
  /** The inbox lease (how soon another process may take over a delivery). Default 30 s. */
  readonly inboxLeaseMs?: number;
  /** Waiting deliveries kept whole in memory (inbox.ts); the rest are read back from their rows. */
  readonly inMemoryBacklog?: number;
  /** The log level of the app's logger. Default info. */
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Posts digests to the stand-in (the Slack DigestPoster), as `serve` does. */
  readonly digests?: boolean;
}

export interface SlackHarness {
  readonly standIn: SlackStandIn;
  readonly app: OpenedApp;
  readonly server: RunningHttpServer;
  readonly config: Config;
  readonly eventsUrl: string;
  readonly sqlitePath: string;
  readonly logs: LogLine[];
  /** Rows in progress_events, read from the file by a separate read-only connection. */
  countEvents(where?: { kind?: string; node?: string }): number;
  /** When each progress event was written (created_at, ms since the epoch). */
  eventTimes(): number[];
  close(): Promise<void>;
}

export async function startSlackHarness(options: HarnessOptions = {}): Promise<SlackHarness> {
  const ownDir = options.sqlitePath ? undefined : mkdtempSync(join(tmpdir(), 'techtree-slack-'));
  const sqlitePath = options.sqlitePath ?? join(ownDir!, 'techtree.db');
  const standIn = options.standIn ?? (await startSlackStandIn());
  const slack: SlackConfig | undefined = options.slack === false ? undefined : {
    signingSecret: SIGNING_SECRET,
    botToken: 'xoxb-test-token',
    apiUrl: standIn.apiUrl,
    ...(options.botUserId ? { botUserId: options.botUserId } : {}),
    ...options.slack,
  };
  const config: Config = {
    port: 0,
    sqlitePath,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    treesDir: resolve('trees'),
    admins: [],
    logLevel: options.logLevel ?? 'info',
    renderThreads: 1,
    secrets: TEST_SECRETS,
    ...(slack ? { slack } : {}),
    drainMs: 8000,
    inboxLeaseMs: options.inboxLeaseMs ?? 30_000,
    inboxRetentionDays: 7,
  };
  const { logger, lines } = memoryLogger(options.logLevel ?? 'info');
  const posters = options.digests && slack ? { slack: createSlackDigestPoster({ botToken: slack.botToken, apiUrl: standIn.apiUrl, logger }) } : undefined;
  const inbox = options.inMemoryBacklog === undefined ? undefined : { leaseMs: config.inboxLeaseMs, retentionMs: config.inboxRetentionDays * 86_400_000, inMemoryBacklog: options.inMemoryBacklog };
  const app = await openApp(config, logger, { ...(posters ? { posters } : {}), ...(inbox ? { inbox } : {}) });
  const server = await startHttpServer({ config, app, logger, port: 0, ...(options.now ? { now: options.now } : {}) });
  return {
    standIn,
    app,
    server,
    config,
    eventsUrl: `${server.url}/slack/events`,
    sqlitePath,
    logs: lines,
    countEvents(where = {}) {
      const db = new Database(sqlitePath, { readonly: true, fileMustExist: true });
      try {
        const clauses = ['1 = 1'];
        const params: string[] = [];
        if (where.kind) { clauses.push('kind = ?'); params.push(where.kind); }
        if (where.node) { clauses.push('node_id = ?'); params.push(where.node); }
        const row = db.prepare(`select count(*) as n from progress_events where ${clauses.join(' and ')}`).get(...params) as { n: number };
        return row.n;
      } finally {
        db.close();
      }
    },
    eventTimes() {
      const db = new Database(sqlitePath, { readonly: true, fileMustExist: true });
      try {
        return (db.prepare('select created_at from progress_events order by id').all() as { created_at: string }[]).map((r) => Date.parse(r.created_at));
      } finally {
        db.close();
      }
    },
    async close() {
      await server.close();
      await app.close().catch(() => undefined); // tests may have closed it already
      if (!options.standIn) await standIn.close();
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
