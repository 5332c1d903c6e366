// Background threads (picture rendering, SQLite checkpoints) run at a lower CPU priority than the
// thread that serves requests, so that on a busy machine an acknowledgement is scheduled before a
// picture is drawn. On Linux the nice value belongs to each thread: setpriority(PRIO_PROCESS, 0, n)
// from a thread changes that thread only (man 2 setpriority, "NOTES": "the nice value is a
// per-thread attribute"; libuv's uv_os_setpriority(0, n), behind os.setPriority(n), makes that
// call). Elsewhere it would lower the whole process, so it is not done there.
import { setPriority } from 'node:os';

/** The nice value background threads run at: 19, the lowest priority Linux gives (the serving thread runs at 0). */
export const BACKGROUND_NICE = 19;

/**
 * Lowers the CPU priority of the calling thread to `nice` (a Linux nice value, 0 to 19; higher is
 * lower priority). Returns whether it was changed: false off Linux, and where the system refuses
 * (a nice value can only be raised by an unprivileged process, so a thread already at `nice` or
 * lower priority stays). Never throws: a background thread at normal priority still works.
 */
export function lowerThreadPriority(nice: number = BACKGROUND_NICE): boolean {
  if (process.platform !== 'linux') return false;
  try {
    setPriority(nice);
    return true;
  } catch {
    return false;
  }
}
