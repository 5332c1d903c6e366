// Nice values of this process's threads, read from /proc (Linux only): field 19 of
// /proc/<pid>/task/<tid>/stat (man 5 proc).
import { readdirSync, readFileSync } from 'node:fs';

const niceOf = (stat: string) => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);

/** The nice value of every thread of this process, by thread id; empty off Linux. */
export function threadNices(): Map<number, number> {
  if (process.platform !== 'linux') return new Map();
  const out = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      out.set(Number(tid), niceOf(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')));
    } catch {
      // the thread ended between the two reads
    }
  }
  return out;
}

/** The nice value of the calling thread (Linux only). */
export function ownNice(): number {
  return niceOf(readFileSync('/proc/thread-self/stat', 'utf8'));
}
