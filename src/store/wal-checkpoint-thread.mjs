// Entry of the WAL checkpoint thread (wal-checkpoint.ts): its own connection to the SQLite file,
// so the checkpoint's copying and fsync block this thread, never the one serving requests.
import Database from 'better-sqlite3';

const connections = new Map();

/** Runs a PASSIVE checkpoint of `file`: copies what no reader still needs, never waits for a lock. */
export default function checkpoint({ file }) {
  let db = connections.get(file);
  if (!db) {
    db = new Database(file, { fileMustExist: true });
    db.pragma('busy_timeout = 1000');
    connections.set(file, db);
  }
  const [result] = db.pragma('wal_checkpoint(PASSIVE)');
  return { busy: result.busy, walFrames: result.log, checkpointed: result.checkpointed };
}
