// Schedules: what cron-parser accepts, the cadence in words, and the one firing rule at DST edges.
import { getNextMillis } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { describeCadence, nextSlots, parseSchedule, periodKey, previousSlot, slotAtOrBefore, slotsBetween } from '../../src/app/schedule.ts';

const iso = (d: Date | undefined) => d?.toISOString();

describe('parseSchedule: cron-parser decides, as BullMQ will', () => {
  it.each([
    ['0 9 * * 1', 'Europe/London', '0 9 * * 1'],
    ['@weekly', 'UTC', '@weekly'],
    ['5/15 * * * *', 'UTC', '5/15 * * * *'],
    ['  30   8 * *  mon ', 'europe/london', '30 8 * * mon'],
  ])('accepts %j in %s', (cron, tz, tidy) => {
    const r = parseSchedule(cron, tz);
    expect(r).toMatchObject({ ok: true, schedule: { cron: tidy } });
  });

  it.each([
    ['0 9 31 2 *', /never fires/],
    ['0 9 * * 99', /range/],
    ['* * * * * *', /6 fields, not 5/],
    ['0 9 * *', /4 fields/],
    ['@fortnightly', /not a cron macro/],
  ])('refuses %j and says why', (cron, why) => {
    const r = parseSchedule(cron, 'UTC');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.kind === 'BadCron' && r.error.reason).toMatch(why);
  });

  it('refuses an unknown time zone', () => {
    expect(parseSchedule('0 9 * * 1', 'Mars/Olympus')).toEqual({ ok: false, error: { kind: 'BadTimeZone', input: 'Mars/Olympus' } });
  });

  it('names the real cadence: every minute is not weekly', () => {
    expect(describeCadence('* * * * *')).toBe('Every minute');
    expect(describeCadence('0 9 * * 1')).toBe('At 09:00, only on Monday');
    expect(describeCadence('@weekly')).toBe('At 00:00, only on Sunday');
  });
});

describe('slots: one rule, the next() walk BullMQ uses', () => {
  const london = { cron: '30 1 * * *', timeZone: 'Europe/London' };

  it('the spring-forward gap (01:30 does not exist on 29 Mar 2026) fires once, shifted to 02:30 BST', () => {
    const slots = slotsBetween(london, new Date('2026-03-27T12:00:00Z'), new Date('2026-03-31T12:00:00Z'));
    expect(slots.map(iso)).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-03-30T00:30:00.000Z', '2026-03-31T00:30:00.000Z']);
    expect(slots.map((s) => periodKey(s, london.timeZone))).toEqual(['2026-03-28T01:30', '2026-03-29T02:30', '2026-03-30T01:30', '2026-03-31T01:30']);
    // The latest slot at any minute of the gap day agrees with the walk (prev() alone would skip it).
    expect(iso(slotAtOrBefore(london, new Date('2026-03-29T01:31:00Z')))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(previousSlot(london, new Date('2026-03-30T00:30:00Z')))).toBe('2026-03-29T01:30:00.000Z');
  });

  it('the fall-back repeat (01:30 happens twice on 25 Oct 2026) fires once, at the first', () => {
    const slots = slotsBetween(london, new Date('2026-10-24T12:00:00Z'), new Date('2026-10-26T12:00:00Z'));
    expect(slots.map(iso)).toEqual(['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z']);
    // After the second 01:30 the latest slot is still the first one: no second digest that day.
    expect(iso(slotAtOrBefore(london, new Date('2026-10-25T01:45:00Z')))).toBe('2026-10-25T00:30:00.000Z');
  });

  it('weekly at 09:00 local stays at 09:00 local across both changes (New York)', () => {
    const ny = { cron: '0 9 * * 1', timeZone: 'America/New_York' };
    const slots = slotsBetween(ny, new Date('2026-02-25T00:00:00Z'), new Date('2026-11-12T00:00:00Z'));
    expect(new Set(slots.map((s) => periodKey(s, ny.timeZone).slice(11)))).toEqual(new Set(['09:00']));
    expect(slots.map(iso)).toContain('2026-03-09T13:00:00.000Z');
    expect(slots.map(iso)).toContain('2026-11-09T14:00:00.000Z');
  });

  it('agrees with BullMQ\'s own next-slot function at every step around both edges', () => {
    for (const [from, to] of [['2026-03-27T00:00:00Z', '2026-04-01T00:00:00Z'], ['2026-10-23T00:00:00Z', '2026-10-28T00:00:00Z']] as const) {
      let at = new Date(from).getTime();
      const ours = slotsBetween(london, new Date(from), new Date(to)).map((d) => d.getTime());
      const theirs: number[] = [];
      while (at < new Date(to).getTime()) {
        at = getNextMillis(at, { pattern: london.cron, tz: london.timeZone })!;
        if (at <= new Date(to).getTime()) theirs.push(at);
      }
      expect(ours).toEqual(theirs);
    }
  });

  it('gives the next three runs', () => {
    expect(nextSlots({ cron: '0 9 * * 1', timeZone: 'Europe/London' }, new Date('2026-03-25T00:00:00Z'), 3).map(iso))
      .toEqual(['2026-03-30T08:00:00.000Z', '2026-04-06T08:00:00.000Z', '2026-04-13T08:00:00.000Z']);
  });
});
