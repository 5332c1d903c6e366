// The digest job: ids and the slot in, one post out, however often it runs. BullMQ's worker and
// the embedded ticker both call processDigest; the exactly-once protocol lives in the app.
import type { DigestRunOptions, DigestService, RunOutcome } from '../app/digest-service.ts';
import type { Logger } from '../log.ts';

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
export async function processDigest(data: DigestJobData, deps: DigestJobDeps): Promise<RunOutcome> {
  const outcome = await deps.digests.run({ councilId: data.councilId, slot: data.slot }, deps.options);
  if (outcome.status === 'skipped') deps.logger.info(`digest: skipped (${outcome.reason}): ${outcome.detail}`, { councilId: data.councilId, slot: data.slot });
  else if (outcome.status === 'alreadyPosted') deps.logger.debug('digest: already posted', { councilId: data.councilId, periodKey: outcome.periodKey });
  return outcome;
}
