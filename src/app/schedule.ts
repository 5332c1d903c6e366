// A council's digest schedule: a cron expression and an IANA time zone, parsed by cron-parser,
// the engine BullMQ's job schedulers use, so the embedded ticker and BullMQ agree on every slot.
//
// The one firing rule, for both modes: the slots are the sequence cron-parser's `next()` walks.
// At a spring-forward gap that sequence shifts the missing time forward by the gap (01:30 on the
// day London skips 01:00-02:00 fires once, at 02:30 BST); at a fall-back repeat it takes the first
// occurrence only (01:30 BST, not 01:30 GMT). `prev()` disagrees with `next()` at both edges (it
// skips the shifted slot and sees both repeats), so nothing here trusts `prev()` for an answer: it
// only finds a starting point, and the answer is walked forward with `next()`.
import { CronExpressionParser, type CronExpression } from 'cron-parser';
import cronstrue from 'cronstrue';

export interface Schedule {
  /** Five fields (minute hour day-of-month month day-of-week) or a macro such as `@weekly`. */
  readonly cron: string;
  /** IANA name, e.g. `Europe/London`. */
  readonly timeZone: string;
}

export const DEFAULT_SCHEDULE: Schedule = { cron: '0 9 * * 1', timeZone: 'UTC' };

export type ScheduleProblem =
  | { readonly kind: 'BadCron'; readonly input: string; readonly reason: string }
  | { readonly kind: 'BadTimeZone'; readonly input: string };

const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** The canonical IANA name (`europe/london` -> `Europe/London`), or undefined when unknown. */
export function canonicalTimeZone(tz: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone: tz.trim() }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

function iterator(s: Schedule, from: Date): CronExpression {
  return CronExpressionParser.parse(s.cron, { tz: s.timeZone, currentDate: from });
}

/**
 * Checks a schedule the way BullMQ will run it: cron-parser must accept it and it must fire at
 * least once in the next eight years (`0 9 31 2 *` never does). Seconds fields are refused: a
 * digest period is named by its minute. Returns the schedule with the cron's spacing tidied and
 * the zone's canonical name, or the problem.
 */
export function parseSchedule(cron: string, timeZone: string): { ok: true; schedule: Schedule } | { ok: false; error: ScheduleProblem } {
  const tidy = cron.trim().split(/\s+/).join(' ');
  const tz = canonicalTimeZone(timeZone);
  if (!tz) return { ok: false, error: { kind: 'BadTimeZone', input: timeZone.trim() } };
  const macro = tidy.startsWith('@');
  if (macro && !MACROS.has(tidy.toLowerCase())) return bad(tidy, `${tidy} is not a cron macro (try @weekly or @daily)`);
  if (!macro && tidy.split(' ').length !== 5) return bad(tidy, `it has ${tidy.split(' ').length} fields, not 5`);
  try {
    const it = iterator({ cron: tidy, timeZone: tz }, new Date());
    const first = it.next();
    if (first.getTime() - Date.now() > 8 * 366 * 86_400_000) return bad(tidy, 'it never fires');
  } catch (error) {
    const reason = (error as Error).message;
    return bad(tidy, /day of month/i.test(reason) ? 'that day never exists in that month, so it never fires' : reason);
  }
  return { ok: true, schedule: { cron: tidy, timeZone: tz } };
}

function bad(input: string, reason: string): { ok: false; error: ScheduleProblem } {
  return { ok: false, error: { kind: 'BadCron', input, reason } };
}

/** The next `count` slots strictly after `after`. */
export function nextSlots(s: Schedule, after: Date, count: number): Date[] {
  const it = iterator(s, after);
  const out: Date[] = [];
  for (let i = 0; i < count; i++) out.push(it.next().toDate());
  return out;
}

/**
 * The latest slot at or before `at` on the `next()` walk, or undefined when the schedule has
 * never fired before `at` within eight years.
 */
export function slotAtOrBefore(s: Schedule, at: Date): Date | undefined {
  let anchor: Date;
  try {
    // Two steps back is before the answer whatever prev() skipped or doubled at a DST edge.
    const back = iterator(s, new Date(at.getTime() + 1));
    back.prev();
    anchor = back.prev().toDate();
  } catch {
    return undefined;
  }
  const it = iterator(s, new Date(anchor.getTime() - 1));
  let latest: Date | undefined;
  for (;;) {
    const slot = it.next().toDate();
    if (slot.getTime() > at.getTime()) return latest;
    latest = slot;
  }
}

/** The slot before `slot`: where the period that ends at `slot` starts. */
export function previousSlot(s: Schedule, slot: Date): Date | undefined {
  return slotAtOrBefore(s, new Date(slot.getTime() - 1));
}

/** Every slot in (from, to], oldest first, at most `limit`. */
export function slotsBetween(s: Schedule, from: Date, to: Date, limit = 1000): Date[] {
  const it = iterator(s, from);
  const out: Date[] = [];
  while (out.length < limit) {
    const slot = it.next().toDate();
    if (slot.getTime() > to.getTime()) break;
    out.push(slot);
  }
  return out;
}

/** The cadence in words, from cronstrue: "At 09:00, only on Monday", "Every minute". */
export function describeCadence(cron: string): string {
  try {
    return cronstrue.toString(cron, { use24HourTimeFormat: true, verbose: false });
  } catch {
    return `on the schedule ${cron}`;
  }
}

/** "Mon 9 Mar 2026, 09:00 GMT" in the schedule's zone. */
export function localTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
  }).format(at);
}

/**
 * The key of the period a slot ends: its local wall-clock minute in the council's zone,
 * `2026-03-09T09:00`. Local on purpose: a wall-clock time that happens twice on the fall-back
 * day names one period, so it can only ever be posted once.
 */
export function periodKey(slot: Date, timeZone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(slot).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
