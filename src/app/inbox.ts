// The durable inbox (delivery.ts): a delivery is written before it is acknowledged, then its row
// lives through received -> applied -> answered. A row is only worked on under a lease; one whose
// lease ran out (its process died) is taken by recovery, here or in another process, and finished.
//
// Exactly once, and where it cannot be: the change itself is recorded once, because the delivery
// key is the command's idempotency key. Each post of the answer is counted (`markAnswering`)
// before it begins and noted (`markAnswered`) after it; a process that dies between the two leaves
// the user possibly answered, possibly not, and no way to ask the platform which. Recovery then
// answers again, with a note saying so (sentAgainNote): at least once, never silently twice.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import pLimit, { type LimitFunction } from 'p-limit';
import Queue from 'yocto-queue';
import { logContext, newRequestId, withLogContext, type Logger } from '../log.ts';
import { jobDuration } from '../metrics.ts';
import { createAcksFirst, type AcksFirst } from './acks-first.ts';
import { isStoreError, type InboxEntry, type InboxRepository } from '../store/store.ts';
import { noteFailure, noteReplay, observeCommand } from './command-observer.ts';
import type { AskOptions, Conversation, Platform } from './conversation.ts';
import { ReplyRouteGone, type Acceptance, type Answerer, type Delivery, type Inbox } from './delivery.ts';
import { lateIntro, newReference, notRecordedApology, routeGoneIntro, sentAgainNote, unfinishedApology } from './delivery-words.ts';
import { deliveryOf, replyOf, storableReply, toNewEntry } from './inbox-entry.ts';
import { observedAnswerer } from './platform-calls.ts';
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
  /** Who goes first on the event loop; default one of its own (acks-first.ts). */
  readonly acksFirst?: AcksFirst;
  /**
   * Recorded deliveries waiting to begin that are kept whole in memory; the rest wait as their key
   * and are read back from their inbox row when their turn comes. Default DEFAULT_IN_MEMORY_BACKLOG.
   */
  readonly inMemoryBacklog?: number;
}

/**
 * How many recorded deliveries wait to begin with all they carry in memory. Under a burst the
 * backlog grows by thousands, and every byte of it survives the young-generation collections that
 * run meanwhile, is copied by each, and fills the old generation until a major collection runs in
 * the middle of the acknowledgements it pauses. Past this many, a delivery waits as its key (its
 * row is in the inbox already) and costs one read when it begins: bench/inbox-backlog.ts, 3.2 ->
 * 2.4 KiB of heap per waiting delivery. (Its effect on the ack p99 in bench/slack-ack.ts is within
 * that bench's run-to-run noise on a 2-core machine.)
 */
export const DEFAULT_IN_MEMORY_BACKLOG = 64;

/** A failing delivery is tried this many times in all (a database outage, Slack unreachable). */
const MAX_ATTEMPTS = 3;
const RECOVERY_BATCH = 100;

/** A delivery's work waiting to begin (schedule); without `work`, a recorded delivery waiting as its key. */
interface Scheduled {
  readonly key: string;
  readonly context: Readonly<Record<string, unknown>>;
  readonly work?: () => Promise<void>;
}

interface Accepted {
  readonly delivery: Delivery;
  /** True when this process wrote the row, false when the key was already there. */
  readonly written: Promise<boolean>;
  /** Set once the write is known to have written this process's row (before the ack, in accept). */
  recorded?: true;
  /** The log context it arrived in (reqId of the HTTP request), with its key: every line of its work carries both. */
  readonly context: Readonly<Record<string, unknown>>;
}

