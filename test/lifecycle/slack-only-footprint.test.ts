// A Slack-only process never loads botbuilder (and its Azure identity stack, about 19 MB of heap
// every major GC marks: bench/startup-heap.ts); the Teams adapter is loaded when Teams is on. No
// server's main thread loads Vega or Vega-Lite (about 11 MB more): its pictures are drawn on the
// render threads. Each case starts the real app and HTTP server in a fresh Node process, on a
// SQLite file of its own, and records every module its main thread imports (tsx's onImport).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'techtree-footprint-'));
const root = resolve(import.meta.dirname, '../..');
const src = (path: string) => JSON.stringify(pathToFileURL(join(root, path)).href);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Loaded {
  readonly botbuilder: boolean;
  /** Vega or Vega-Lite imported on the main thread. */
  readonly vega: boolean;
  readonly teamsStatus: number;
}

/** Starts the server with Slack (and Teams in emulator mode when `teams`), asks /api/messages once, and reports what was loaded. */
async function start(teams: boolean): Promise<Loaded> {
  const script = `
    import Module from 'node:module';
    import { register } from 'tsx/esm/api';
    const imported = [];
    const tsx = register({ namespace: 'footprint', onImport: (url) => imported.push(url) });
    const { openApp } = await tsx.import(${src('src/app/open-app.ts')}, import.meta.url);
    const { startHttpServer } = await tsx.import(${src('src/bot/http-server.ts')}, import.meta.url);
    const { silentLogger } = await tsx.import(${src('src/log.ts')}, import.meta.url);
    const config = {
      port: 0, sqlitePath: ${JSON.stringify(join(dir, `${teams ? 'teams' : 'slack'}.db`))}, treesDir: 'trees', admins: [], logLevel: 'error', renderThreads: 1,
      slack: { signingSecret: 's', botToken: 'xoxb-test', apiUrl: 'http://127.0.0.1:9/api/', botUserId: 'UBOT' },
      ${teams ? "teams: { appType: 'MultiTenant', emulator: true }," : ''}
      drainMs: 8000, inboxLeaseMs: 30000, inboxRetentionDays: 7,
    };
    const app = await openApp(config, silentLogger);
    const server = await startHttpServer({ config, app, logger: silentLogger, port: 0 });
    const res = await fetch(server.url + '/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const botbuilder = Object.keys(Module._cache).some((k) => k.includes('/node_modules/botbuilder/'));
    const vega = imported.some((url) => url.includes('/node_modules/vega/') || url.includes('/node_modules/vega-lite/'));
    await server.close();
    await app.close();
    console.log(JSON.stringify({ botbuilder, vega, teamsStatus: res.status, imported: imported.length }));
  `;
  // A file, not --eval: the render threads inherit the process's flags, and --input-type would stop them.
  // Inside the project, so that its own tsx resolves.
  const file = join(root, 'node_modules', '.cache', `techtree-footprint-${process.pid}-${teams ? 'teams' : 'slack'}.mjs`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, script);
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file], { cwd: root });
    const { imported, ...loaded } = JSON.parse(stdout.trim().split('\n').at(-1)!) as Loaded & { imported: number };
    expect(imported, 'the main thread imports were recorded').toBeGreaterThan(100);
    return loaded;
  } finally {
    rmSync(file, { force: true });
  }
}

describe('what a process loads', () => {
  test('Slack only: botbuilder is never loaded, nor Vega on the main thread, and /api/messages says Teams is off (401)', async () => {
    expect(await start(false)).toEqual({ botbuilder: false, vega: false, teamsStatus: 401 });
  }, 60_000);

  test('Teams on: the adapter and botbuilder are loaded, Vega still not on the main thread, and /api/messages reads the activity (400 for one without a type)', async () => {
    expect(await start(true)).toEqual({ botbuilder: true, vega: false, teamsStatus: 400 });
  }, 60_000);
});
