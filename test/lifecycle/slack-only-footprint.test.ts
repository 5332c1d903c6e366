// A Slack-only process never loads botbuilder (and its Azure identity stack, about 19 MB of heap
// every major GC marks: bench/startup-heap.ts); the Teams adapter is loaded when Teams is on. Each
// case starts the real app and HTTP server in a fresh Node process, on a SQLite file of its own.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'techtree-footprint-'));
const root = resolve(import.meta.dirname, '../..');
const src = (path: string) => JSON.stringify(pathToFileURL(join(root, path)).href);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the server with Slack (and Teams in emulator mode when `teams`), asks /api/messages once, and reports what was loaded. */
async function start(teams: boolean): Promise<{ botbuilder: boolean; teamsStatus: number }> {
  const script = `
    import Module from 'node:module';
    const { openApp } = await import(${src('src/app/open-app.ts')});
    const { startHttpServer } = await import(${src('src/bot/http-server.ts')});
    const { silentLogger } = await import(${src('src/log.ts')});
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
    await server.close();
    await app.close();
    console.log(JSON.stringify({ botbuilder, teamsStatus: res.status }));
  `;
  // A file, not --eval: the render threads inherit the process's flags, and --input-type would stop them.
  const file = join(dir, `${teams ? 'teams' : 'slack'}.mjs`);
  writeFileSync(file, script);
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file], { cwd: root });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { botbuilder: boolean; teamsStatus: number };
}

describe('what a process loads', () => {
  test('Slack only: botbuilder is never loaded, and /api/messages says Teams is off (401)', async () => {
    expect(await start(false)).toEqual({ botbuilder: false, teamsStatus: 401 });
  }, 60_000);

  test('Teams on: the adapter and botbuilder are loaded, and /api/messages reads the activity (400 for one without a type)', async () => {
    expect(await start(true)).toEqual({ botbuilder: true, teamsStatus: 400 });
  }, 60_000);
});
