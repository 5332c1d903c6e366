// The WAL checkpoint runs on its own thread: with the serving connection's automatic checkpoints
// off, the database file only takes in the WAL's pages while the checkpointer runs.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startWalCheckpointer } from '../../src/store/wal-checkpoint.ts';
import { BACKGROUND_NICE } from '../../src/thread-priority.ts';
import { ownNice, threadNices } from '../helpers/thread-nice.ts';
import { eventually } from '../helpers/slack-harness.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function servingConnection(): { file: string; db: Database.Database } {
  const dir = mkdtempSync(join(tmpdir(), 'techtree-wal-'));
  dirs.push(dir);
  const file = join(dir, 'db.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('create table t (k integer primary key, v text)');
  return { file, db };
}

function write(db: Database.Database, rows: number): void {
  const insert = db.prepare('insert into t (v) values (?)');
  for (let i = 0; i < rows; i++) insert.run('x'.repeat(500));
}

describe('WAL checkpoints off the event loop', () => {
  it('without the checkpointer the database file stays as it was; with it, the WAL is copied in', async () => {
    const control = servingConnection();
    const checked = servingConnection();
    const before = statSync(checked.file).size;
    const checkpointer = startWalCheckpointer(checked.file, { intervalMs: 50 });
    try {
      write(control.db, 2000);
      write(checked.db, 2000);
      await eventually(() => statSync(checked.file).size > before + 500_000, 10_000, 'the WAL checkpointed into the database file');
      expect(statSync(control.file).size).toBe(before);
      // The checkpoint thread runs below the serving thread's priority (Linux: per thread).
      if (process.platform === 'linux') {
        expect([...threadNices().values()]).toContain(BACKGROUND_NICE);
        expect(ownNice()).toBe(0);
      }
      // Every row is there, through the serving connection and a fresh one alike.
      expect(checked.db.prepare('select count(*) as n from t').get()).toEqual({ n: 2000 });
      const fresh = new Database(checked.file, { readonly: true });
      expect(fresh.prepare('select count(*) as n from t').get()).toEqual({ n: 2000 });
      fresh.close();
    } finally {
      await checkpointer.close();
      control.db.close();
      checked.db.close();
    }
  });
});
