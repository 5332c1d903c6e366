// What the job layer (BullMQ worker, embedded ticker) and the CLI may ask of the app about
// scheduled digests. A narrow port: the jobs import nothing else of the app's internals.
import type { AppDeps } from './use-cases/context.ts';
import { activeSchedules, councilRows, dueDigests, type CouncilRow, type CouncilSchedule, type DueOptions } from './use-cases/digest-slots.ts';
import { runDigest, type DigestJob, type DigestRunOptions, type RunOutcome } from './use-cases/run-digest.ts';
import { findCouncil, renderDigestFiles, type RenderedDigest } from './use-cases/digest-files.ts';
import type { Council } from '../store/store.ts';
import { digestsTotal } from '../metrics.ts';
import { isDigestRunError } from './digest-run-error.ts';

export interface DigestService {
  /** Posts the digest of one slot exactly once (see run-digest.ts). Throws DigestRunError to ask for a retry. */
  run(job: DigestJob, options?: DigestRunOptions): Promise<RunOutcome>;
  /** The latest due slot of each council (see dueDigests). */
  due(now: Date, options: DueOptions): Promise<DigestJob[]>;
  /** Every council that should be on a schedule. */
  schedules(): Promise<CouncilSchedule[]>;
  /** Councils with schedule, next run and last run, for operators. */
  councils(now: Date): Promise<CouncilRow[]>;
  /** A council by id, channel id, or the channel's own id; or why none matched. */
  findCouncil(ref: string): Promise<Council | { problem: string }>;
  /** The digest of the council's slot at or before `at` as Markdown, JSON and PNGs (nothing is posted). */
  render(council: Council, at: Date): Promise<RenderedDigest | undefined>;
  /** The app's clock. */
  now(): Date;
}

/** Counts a digest run in techtree_digests_total by outcome and reason, and passes it on. */
async function countedRun(running: Promise<RunOutcome>): Promise<RunOutcome> {
  let outcome: RunOutcome;
  try {
    outcome = await running;
  } catch (error) {
    digestsTotal.inc({ outcome: 'failed', reason: isDigestRunError(error) ? error.code : 'error' });
    throw error;
  }
  if (outcome.status === 'posted') digestsTotal.inc({ outcome: 'posted', reason: outcome.recovered ? 'recovered' : 'new' });
  else digestsTotal.inc({ outcome: 'skipped', reason: outcome.status === 'alreadyPosted' ? 'alreadyPosted' : outcome.reason });
  return outcome;
}

export function createDigestService(deps: AppDeps): DigestService {
  return {
    run: (job, options) => countedRun(runDigest(deps, job, options)),
    due: (now, options) => dueDigests(deps, now, options),
    schedules: () => activeSchedules(deps),
    councils: (now) => councilRows(deps, now),
    findCouncil: (ref) => findCouncil(deps, ref),
    render: (council, at) => renderDigestFiles(deps, council, at),
    now: () => deps.clock(),
  };
}

export type { CouncilRow, CouncilSchedule, DueOptions, DigestJob, DigestRunOptions, RenderedDigest, RunOutcome };
export { DigestRunError, isDigestRunError, type DigestRunErrorCode } from './digest-run-error.ts';
export { DEFAULT_CATCH_UP_MS, DEFAULT_STALE_AFTER_MS } from './use-cases/run-digest.ts';