export function createInbox(options: InboxOptions): Inbox {
  const { store, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const leaseMs = options.leaseMs ?? 30_000;
  const retentionMs = options.retentionMs ?? 7 * DAY_MS;
  const owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  /** Applying a delivery is database and CPU work: a few at once (the store's dialect decides). */
  const applying = pLimit(options.concurrency ?? 8);
  /**
   * Answering waits on the platform (a slow response_url), not on the database: many at once, as
   * many as the adapters keep connections for (Slack's response_url client: 32).
   */
  const posting = pLimit(32);
  /**
   * Deliveries in progress at once, applying or answering (as many as both stages can hold). The
   * rest wait in `queued` as one plain record each: no promise, span or async context until they
   * begin. A burst acknowledged faster than it is worked off keeps that much less in the heap per
   * delivery (bench/inbox-backlog.ts), and the young-generation collections that run during the
   * burst, pausing every acknowledgement in flight, have that much less to copy.
   */
  const admissionLimit = applying.concurrency + posting.concurrency;
  const queued = new Queue<Scheduled>();
  const inMemoryBacklog = options.inMemoryBacklog ?? DEFAULT_IN_MEMORY_BACKLOG;
  let admitted = 0;
  const acks = options.acksFirst ?? createAcksFirst();
  const answerers = new Map<Platform, Answerer>();
  const accepted = new Map<string, Accepted>();
  /** Keys scheduled here; those being applied or posted right now; and the work itself (for drain). */
  const held = new Set<string>();
  const busy = new Set<string>();
  const tasks = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let lastPrune = 0;
  /** After this instant (drain) no new delivery begins; after `stopped`, failures are left for the next start. */
  let startBy = Number.POSITIVE_INFINITY;
  let stopped = false;

  const lease = () => ({ owner, until: new Date(clock().getTime() + leaseMs) });

  /**
   * Queues a delivery's work (or, without `work`, a recorded delivery to read back from its row); it
   * begins, in the log context it arrived in, once fewer than admissionLimit are in progress.
   */
  function schedule(key: string, context: Readonly<Record<string, unknown>>, work?: () => Promise<void>): void {
    held.add(key);
    queued.enqueue(work ? { key, context, work } : { key, context });
    admit();
  }

  /** True while a delivery that waited as its key is read back: nothing queued after it begins meanwhile. */
  let reading = false;

  function admit(): void {
    while (!reading && admitted < admissionLimit && queued.size > 0) {
      const { key, context, work } = queued.dequeue()!;
      if (work) {
        start(key, context, work);
        continue;
      }
      // Read back before anything queued after it begins, so that it reaches its conversation's
      // turn (inOrder) in the order it was acknowledged.
      reading = true;
      void withLogContext(context, () => readBack(key)).then((work) => {
        if (work) start(key, context, work);
        else held.delete(key);
      }, (error: unknown) => {
        held.delete(key); // its lease runs out, and recovery takes it
        logger.warn('inbox: a waiting delivery could not be read back; it is recovered once its lease runs out', { key, error });
      }).finally(() => {
        reading = false;
        admit();
      });
    }
  }

  function start(key: string, context: Readonly<Record<string, unknown>>, work: () => Promise<void>): void {
    admitted++;
    const task: Promise<void> = withLogContext(context, work)
      .catch((error: unknown) => logger.error('inbox: delivery work failed unexpectedly', { key, error }))
      .finally(() => {
        held.delete(key);
        tasks.delete(task);
        admitted--;
        admit();
      });
    tasks.add(task);
  }

  async function busyWith<T>(key: string, work: () => Promise<T>): Promise<T> {
    busy.add(key);
    try {
      return await work();
    } finally {
      busy.delete(key);
    }
  }

  /**
   * Per conversation (a channel, or a user's DM), deliveries are applied one after another in the
   * order they began here (the order they were acknowledged, or received for recovered ones): a
   * `done` typed right after its channel's `team create` waits for it, however the database
   * interleaves the two. Other conversations go side by side.
   */
  const lanes = new Map<string, LimitFunction>();
  function inOrder<T>(d: Delivery, work: () => Promise<T>): Promise<T> {
    // Channel and org ids carry their platform (conversation.ts).
    const lane = d.conversation.channelId ?? `${d.conversation.orgId}:${d.conversation.userId}`;
    let one = lanes.get(lane);
    if (!one) lanes.set(lane, (one = pLimit(1)));
    return one(work).finally(() => {
      if (one.activeCount === 0 && one.pendingCount === 0) lanes.delete(lane);
    });
  }

  /** Applies a received delivery, or reads back the answer of an applied one; undefined when shutting down. */
  function begin(row: Pick<InboxEntry, 'state' | 'reply'>, d: Delivery, answerer: Answerer): Promise<Reply | undefined> {
    return inOrder(d, () => applying(async () => {
      // Each delivery begins on a quiet event-loop turn: requests that arrived meanwhile are read,
      // written and acknowledged first, so a backlog of work never holds an ack behind it.
      if (!d.answerIsAck) await acks.turn();
      if (Date.now() > startBy) return undefined; // not begun: drain releases it for the next start
      if (row.state !== 'received') {
        noteReplay();
        const stored = replyOf(row.reply);
        if (typeof stored === 'string') throw new Error(`inbox row ${d.key}: ${stored}`);
        return stored;
      }
      return busyWith(d.key, async () => {
        const conversation = await answerer.identify(d.conversation);
        const reply = await options.ask(conversation, d.text, {
          idempotencyKey: d.key, ...(d.conversational ? { conversational: true } : {}), ...(d.withImages ? { withImages: true } : {}),
        });
        await store.markApplied(d.key, storableReply(reply));
        return reply;
      });
    }));
  }

  /** Applies and answers one delivery, observed as one command (command-observer.ts). */
  function run(row: Pick<InboxEntry, 'state' | 'attempts' | 'answerAttempts' | 'reply'>, d: Delivery): Promise<void> {
    return observeCommand(d.platform, { 'techtree.delivery_key': d.key }, () => applyAndAnswer(row, d));
  }

  async function applyAndAnswer(row: Pick<InboxEntry, 'state' | 'attempts' | 'answerAttempts' | 'reply'>, d: Delivery): Promise<void> {
    const answerer = answerers.get(d.platform);
    if (!answerer) throw new Error(`no answerer for ${d.platform} deliveries: call inbox.serve('${d.platform}', …) first`);
    const late = d.replyBy !== undefined && clock() > d.replyBy;
    let phase: 'apply' | 'answer' = 'apply';
    try {
      const reply = await begin(row, d, answerer);
      if (reply === undefined) return;
      phase = 'answer';
      const note = late ? lateIntro(d, reply) : row.answerAttempts > 0 ? sentAgainNote() : undefined;
      await posting(() => busyWith(d.key, async () => {
        if (!d.answerIsAck) await acks.turn(); // drawing the blocks and sending them is work too: acks first
        if (Date.now() > startBy) return; // not posted: drain releases it, the next start answers it
        await store.markAnswering(d.key);
        try {
          await answerer.answer(d, reply, { late, ...(note ? { note } : {}) });
        } catch (error) {
          if (!(error instanceof ReplyRouteGone) || late) throw error;
          logger.info(`${d.platform}: reply route gone, answering another way`, { key: d.key, reason: error.message });
          await answerer.answer(d, reply, { late: true, note: routeGoneIntro(d) });
        }
        await store.markAnswered(d.key, clock());
        logger.info(`${d.platform}: answered`, { key: d.key, ...(late ? { late } : {}), ...(note ? { note: row.answerAttempts > 0 ? 'sentAgain' : 'late' } : {}) });
      }));
    } catch (error) {
      noteFailure(error);
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

  /**
   * A recorded delivery that waited as its key, read back from its row as recovery reads one: its
   * work, or undefined when another process took it over meanwhile (its lease ran out), it was
   * finished, or the row cannot be read (then it is marked failed).
   */
  async function readBack(key: string): Promise<(() => Promise<void>) | undefined> {
    const row = await store.get(key);
    if (!row || row.leaseOwner !== owner || (row.state !== 'received' && row.state !== 'applied')) {
      logger.info('inbox: a waiting delivery was taken over or finished meanwhile; not run here', { key, state: row?.state });
      return undefined;
    }
    const d = await readable(row);
    return d && (() => run(row, d));
  }

  /** The delivery a row holds; undefined (and the row marked failed) when it cannot be read. */
  async function readable(row: InboxEntry): Promise<Delivery | undefined> {
    const d = deliveryOf(row);
    if (typeof d !== 'string') return d;
    logger.error('inbox: unreadable row marked failed', { key: row.key, problem: d });
    await store.markFailed(row.key, d, clock());
    return undefined;
  }

  async function recover(platform: Platform): Promise<void> {
    const now = clock();
    for (const key of await store.claimable(platform, now, RECOVERY_BATCH)) {
      if (held.has(key) || accepted.has(key) || Date.now() > startBy) continue;
      const row = await store.claim(key, lease(), now);
      if (!row) continue; // another process was quicker
      const d = await readable(row);
      if (!d) continue;
      // No HTTP request to carry a request id here: the recovery is one of its own.
      const context = { reqId: newRequestId(), key };
      withLogContext(context, () => logger.info(`${platform}: recovering a delivery`, { state: row.state, attempt: row.attempts }));
      schedule(key, context, () => run(row, d));
    }
  }

  async function tick(): Promise<void> {
    const timer = jobDuration.startTimer({ job: 'inbox-recovery' });
    for (const platform of answerers.keys()) {
      await recover(platform).catch((error: unknown) => logger.warn('inbox: recovery failed; trying again later', { platform, error }));
    }
    timer();
    if (Date.now() - lastPrune >= HOUR_MS) {
      lastPrune = Date.now();
      await store.prune(new Date(clock().getTime() - retentionMs))
        .then((n) => n > 0 && logger.info('inbox: pruned finished deliveries', { rows: n }))
        .catch((error: unknown) => logger.warn('inbox: pruning failed', { error }));
    }
  }

  return {
    arriving: () => acks.arriving(),

    async accept(delivery, acceptOptions = {}): Promise<Acceptance> {
      // A copy still waiting for its own write here (a retry while the database is locked).
      if (accepted.has(delivery.key) || held.has(delivery.key)) return 'duplicate';
      const leave = acks.arriving(); // Socket Mode has no request to count: the write itself is the ack's path
      const written = store.add(toNewEntry(delivery), lease());
      written.catch(() => undefined); // awaited below, or later in runAccepted
      const context = { reqId: logContext().reqId ?? newRequestId(), key: delivery.key };
      const entry: Accepted = { delivery, written, context };
      accepted.set(delivery.key, entry);
      let timeout: NodeJS.Timeout | undefined;
      const late = new Promise<'pending'>((resolve) => {
        timeout = setTimeout(() => resolve('pending'), acceptOptions.withinMs ?? 2000);
      });
      try {
        const outcome = await Promise.race([written.then((mine): Acceptance => (mine ? 'new' : 'duplicate')), late]);
        if (outcome === 'duplicate') accepted.delete(delivery.key);
        if (outcome === 'new') entry.recorded = true;
        return outcome;
      } catch (error) {
        accepted.delete(delivery.key);
        throw error;
      } finally {
        clearTimeout(timeout);
        leave();
      }
    },

    process(key) {
      const entry = accepted.get(key);
      if (!entry) return;
      accepted.delete(key);
      // Behind a long backlog a recorded delivery waits as its key. Not one whose write is still
      // out (its failure needs the delivery, to apologise), nor one whose ack carries the answer.
      if (entry.recorded && !entry.delivery.answerIsAck && queued.size >= inMemoryBacklog) {
        schedule(key, entry.context);
        return;
      }
      schedule(key, entry.context, () => runAccepted(entry));
    },

    serve(platform, answerer) {
      answerers.set(platform, observedAnswerer(platform, answerer));
      timer ??= setInterval(() => void tick(), Math.max(250, leaseMs / 2));
      timer.unref();
      void tick();
    },

    async drain(deadline) {
      clearInterval(timer);
      const now = Date.now();
      const budget = Math.max(0, deadline - now);
      // Work that begins is given time to end: a post to Slack takes up to a second or two.
      startBy = Math.min(startBy, deadline - Math.min(budget / 2, Math.max(budget / 4, 2000)));
      let wake: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...tasks]),
        new Promise<void>((resolve) => {
          wake = setTimeout(resolve, Math.max(0, deadline - now));
        }),
      ]);
      clearTimeout(wake);
      stopped = true;
      queued.clear();
      applying.clearQueue();
      posting.clearQueue();
      // What waits is released for the next start. What is being applied or posted keeps its lease:
      // its change may commit and its answer may arrive after this; it is taken over once the lease
      // runs out, and answered again with a note if a post had begun.
      const waiting = [...accepted.keys(), ...[...held].filter((k) => !busy.has(k))];
      accepted.clear();
      if (waiting.length) {
        await store.release(waiting, owner).catch((error: unknown) => logger.warn('inbox: could not release deliveries', { error }));
      }
      logger.info('inbox: drained', { unfinished: new Set([...held, ...waiting]).size, released: waiting.length, stillBusy: busy.size });
    },
  };
}
