// The app on a worker thread. better-sqlite3 is synchronous: a query, a lock wait (busy_timeout)
// or a WAL checkpoint on the HTTP thread holds up every ack behind it. With the app here, the
// HTTP thread only verifies, acks and hands the job over (`slack`), so Slack gets its ack
// whatever the database does, and rendering and posting answers do not compete with acks.
// Same TechTreeApp port as openApp, so `serve` can use either.
import { Worker } from 'node:worker_threads';
import type { AskOptions, Conversation } from '../app/conversation.ts';
import type { Reply } from '../app/reply.ts';
import type { ProgressChanged, TechTreeApp } from '../app/techtree-app.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { AppCall, AppNews, PlainError, ToAppThread } from './app-worker-protocol.ts';
import type { SlackJob } from './slack/jobs/slack-job.ts';
import type { SlackWork } from './slack/slack-work.ts';

/** An error from the app thread, with the code it had there (StoreError 'Unavailable', …). */
export class AppThreadError extends Error {
  override readonly name = 'AppThreadError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const fromPlain = (e: PlainError) => new AppThreadError(e.code ?? e.name, e.message);

type Call = AppCall extends infer C ? (C extends AppCall ? Omit<C, 'id'> : never) : never;

// The worker runs TypeScript sources too, so it registers tsx itself before loading its entry.
function bootstrap(): string {
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./app-worker-thread.ts', import.meta.url).href;
  return `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
}

export interface AppInWorker extends TechTreeApp {
  /** Slack's work after acks, run on the app's thread with its own Slack clients (config.slack). */
  readonly slack: SlackWork;
}

interface Waiting {
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: Error) => void;
}

export async function openAppInWorker(config: Config, logger: Logger): Promise<AppInWorker> {
  const worker = new Worker(bootstrap(), { eval: true, workerData: { config } });
  const pending = new Map<number, Waiting>();
  const jobs = new Map<number, Waiting>();
  const listeners = new Set<(change: ProgressChanged) => void>();
  let nextId = 0;
  let nextJob = 0;
  let gone: Error | undefined;
  let opened: { resolve: () => void; reject: (e: Error) => void } | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    opened = { resolve, reject };
  });

  const fail = (error: Error) => {
    gone ??= error;
    opened?.reject(error);
    for (const p of [...pending.values(), ...jobs.values()]) p.reject(error);
    pending.clear();
    jobs.clear();
  };

  worker.on('message', (news: AppNews) => {
    switch (news.type) {
      case 'opened': opened?.resolve(); break;
      case 'openFailed': fail(fromPlain(news.error)); break;
      case 'result': pending.get(news.id)?.resolve(news.value); pending.delete(news.id); break;
      case 'failure': pending.get(news.id)?.reject(fromPlain(news.error)); pending.delete(news.id); break;
      case 'jobsDone':
        for (const id of news.jobIds) {
          jobs.get(id)?.resolve(undefined);
          jobs.delete(id);
        }
        break;
      case 'jobLost': jobs.get(news.jobId)?.reject(fromPlain(news.error)); jobs.delete(news.jobId); break;
      case 'log': logger[news.level](news.msg, news.fields); break;
      case 'progress':
        for (const l of listeners) {
          try {
            l(news.change);
          } catch (error) {
            logger.error('progress listener failed', { error });
          }
        }
        break;
    }
  });
  worker.on('error', (error) => {
    logger.error('app thread failed', { error });
    fail(new AppThreadError('AppThreadDied', `the app thread failed: ${error.message}`));
  });
  worker.on('exit', (code) => fail(new AppThreadError('AppThreadGone', `the app thread has exited (${code})`)));

  const call = <T>(c: Call): Promise<T> => {
    if (gone) return Promise.reject(gone);
    const id = ++nextId;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...c, id } satisfies ToAppThread);
    });
  };
  const runJob = (job: SlackJob): Promise<void> => {
    if (gone) return Promise.reject(gone);
    const jobId = ++nextJob;
    return new Promise<void>((resolve, reject) => {
      jobs.set(jobId, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ op: 'job', jobId, job } satisfies ToAppThread);
    });
  };

  try {
    await ready;
  } catch (error) {
    await worker.terminate();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    async ask(conversation: Conversation, text: string, options?: AskOptions) {
      return withBuffers(await call<Reply>({ op: 'ask', conversation, text, ...(options ? { options } : {}) }));
    },
    async home(conversation: Conversation, options?: { withImages?: boolean }) {
      return withBuffers(await call<Reply>({ op: 'home', conversation, ...(options ? { options } : {}) }));
    },
    async chart(conversation: Conversation, kind: string) {
      return withBuffers(await call<Reply>({ op: 'chart', conversation, kind }));
    },
    membersOf: (teamId: string) => call<readonly string[]>({ op: 'membersOf', teamId }),
    onProgress(listener) {
      if (listeners.size === 0) {
        void call<void>({ op: 'watchProgress' }).catch((error: unknown) => logger.warn('progress changes will not be heard', { error }));
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    slack: {
      start: (bot) => call<void>({ op: 'slackStart', bot }),
      run: runJob,
      async stop(timeoutMs) {
        // The app thread has already gone: nothing runs there to wait for.
        await call<void>({ op: 'slackStop', timeoutMs }).catch(() => undefined);
      },
    },
    ready: () => call<void>({ op: 'ready' }),
    close() {
      closing ??= (async () => {
        try {
          await call<void>({ op: 'close' });
        } finally {
          await worker.terminate();
        }
      })();
      return closing;
    },
  };
}

// Structured cloning turns a Buffer into a plain Uint8Array.
function withBuffers(reply: Reply): Reply {
  if (!reply.image || Buffer.isBuffer(reply.image.png)) return reply;
  const png = reply.image.png as Uint8Array;
  return { ...reply, image: { ...reply.image, png: Buffer.from(png.buffer, png.byteOffset, png.byteLength) } };
}
