// The process's Prometheus metrics (prom-client): one registry, created once when this module is
// first imported, with the default process metrics. Every layer that measures something imports
// its metric from here; `GET /metrics` (the HTTP server, and `techtree worker` on METRICS_PORT)
// serves `metricsText()`. Names follow Prometheus conventions: `_total` counters, `_seconds`
// histograms, base units.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

/** Command latencies: a reply from the database alone takes milliseconds, one with a picture a second or two. */
const COMMAND_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Jobs run from milliseconds (a reconcile) to a minute (a digest waiting on a rate limit). */
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** Outcome of a command: a reply (`ok`), a user error explained in the reply (`rejected`), or a failure (`error`). */
export type CommandOutcome = 'ok' | 'rejected' | 'error';

export const commandsTotal = new Counter({
  name: 'techtree_commands_total',
  help: 'Commands handled, by command (the grammar\'s kind, e.g. done, teamCreate; "unknown" when the text was not a command), outcome (ok, rejected: a user error, error: a failure) and platform.',
  labelNames: ['command', 'outcome', 'platform'] as const,
  registers: [registry],
});

export const commandDuration = new Histogram({
  name: 'techtree_command_duration_seconds',
  help: 'Time from starting a command to its answer: for chat deliveries, applying it and posting the answer.',
  labelNames: ['command', 'platform'] as const,
  buckets: COMMAND_BUCKETS,
  registers: [registry],
});

export const eventsRecorded = new Counter({
  name: 'techtree_events_recorded_total',
  help: 'Progress events committed, by kind (done, undone, started, skipped, unskipped). A redelivered command records nothing.',
  labelNames: ['kind'] as const,
  registers: [registry],
});

export const digestsTotal = new Counter({
  name: 'techtree_digests_total',
  help: 'Digest runs by outcome (posted, failed, skipped) and reason (skipped: noCouncil, paused, notASlot, superseded, tooOld, noPoster, alreadyPosted; failed: DigestFailed, DigestRateLimited, DigestChannelGone, DigestBusy; posted: new or recovered).',
  labelNames: ['outcome', 'reason'] as const,
  registers: [registry],
});

export const jobDuration = new Histogram({
  name: 'techtree_job_duration_seconds',
  help: 'Background jobs by kind: digest (one digest run), digest-reconcile (BullMQ schedulers), digest-due (the embedded ticker\'s look), inbox-recovery.',
  labelNames: ['job'] as const,
  buckets: JOB_BUCKETS,
  registers: [registry],
});

export const platformApiErrors = new Counter({
  name: 'techtree_platform_api_errors_total',
  help: 'Failed calls to a chat platform (answers, apologies, digest posts) by platform and code (Slack\'s error string such as not_in_channel, or the adapter\'s code such as SlackUnreachable).',
  labelNames: ['platform', 'code'] as const,
  registers: [registry],
});

export const sqliteBusyRetries = new Counter({
  name: 'techtree_sqlite_busy_retries_total',
  help: 'SQLite writes retried because another process held the database lock (SQLITE_BUSY).',
  registers: [registry],
});

const renderQueues = new Set<() => number>();

/** Counts `queueLength()` into techtree_render_queue_length until the returned function is called. */
export function watchRenderQueue(queueLength: () => number): () => void {
  renderQueues.add(queueLength);
  return () => renderQueues.delete(queueLength);
}

export const renderQueueLength = new Gauge({
  name: 'techtree_render_queue_length',
  help: 'Pictures waiting for a free render thread.',
  registers: [registry],
  collect() {
    let n = 0;
    for (const length of renderQueues) n += length();
    this.set(n);
  },
});

export const renderDuration = new Histogram({
  name: 'techtree_render_duration_seconds',
  help: 'Time to draw one picture in the render pool, waiting for a thread included.',
  buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
  registers: [registry],
});

/** Prometheus' text format of every metric, and its content type (`text/plain; version=0.0.4`). */
export async function metricsText(): Promise<{ readonly contentType: string; readonly body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/** A label value of bounded size and shape, for values that come from outside (a platform's error string). */
export function labelValue(value: unknown, fallback = 'unknown'): string {
  const s = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  const clean = s.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, 64);
  return clean || fallback;
}
