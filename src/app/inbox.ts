// The durable inbox (delivery.ts): a delivery is written before it is acknowledged, then its row
// lives through received -> applied -> answered. A row is only worked on under a lease; one whose
// lease ran out (its process died) is taken by recovery, here or in another process, and finished.
//
// Exactly once, and where it cannot be: the change itself is recorded once, because the delivery
// key is the command's idempotency key. The answer is posted after `markApplied` and noted by
// `markAnswered`; a process that dies between the two leaves the user possibly answered, possibly
// not, and no way to ask the platform which. Recovery then answers again, with a note saying so
// (sentAgainNote): at least once, never silently twice.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setImmediate as nextTurn } from 'node:timers/promises';
import pLimit from 'p-limit';
import type { Logger } from '../log.ts';
import { isStoreError, type InboxEntry, type InboxRepository } from '../store/store.ts';
import type { AskOptions, Conversation, Platform } from './conversation.ts';
import type { Acceptance, Answerer, Delivery, Inbox } from './delivery.ts';
import { lateIntro, newReference, notRecordedApology, sentAgainNote, unfinishedApology } from './delivery-words.ts';
import { deliveryOf, replyOf, storableReply, toNewEntry } from './inbox-entry.ts';
import type { Reply } from './reply.ts';
import { DAY_MS, HOUR_MS } from './time.ts';

export interface InboxOptions {
  readonly store: InboxRepository;
  readonly ask: (conversation: Conversation, text: string, options: AskOptions) => Promise<Reply>;
  readonly logger: Logger;
  readonly clock?: () => Date;
  /** How long a process may work on one delivery before another may take it over. Default 30 000 ms. */
  readonly leaseMs?: number;
  /** Answered and failed rows are deleted after this long. Default 7 days. */
  readonly retentionMs?: number;
  /** Deliveries worked on at once in this process. Default 8. */
  readonly concurrency?: number;
}

/** A failing delivery is tried this many times in all (a database outage, Slack unreachable). */
const MAX_ATTEMPTS = 3;
const RECOVERY_BATCH = 100;

interface Accepted {
  readonly delivery: Delivery;
  /** True when this process wrote the row, false when the key was already there. */
  readonly written: Promise<boolean>;
}

