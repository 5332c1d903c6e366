// Acks first: work waits for a quiet moment (no acknowledgement on its way, none arriving for a
// little while), one piece per turn, and never longer than its bound; under a flood, one piece per
// bound, oldest first.
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createAcksFirst } from '../../src/app/acks-first.ts';

describe('acks first', () => {
  it('lets work in at once when no acknowledgement is on its way', async () => {
    const acks = createAcksFirst({ maxWaitMs: 10_000 });
    const started = Date.now();
    await acks.turn();
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('holds work while an acknowledgement is on its way, and lets it in once it is sent', async () => {
    const acks = createAcksFirst({ maxWaitMs: 10_000 });
    const leave = acks.arriving();
    const order: string[] = [];
    const work = acks.turn().then(() => order.push('work'));
    for (let i = 0; i < 5; i++) await nextTurn();
    expect(order).toEqual([]);
    order.push('ack');
    leave();
    leave(); // twice is harmless
    await work;
    expect(order).toEqual(['ack', 'work']);
    expect(acks.inFlight).toBe(0);
  });

  it('lets one waiter in per event-loop turn, so a request arriving in between goes first', async () => {
    const acks = createAcksFirst({ maxWaitMs: 10_000 });
    const leave = acks.arriving();
    const order: string[] = [];
    const first = acks.turn().then(() => {
      order.push('first');
      // A request arrives right after the first piece of work began.
      const next = acks.arriving();
      setImmediate(() => {
        order.push('ack');
        next();
      });
    });
    const second = acks.turn().then(() => order.push('second'));
    leave();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'ack', 'second']);
  });

  it('waits until no request has arrived for quietMs: a burst passes before work slips in', async () => {
    const quietMs = 60;
    const acks = createAcksFirst({ maxWaitMs: 10_000, quietMs });
    const started = performance.now();
    let began = 0;
    const work = acks.turn().then(() => {
      began = performance.now() - started;
    });
    // A burst: a request every 10 ms for 100 ms, each acknowledged before the next arrives.
    for (let i = 0; i < 10; i++) {
      acks.arriving()();
      await sleep(10);
    }
    const burstEnded = performance.now() - started;
    expect(began).toBe(0); // none of the gaps was long enough
    await work;
    expect(began).toBeGreaterThanOrEqual(burstEnded - 10 + quietMs - 2); // quiet for quietMs after the last arrival
    expect(began).toBeLessThan(5000);
  });

  it('never defers work longer than its bound, however busy the acknowledgements keep it', async () => {
    const acks = createAcksFirst({ maxWaitMs: 30 });
    const leave = acks.arriving();
    let done = false;
    const work = acks.turn().then(() => {
      done = true;
    });
    await sleep(5);
    expect(done).toBe(false);
    await work;
    expect(done).toBe(true);
    leave();
  });

  it('under a flood lets one piece in per bound, oldest first, not every waiting piece at once', async () => {
    const bound = 40;
    const acks = createAcksFirst({ maxWaitMs: bound });
    const leave = acks.arriving(); // an acknowledgement on its way the whole time: no quiet turn
    const order: number[] = [];
    const at: number[] = [];
    const started = performance.now();
    const pieces = [0, 1, 2].map((i) => acks.turn().then(() => {
      order.push(i);
      at.push(performance.now() - started);
    }));
    await pieces[0];
    for (let i = 0; i < 5; i++) await nextTurn();
    expect(order).toEqual([0]); // the others still wait, though their own bound has passed too
    await Promise.all(pieces);
    expect(order).toEqual([0, 1, 2]);
    // Timers never fire early (give or take a millisecond of clock rounding).
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(bound - 2);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(bound - 2);
    leave();
  });

  it('after a flood lets the rest in on quiet turns, without waiting for the bound', async () => {
    const acks = createAcksFirst({ maxWaitMs: 60_000 });
    const leave = acks.arriving();
    const pieces = [0, 1, 2].map(() => acks.turn());
    leave();
    const started = Date.now();
    await Promise.all(pieces);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
