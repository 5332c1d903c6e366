// Entry of the WAL checkpoint thread (wal-checkpoint.ts): its own connection to the SQLite file,
// so the checkpoint's copying and fsync block this thread, never the one serving requests.
import { setPriority } from 'node:os';
import Database from 'better-sqlite3';

// Background work, below the serving thread (the same as src/thread-priority.ts, which this
// plain-JavaScript entry cannot load): on Linux the nice value is per thread.
if (process.platform === 'linux') {
  try {
    setPriority(19); // BACKGROUND_NICE
  } catch {
    // stays at normal priority
  }
}

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