export function createInbox(options: InboxOptions): Inbox {
  const { store, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const leaseMs = options.leaseMs ?? 30_000;
  const retentionMs = options.retentionMs ?? 7 * DAY_MS;
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const limit = pLimit(options.concurrency ?? 8);
  const answerers = new Map<Platform, Answerer>();
  const accepted = new Map<string, Accepted>();
  /** Keys queued or running here; those running; and the tasks themselves (for drain). */
  const held = new Set<string>();
  const running = new Set<string>();
  const tasks = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let lastPrune = 0;
  /** After this instant (drain) no new work starts; after `stopped`, failures are left for the next start. */
  let startBy = Number.POSITIVE_INFINITY;
  let stopped = false;

  const lease = () => ({ owner, until: new Date(clock().getTime() + leaseMs) });

  function schedule(key: string, work: () => Promise<void>): void {
    held.add(key);
    const task = limit(async () => {
      // Each delivery starts on a fresh event-loop turn: requests that arrived meanwhile are read,
      // written and acknowledged first, so a backlog of work never holds an ack behind it.
      await nextTurn();
      if (Date.now() > startBy) return; // shutting down: stays held, and drain releases it
      running.add(key);
      try {
        await work();
      } finally {
        running.delete(key);
        held.delete(key);
      }
    });
    tasks.add(task);
    void task.finally(() => tasks.delete(task));
  }

  async function run(row: Pick<InboxEntry, 'state' | 'attempts' | 'answerAttempts' | 'reply'>, d: Delivery): Promise<void> {
    const answerer = answerers.get(d.platform);
    if (!answerer) throw new Error(`no answerer for ${d.platform} deliveries: call inbox.serve('${d.platform}', …) first`);
    const late = d.replyBy !== undefined && clock() > d.replyBy;
    let phase: 'apply' | 'answer' = 'apply';
    try {
      let reply: Reply | string;
      if (row.state === 'received') {
        const conversation = await answerer.identify(d.conversation);
        reply = await options.ask(conversation, d.text, {
          idempotencyKey: d.key, ...(d.conversational ? { conversational: true } : {}), ...(d.withImages ? { withImages: true } : {}),
        });
        await store.markApplied(d.key, storableReply(reply));
      } else {
        reply = replyOf(row.reply);
        if (typeof reply === 'string') throw new Error(`inbox row ${d.key}: ${reply}`);
        await store.markAnswering(d.key);
      }
      phase = 'answer';
      const note = late ? lateIntro(d, reply) : row.answerAttempts > 0 ? sentAgainNote() : undefined;
      await answerer.answer(d, reply, { late, ...(note ? { note } : {}) });
      await store.markAnswered(d.key, clock());
    } catch (error) {
      if (stopped) {
        logger.info('inbox: left for the next start', { key: d.key, error });
        return;
      }
      const ref = newReference(d.platform);
      const code = (error as { code?: unknown }).code;
      // A database or network outage may pass; a bug in a use case will not.
      const retry = row.attempts < MAX_ATTEMPTS && (phase === 'answer' || isStoreError(error, 'Unavailable') || isStoreError(error, 'Busy'));
      logger.error(`${d.platform}: delivery failed`, { ref, key: d.key, phase, attempt: row.attempts, willRetry: retry, ...(code ? { code } : {}), error });
      if (retry) {
        await store.release([d.key], owner).catch(() => undefined); // the next recovery takes it again
        return;
      }
      await store.markFailed(d.key, String((error as Error).message ?? error), clock()).catch((e: unknown) => logger.warn('inbox: could not mark a delivery failed', { key: d.key, error: e }));
      await answerer.apologise(d, unfinishedApology(d, ref), { late })
        .catch((e: unknown) => logger.warn(`${d.platform}: could not deliver the apology either`, { ref, error: e }));
    }
  }

  async function runAccepted(entry: Accepted): Promise<void> {
    const d = entry.delivery;
    let mine: boolean;
    try {
      mine = await entry.written;
    } catch (error) {
      // Acknowledged while the write was still waiting for the database, and the write then failed.
      const ref = newReference(d.platform);
      logger.error(`${d.platform}: delivery could not be recorded`, { ref, key: d.key, error });
      await answerers.get(d.platform)?.apologise(d, notRecordedApology(ref), { late: false })
        .catch((e: unknown) => logger.warn(`${d.platform}: could not deliver the apology either`, { ref, error: e }));
      return;
    }
    if (!mine) {
      logger.info(`${d.platform}: duplicate delivery, not run again`, { key: d.key });
      return;
    }
    await run({ state: 'received', attempts: 1, answerAttempts: 0 }, d);
  }

  async function recover(platform: Platform): Promise<void> {
    const now = clock();
    for (const key of await store.claimable(platform, now, RECOVERY_BATCH)) {
      if (held.has(key) || accepted.has(key) || Date.now() > startBy) continue;
      const row = await store.claim(key, lease(), now);
      if (!row) continue; // another process was quicker
      const d = deliveryOf(row);
      if (typeof d === 'string') {
        logger.error('inbox: unreadable row marked failed', { key, problem: d });
        await store.markFailed(key, d, clock());
        continue;
      }
      logger.info(`${platform}: recovering a delivery`, { key, state: row.state, attempt: row.attempts });
      schedule(key, () => run(row, d));
    }
  }

  async function tick(): Promise<void> {
    for (const platform of answerers.keys()) {
      await recover(platform).catch((error: unknown) => logger.warn('inbox: recovery failed; trying again later', { platform, error }));
    }
    if (Date.now() - lastPrune >= HOUR_MS) {
      lastPrune = Date.now();
      await store.prune(new Date(clock().getTime() - retentionMs))
        .then((n) => n > 0 && logger.info('inbox: pruned finished deliveries', { rows: n }))
        .catch((error: unknown) => logger.warn('inbox: pruning failed', { error }));
    }
  }

  return {
    async accept(delivery, acceptOptions = {}): Promise<Acceptance> {
      // A copy still waiting for its own write here (a retry while the database is locked).
      if (accepted.has(delivery.key) || held.has(delivery.key)) return 'duplicate';
      const written = store.add(toNewEntry(delivery), lease());
      written.catch(() => undefined); // awaited below, or later in runAccepted
      accepted.set(delivery.key, { delivery, written });
      let timeout: NodeJS.Timeout | undefined;
      const late = new Promise<'pending'>((resolve) => {
        timeout = setTimeout(() => resolve('pending'), acceptOptions.withinMs ?? 2000);
      });
      try {
        const outcome = await Promise.race([written.then((mine): Acceptance => (mine ? 'new' : 'duplicate')), late]);
        if (outcome === 'duplicate') accepted.delete(delivery.key);
        return outcome;
      } catch (error) {
        accepted.delete(delivery.key);
        throw error;
      } finally {
        clearTimeout(timeout);
      }
    },

    process(key) {
      const entry = accepted.get(key);
      if (!entry) return;
      accepted.delete(key);
      schedule(key, () => runAccepted(entry));
    },

    serve(platform, answerer) {
      answerers.set(platform, answerer);
      timer ??= setInterval(() => void tick(), Math.max(250, leaseMs / 2));
      timer.unref();
      void tick();
    },

    async drain(deadline) {
      clearInterval(timer);
      const now = Date.now();
      startBy = Math.min(startBy, now + Math.max(0, deadline - now) * 0.75);
      let wake: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...tasks]),
        new Promise<void>((resolve) => {
          wake = setTimeout(resolve, Math.max(0, deadline - now));
        }),
      ]);
      clearTimeout(wake);
      stopped = true;
      limit.clearQueue();
      // What never started is released for the next start; what is still running keeps its lease,
      // since its answer may be on its way, and is taken over once the lease runs out.
      const notStarted = [...accepted.keys(), ...[...held].filter((k) => !running.has(k))];
      accepted.clear();
      if (notStarted.length) {
        await store.release(notStarted, owner).catch((error: unknown) => logger.warn('inbox: could not release deliveries', { error }));
      }
      logger.info('inbox: drained', { stillRunning: running.size, released: notStarted.length });
    },
  };
}
