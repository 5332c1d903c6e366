// An online copy of the SQLite file through SQLite's backup API (better-sqlite3's db.backup):
// consistent even while the app writes, without stopping it. Postgres has pg_dump instead.
import { statSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { StoreError, messageOf } from './store-error.ts';

export interface SqliteBackup {
  /** Pages copied (SQLite's page size, usually 4 KiB). */
  readonly pages: number;
  /** Size of the copy on disk. */
  readonly bytes: number;
  /** `PRAGMA quick_check` of the copy: `ok`, or what is wrong. */
  readonly check: string;
}

/**
 * Copies the live database at `source` to `destination` (which must not exist; the caller checks)
 * and checks the copy. Waits out another process's lock like any write (busy_timeout 10 s).
 * Throws StoreError 'Unavailable' when either file cannot be opened or written.
 */
export async function backupSqlite(source: string, destination: string): Promise<SqliteBackup> {
  let db: SqliteDatabase.Database | undefined;
  try {
    db = new SqliteDatabase(source, { fileMustExist: true });
    db.pragma('busy_timeout = 10000');
    // After the first step, the rest in one step: a write by another connection between two steps
    // restarts the copy, so a copy in many small steps might never finish under a steady load.
    const { totalPages } = await db.backup(destination, { progress: ({ totalPages: pages }) => Math.max(100, pages) });
    db.close();
    db = undefined;
    const copy = new SqliteDatabase(destination, { readonly: true, fileMustExist: true });
    try {
      const check = (copy.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check).join('; ');
      return { pages: totalPages, bytes: statSync(destination).size, check };
    } finally {
      copy.close();
    }
  } catch (error) {
    throw new StoreError('Unavailable', `Could not back up ${source} to ${destination}: ${messageOf(error)}`, { cause: error });
  } finally {
    db?.close();
  }
}
