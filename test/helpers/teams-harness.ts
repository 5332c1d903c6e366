// The real app (openApp on a temp SQLite file) behind the real HTTP server with Teams configured
// against the stand-in (every Microsoft endpoint overridden), plus helpers to read the database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { openApp, type OpenedApp } from '../../src/app/open-app.ts';
import { startHttpServer, type RunningHttpServer } from '../../src/bot/http-server.ts';
import type { Config, TeamsConfig } from '../../src/config.ts';
import type { Activity, Posted } from './teams-activities.ts';
import { postActivity } from './teams-activities.ts';
import { memoryLogger, type LogLine } from './slack-harness.ts';
import { APP_ID, startTeamsStandIn, type TeamsStandIn } from './teams-standin.ts';

export interface TeamsHarnessOptions {
  /** false: Teams not configured at all. Otherwise overrides of the stand-in configuration. */
  readonly teams?: Partial<TeamsConfig> | false;
  readonly admins?: readonly string[];
  readonly invokeWaitMs?: number;
  /** Where pictures are drawn: 'inline' (default, quick to start) or the thread 'pool' (truly asynchronous). */
  readonly pictures?: 'inline' | 'pool';
}

export interface TeamsHarness {
  readonly standIn: TeamsStandIn;
  readonly app: OpenedApp;
  readonly server: RunningHttpServer;
  readonly config: Config;
  readonly logs: LogLine[];
  /** Posts with a valid token (or `token` as given; null for none). */
  post(activity: Activity, token?: string | null): Promise<Posted>;
  /** Rows of a read-only query on the SQLite file. */
  rows<T>(query: string, ...params: unknown[]): T[];
  close(): Promise<void>;
}

export function standInTeamsConfig(standIn: TeamsStandIn, extra: Partial<TeamsConfig> = {}): TeamsConfig {
  return {
    appId: APP_ID,
    appPassword: 'stand-in-secret',
    appType: 'MultiTenant',
    emulator: false,
    endpoints: { openIdMetadataUrl: standIn.openIdMetadataUrl, tokenIssuer: standIn.issuer, loginUrl: standIn.url, oauthScope: 'https://api.botframework.com' },
    ...extra,
  };
}

export async function startTeamsHarness(options: TeamsHarnessOptions = {}): Promise<TeamsHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'techtree-teams-'));
  const sqlitePath = join(dir, 'techtree.db');
  const standIn = await startTeamsStandIn();
  const teams = options.teams === false ? undefined : standInTeamsConfig(standIn, options.teams);
  const config: Config = {
    port: 0, sqlitePath, treesDir: resolve('trees'), admins: options.admins ?? [], logLevel: 'info', renderThreads: 1,
    ...(teams ? { teams } : {}),
    drainMs: 8000, inboxLeaseMs: 30_000, inboxRetentionDays: 7,
  };
  const { logger, lines } = memoryLogger('info');
  const app = await openApp(config, logger, { pictures: options.pictures ?? 'inline' });
  const server = await startHttpServer({ config, app, logger, port: 0, teams: { send: { retries: 3, backoffMs: 10, spacingMs: 0 }, ...(options.invokeWaitMs ? { invokeWaitMs: options.invokeWaitMs } : {}) } });
  return {
    standIn, app, server, config, logs: lines,
    post: (activity, token) => postActivity(server.url, activity, token === null ? undefined : token ?? standIn.token()),
    rows<T>(query: string, ...params: unknown[]) {
      const db = new Database(sqlitePath, { readonly: true, fileMustExist: true });
      try {
        return db.prepare(query).all(...params) as T[];
      } finally {
        db.close();
      }
    },
    async close() {
      await server.close();
      await app.close().catch(() => undefined);
      await standIn.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
