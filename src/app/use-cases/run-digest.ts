// Posting a council's digest for one scheduled slot, exactly once, whoever calls and however often:
// BullMQ jobs and their retries, the embedded ticker, two replicas at once, the CLI's --post.
//
// One digest_runs row per council and period decides. The run goes running -> posting (before
// the platform call) -> posted (with the message reference). An attempt that takes over a run
// that had reached `posting` first asks the platform for its own message (it carries the run id
// in its metadata) and records it instead of posting again; a platform that cannot be asked
// (Teams: no findPost) gets the digest again, at least once. Attempts are fenced: a takeover bumps
// the attempt number, and only the holder of the current one may move the run to `posting`.
import { DAY_MS, HOUR_MS } from '../time.ts';
import type { DigestMessage, DigestPoster, PostFailure } from '../digest-poster.ts';
import { DigestRunError } from '../digest-run-error.ts';
import { describeCadence, localTime, periodKey, slotAtOrBefore, type Schedule } from '../schedule.ts';
import type { AppDeps } from './context.ts';
import { composeDigest, drawDigestCharts, settingsOf, type DigestSettings } from './digest.ts';

/** What a digest job carries: ids and the slot only. */
export interface DigestJob {
  readonly councilId: string;
  /** The scheduled slot (ISO instant, or Date); snapped to the council's schedule. */
  readonly slot: string | Date;
}

export interface DigestRunOptions {
  /** A slot older than this is not posted any more. Default 3 days. */
  readonly catchUpWindowMs?: number;
  /** A run claimed this long ago and still not posted is presumed crashed. Default 2 minutes. */
  readonly staleAfterMs?: number;
  /** Skip a slot when a later one has already come (only the latest missed slot is caught up). Default true. */
  readonly latestOnly?: boolean;
}

export const DEFAULT_CATCH_UP_MS = 3 * DAY_MS;
export const DEFAULT_STALE_AFTER_MS = 2 * 60_000;

export type SkipReason = 'noCouncil' | 'paused' | 'notASlot' | 'superseded' | 'tooOld' | 'noPoster';

export type RunOutcome =
  | { readonly status: 'posted'; readonly runId: string; readonly periodKey: string; readonly ref: string; readonly recovered: boolean; readonly headline: string }
  | { readonly status: 'alreadyPosted'; readonly runId: string; readonly periodKey: string; readonly ref?: string }
  | { readonly status: 'skipped'; readonly reason: SkipReason; readonly detail: string };

interface ClaimedSettings extends DigestSettings {
  readonly slot: string;
}

const skipped = (reason: SkipReason, detail: string): RunOutcome => ({ status: 'skipped', reason, detail });

/**
 * Runs the digest of `job` once. Returns what happened; throws DigestRunError when the run
 * should be retried (`retry` says how) or never (channel gone: the council is paused).
 */
