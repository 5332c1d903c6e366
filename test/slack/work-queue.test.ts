// Acks first: work after acks starts one job per event-loop turn, so new requests are read and
// acknowledged between jobs; it speeds up only when it falls behind.
import { setImmediate as turn } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { WorkQueue } from '../../src/bot/slack/work-queue.ts';

describe('WorkQueue', () => {
  const job = (started: string[], name: string, until?: Promise<void>) => async () => {
    started.push(name);
    await until;
  };

  test('starts one job per event-loop turn, none synchronously', async () => {
    const q = new WorkQueue();
    const started: string[] = [];
    const all = ['a', 'b', 'c'].map((n) => q.push(job(started, n)));
    expect(started).toEqual([]);
    await turn();
    expect(started).toEqual(['a']);
    await turn();
    expect(started).toEqual(['a', 'b']);
    await Promise.all(all);
    expect(started).toEqual(['a', 'b', 'c']);
  });

  test('when the oldest job has waited too long, a burst starts per turn', async () => {
    let now = 0;
    const q = new WorkQueue({ burst: 3, behindMs: 1000, now: () => now });
    const started: string[] = [];
    const all = ['a', 'b', 'c', 'd', 'e'].map((n) => q.push(job(started, n)));
    now = 5000;
    await turn();
    expect(started).toEqual(['a', 'b', 'c']);
    await Promise.all(all);
  });

  test('never runs more than maxRunning at once; a finished job lets the next start', async () => {
    const q = new WorkQueue({ maxRunning: 2 });
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const all = ['a', 'b', 'c'].map((n) => q.push(job(started, n, gate)));
    for (let i = 0; i < 5; i++) await turn();
    expect(started).toEqual(['a', 'b']);
    expect(q.size).toBe(3);
    release();
    await Promise.all(all);
    expect(started).toEqual(['a', 'b', 'c']);
    expect(q.size).toBe(0);
  });
});
