// Which digests are due, and every council's schedule: what the embedded ticker, the BullMQ
// reconcile and `techtree councils` ask.
import type { DigestRun } from '../../store/store.ts';
import { describeCadence, nextSlots, periodKey, slotAtOrBefore } from '../schedule.ts';
import type { AppDeps } from './context.ts';
import { DEFAULT_STALE_AFTER_MS, type DigestJob } from './run-digest.ts';

export interface CouncilSchedule {
  readonly councilId: string;
  readonly cron: string;
  readonly timeZone: string;
}

/** Councils that should be on a schedule: not paused, and on a platform something can post to. */
export async function activeSchedules(deps: AppDeps): Promise<CouncilSchedule[]> {
  const councils = await deps.store.councils.list();
  return councils
    .filter((c) => !c.pausedAt && deps.posters?.[c.platform])
    .map((c) => ({ councilId: c.id, cron: c.cron, timeZone: c.timeZone }));
}

export interface DueOptions {
  readonly catchUpWindowMs: number;
  /** A failed run is tried again only while it has had fewer attempts than this. */
  readonly maxAttempts: number;
  readonly staleAfterMs?: number;
}

function wantsRun(run: DigestRun | undefined, now: Date, o: DueOptions): boolean {
  if (!run) return true;
  if (run.status === 'posted') return false;
  if (run.status === 'failed') return run.attempts < o.maxAttempts;
  return now.getTime() - run.startedAt.getTime() > (o.staleAfterMs ?? DEFAULT_STALE_AFTER_MS);
}

/**
 * For each active council, its latest slot at or before `now` when that slot is within the
 * catch-up window and its run is missing, failed with attempts left, or stale. Older missed
 * slots are never returned: after downtime only the latest is posted.
 */
export async function dueDigests(deps: AppDeps, now: Date, o: DueOptions): Promise<DigestJob[]> {
  const due: DigestJob[] = [];
  for (const c of await activeSchedules(deps)) {
    const slot = slotAtOrBefore(c, now);
    if (!slot || now.getTime() - slot.getTime() > o.catchUpWindowMs) continue;
    const run = await deps.store.digestRuns.get(c.councilId, periodKey(slot, c.timeZone));
    if (wantsRun(run, now, o)) due.push({ councilId: c.councilId, slot: slot.toISOString() });
  }
  return due;
}

export interface CouncilRow {
  readonly id: string;
  readonly channelId: string;
  readonly schedule: string;
  readonly timeZone: string;
  readonly next?: Date;
  readonly paused?: string;
  readonly lastRun?: DigestRun;
}

/** Every council with its schedule in words, its next slot and its last run. */
export async function councilRows(deps: AppDeps, now: Date): Promise<CouncilRow[]> {
  const rows: CouncilRow[] = [];
  for (const c of await deps.store.councils.list()) {
    const [lastRun] = await deps.store.digestRuns.listForCouncil(c.id, 1);
    const next = nextSlots(c, now, 1)[0];
    rows.push({
      id: c.id, channelId: c.channelId, schedule: `${describeCadence(c.cron)} (${c.cron})`, timeZone: c.timeZone,
      ...(next ? { next } : {}), ...(c.pausedAt ? { paused: c.pauseReason ?? 'paused' } : {}), ...(lastRun ? { lastRun } : {}),
    });
  }
  return rows;
}