export async function runDigest(deps: AppDeps, job: DigestJob, options: DigestRunOptions = {}): Promise<RunOutcome> {
  const { store, clock } = deps;
  const council = await store.councils.get(job.councilId);
  if (!council) return skipped('noCouncil', `council ${job.councilId} no longer exists`);
  if (council.pausedAt) return skipped('paused', `council ${council.id} is paused: ${council.pauseReason ?? 'channel unreachable'}`);
  const poster = deps.posters?.[council.platform];
  if (!poster) return skipped('noPoster', `no ${council.platform} poster is configured, so council ${council.id} cannot be posted to`);

  const schedule: Schedule = { cron: council.cron, timeZone: council.timeZone };
  const asked = new Date(job.slot);
  // A job fires at its slot or a little after; a slot of another schedule is not ours any more.
  const slot = slotAtOrBefore(schedule, new Date(asked.getTime() + 1000));
  if (!slot || asked.getTime() - slot.getTime() > 60_000) return skipped('notASlot', `${asked.toISOString()} is not a slot of ${council.cron} (${council.timeZone}); the schedule changed`);
  const now = clock();
  const latest = slotAtOrBefore(schedule, now);
  if ((options.latestOnly ?? true) && latest && latest.getTime() > slot.getTime()) {
    return skipped('superseded', `a later slot (${latest.toISOString()}) has come; only the latest missed digest is posted`);
  }
  if (now.getTime() - slot.getTime() > (options.catchUpWindowMs ?? DEFAULT_CATCH_UP_MS)) {
    return skipped('tooOld', `slot ${slot.toISOString()} is older than the catch-up window`);
  }

  const key = periodKey(slot, council.timeZone);
  const { claimed, run } = await store.digestRuns.claim(council.id, key, { ...settingsOf(council), slot: slot.toISOString() } satisfies ClaimedSettings, {
    staleAfterMs: options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS, now,
  });
  if (!claimed) {
    if (run.status === 'posted') return { status: 'alreadyPosted', runId: run.id, periodKey: key, ...(run.postedRef ? { ref: run.postedRef } : {}) };
    throw new DigestRunError('DigestBusy', `the ${key} digest of council ${council.id} is being posted by another worker (attempt ${run.attempts}, ${run.status})`);
  }

  // The settings the run was first claimed with: a retry renders and posts the same digest.
  const settings = run.settings as ClaimedSettings;
  const attempt = run.attempts;
  try {
    if (run.postStartedAt && !poster.findPost) {
      deps.logger?.warn(`digest: an earlier attempt began posting this digest and ${council.platform} cannot be searched for it; posting again (at least once), so the channel may see it twice`, { councilId: council.id, periodKey: key, runId: run.id, attempt });
    }
    if (run.postStartedAt && poster.findPost) {
      const found = await poster.findPost(settings.channelId, run.id, new Date(new Date(settings.slot).getTime() - HOUR_MS));
      if (found) {
        await store.digestRuns.markPosted(run.id, found, { recovered: true });
        deps.logger?.info('digest: found the message an earlier attempt posted; recorded it instead of posting again', { councilId: council.id, periodKey: key, runId: run.id, ref: found });
        return { status: 'posted', runId: run.id, periodKey: key, ref: found, recovered: true, headline: '' };
      }
    }
    const composed = await composeDigest(deps, settings, new Date(settings.slot));
    const charts = await drawDigestCharts(deps, composed);
    const { digest } = composed.built;
    const message: DigestMessage = {
      runId: run.id,
      title: composed.text.title,
      headline: composed.text.headline,
      lists: composed.text.lists,
      charts,
      footer: `Period ${localTime(digest.from, settings.timeZone)} to ${localTime(digest.to, settings.timeZone)}. Posted ${describeCadence(settings.cron).replace(/^./, (c) => c.toLowerCase())} (${settings.timeZone}); \`digest\` previews the next one.`,
    };
    if (!(await store.digestRuns.markPosting(run.id, attempt))) {
      throw new DigestRunError('DigestBusy', `the ${key} digest of council ${council.id} was taken over by another worker before it was posted`);
    }
    const ref = await poster.post({ kind: 'channel', channelId: settings.channelId }, message);
    await store.digestRuns.markPosted(run.id, ref, { headline: message.headline, totals: digest.totals, teams: digest.teams.length });
    deps.logger?.info('digest: posted', { councilId: council.id, periodKey: key, runId: run.id, ref, attempt });
    return { status: 'posted', runId: run.id, periodKey: key, ref, recovered: false, headline: message.headline };
  } catch (error) {
    if (error instanceof DigestRunError && error.code === 'DigestBusy') throw error;
    await store.digestRuns.markFailed(run.id, error, attempt).catch(() => undefined);
    throw await failure(deps, poster, council.id, key, error);
  }
}

async function failure(deps: AppDeps, poster: DigestPoster, councilId: string, key: string, error: unknown): Promise<DigestRunError> {
  const what: PostFailure = poster.classify(error);
  const message = (error as Error)?.message ?? String(error);
  switch (what.kind) {
    case 'rateLimited':
      return new DigestRunError('DigestRateLimited', `the ${key} digest was rate limited: ${message}`, { cause: error, retryAfterMs: what.retryAfterMs });
    case 'retryable':
      return new DigestRunError('DigestFailed', `the ${key} digest could not be posted: ${message}`, { cause: error });
    case 'channelGone':
      await pause(deps, poster, councilId, what.reason);
      return new DigestRunError('DigestChannelGone', `the ${key} digest cannot be posted: ${what.reason}; council ${councilId} is paused`, { cause: error });
  }
}

/** Pauses the council with one clear log line and tells whoever set it up. */
async function pause(deps: AppDeps, poster: DigestPoster, councilId: string, reason: string): Promise<void> {
  const council = await deps.store.councils.update(councilId, { paused: { at: deps.clock(), reason } });
  deps.logger?.warn(`digest: council ${councilId} paused: ${reason}; no more digests until someone types "council here" in its channel`, { councilId, channelId: council?.channelId });
  if (!council?.setUpBy) return;
  const fix = council.platform === 'teams' ? 'add me back to the team, or ask a Teams admin to allow me' : 'unarchive the channel, or invite me back with `/invite @TechTree`';
  const text = `I couldn't post the council digest: ${reason}. Digests for that council are paused. Once I can post there again (${fix}), type \`council here\` in it to resume.`;
  try {
    await poster.post({ kind: 'person', orgId: council.orgId, userId: council.setUpBy }, { text, channelId: council.channelId });
  } catch (error) {
    deps.logger?.warn('digest: could not tell the council admin by DM', { councilId, userId: council.setUpBy, error });
  }
}
