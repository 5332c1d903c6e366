// `techtree backup <file>` (issue 13 item 8): a real process copying the SQLite file while this
// test process keeps writing commands into it. The copy opens, passes its integrity check and holds
// every team created before the backup began; it refuses Postgres (pg_dump), an existing file, and
// a missing database, each saying what to do instead.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app/open-app.ts';
import type { Config } from '../../src/config.ts';
import { loadConfig } from '../../src/config.ts';
import { ROOT } from '../helpers/trees.ts';

const exec = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'techtree-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function techtree(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await exec(process.execPath, [join(ROOT, 'bin/techtree.js'), ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const teamNames = (file: string) => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return new Set((db.prepare('select name from teams').all() as { name: string }[]).map((r) => r.name));
  } finally {
    db.close();
  }
};

describe('techtree backup', () => {
  it('copies the SQLite file while commands are being written; the copy opens and holds the data', async () => {
    const sqlitePath = join(dir, 'live.db');
    const config: Config = { ...loadConfig({}), sqlitePath, treesDir: join(ROOT, 'trees') };
    const app = await openApp(config, undefined, { pictures: 'inline' });
    const conv = (i: number) => ({ platform: 'slack' as const, orgId: 'slack:TBACKUP', userId: 'U1', channelId: `slack:TBACKUP:C${i}` });
    let n = 0;
    const create = async () => {
      const i = n++;
      const reply = await app.ask(conv(i), `team create backup${String(i).padStart(4, '0')}`);
      expect(reply.ok, reply.text).toBe(true);
    };
    try {
      for (let i = 0; i < 50; i++) await create();
      const before = n;
      let writing = true;
      const writer = (async () => {
        // A turn of the event loop between commands, so the child's exit is heard.
        while (writing) {
          await create();
          await nextTurn();
        }
      })();
      const backupFile = join(dir, 'copies', 'first.db');
      const r = await techtree(['backup', backupFile], { TECHTREE_DB: sqlitePath });
      writing = false;
      await writer;
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Backed up .*live\.db to .*first\.db: \d+ pages, \d+ KB, integrity check ok\.\n$/);
      expect(n, 'commands were written while the backup ran').toBeGreaterThan(before);

      const copied = teamNames(backupFile);
      const live = teamNames(sqlitePath);
      for (let i = 0; i < before; i++) expect(copied.has(`backup${String(i).padStart(4, '0')}`)).toBe(true);
      for (const name of copied) expect(live.has(name), `${name} in the copy is in the database`).toBe(true);
      const copy = new Database(backupFile, { readonly: true, fileMustExist: true });
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      } finally {
        copy.close();
      }
      console.info(`backup: ${before} teams before, ${n} after, ${copied.size} in the copy`);

      const again = await techtree(['backup', backupFile], { TECHTREE_DB: sqlitePath });
      expect([again.code, again.stderr]).toEqual([1, `${backupFile} already exists, and a backup never overwrites a file: give it a new name, e.g. backups/techtree-$(date +%F).db\n`]);
    } finally {
      await app.close();
    }
  }, 120_000);

  it('refuses Postgres, pointing to pg_dump, without connecting to it', async () => {
    const r = await techtree(['backup', join(dir, 'pg.db')], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^techtree backup copies the SQLite file, but DATABASE_URL points at PostgreSQL: back it up with pg_dump instead, e\.g\. pg_dump --format=custom/);
  });

  it('refuses a database that does not exist, and a missing file name, saying what to type', async () => {
    const missing = await techtree(['backup', join(dir, 'x.db')], { TECHTREE_DB: join(dir, 'nothing-here.db') });
    expect([missing.code, missing.stderr]).toEqual([1, `There is no SQLite database at ${join(dir, 'nothing-here.db')} (TECHTREE_DB) to back up. Set TECHTREE_DB to the file the app uses.\n`]);
    const usage = await techtree(['backup'], { TECHTREE_DB: join(dir, 'nothing-here.db') });
    expect([usage.code, usage.stderr]).toEqual([2, 'Where should the backup go? Usage: techtree backup <file>, e.g. techtree backup backups/techtree-2026-03-09.db\n']);
  });
});
