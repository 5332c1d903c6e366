// The digest job: ids and the slot in, one post out, however often it runs. BullMQ's worker and
// the embedded ticker both call processDigest; the exactly-once protocol lives in the app.
import type { DigestRunOptions, DigestService, RunOutcome } from '../app/digest-service.ts';
import { newRequestId, withLogContext, type Logger } from '../log.ts';
import { jobDuration } from '../metrics.ts';
import { inSpan } from '../telemetry.ts';

export interface DigestJobData {
  readonly councilId: string;
  /** The scheduled slot, ISO-8601. */
  readonly slot: string;
}

export interface DigestJobDeps {
  readonly digests: DigestService;
  readonly logger: Logger;
  readonly options: DigestRunOptions;
}

/**
 * Posts the council's digest for `slot` unless it was posted already. Returns what happened;
 * throws DigestRunError (`retry`: backoff, after Retry-After, or never) for the caller's retry policy.
 */
export function processDigest(data: DigestJobData, deps: DigestJobDeps, job: { readonly id?: string; readonly attempt?: number } = {}): Promise<RunOutcome> {
  // One request id per attempt: every line and span of it (the database writes, the platform's
  // post) carries it, as a chat command's do.
  const context = { reqId: newRequestId(), job: 'digest', councilId: data.councilId, slot: data.slot, ...(job.id ? { jobId: job.id } : {}) };
  const attributes = {
    'techtree.council_id': data.councilId, 'techtree.slot': data.slot,
    ...(job.id ? { 'techtree.job_id': job.id } : {}), ...(job.attempt ? { 'techtree.attempt': job.attempt } : {}),
  };
  return withLogContext(context, () => inSpan('techtree.digest', { attributes }, async (span) => {
    const timer = jobDuration.startTimer({ job: 'digest' });
    try {
      const outcome = await deps.digests.run({ councilId: data.councilId, slot: data.slot }, deps.options);
      span.setAttribute('techtree.outcome', outcome.status === 'skipped' ? `skipped:${outcome.reason}` : outcome.status);
      if (outcome.status === 'skipped') deps.logger.info(`digest: skipped (${outcome.reason}): ${outcome.detail}`);
      else if (outcome.status === 'alreadyPosted') deps.logger.debug('digest: already posted', { periodKey: outcome.periodKey });
      return outcome;
    } finally {
      timer();
    }
  }));
}
