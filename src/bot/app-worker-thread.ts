// The worker thread's side of app-worker.ts: opens the real app here, answers calls, and runs
// the Slack work handed over after acks (app-worker-slack.ts).
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openApp } from '../app/open-app.ts';
import type { TechTreeApp } from '../app/techtree-app.ts';
import type { Config } from '../config.ts';
import { LOG_RANK, type Logger, type LogLevel } from '../log.ts';
import { slackThreadSide, type SlackThreadSide } from './app-worker-slack.ts';
import { plainError, plainFields, type AppCall, type AppNews, type ToAppThread } from './app-worker-protocol.ts';

const port = parentPort!;
const send = (news: AppNews) => port.postMessage(news);
const config = (workerData as { config: Config }).config;

/**
 * When the two threads compete for a CPU, the HTTP thread (acks, which Slack times) should win;
 * answers have minutes. On Linux a thread has its own nice value: lower this one's priority.
 */
function yieldCpuToAcks(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid)) setPriority(tid, 10);
  } catch {
    // Not Linux (no /proc/thread-self), or not allowed: run at the same priority.
  }
}

// Lines below the configured level are dropped here rather than sent to the HTTP thread to drop.
function forwardingLogger(base: Record<string, unknown>): Logger {
  const at = (level: LogLevel) => (msg: string, fields: Record<string, unknown> = {}) => {
    if (LOG_RANK[level] >= LOG_RANK[config.logLevel]) send({ type: 'log', level, msg, fields: plainFields({ ...base, ...fields }) });
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (fields) => forwardingLogger({ ...base, ...fields }) };
}

let forwardProgress = false;

async function serve(app: TechTreeApp, slack: SlackThreadSide, call: AppCall): Promise<unknown> {
  switch (call.op) {
    case 'ask': return app.ask(call.conversation, call.text, call.options);
    case 'home': return app.home(call.conversation, call.options);
    case 'chart': return app.chart(call.conversation, call.kind);
    case 'membersOf': return app.membersOf(call.teamId);
    case 'watchProgress': forwardProgress = true; return undefined;
    case 'slackStart': return slack.start(call.bot);
    case 'slackStop': return slack.stop(call.timeoutMs);
    case 'ready': return app.ready();
    case 'close':
      await slack.stop(10_000);
      return app.close();
  }
}

yieldCpuToAcks();
try {
  const logger = forwardingLogger({ thread: 'app' });
  const app = await openApp(config, logger);
  // Only when the HTTP thread listens: App Home refreshes, the usual listener, run here.
  app.onProgress((change) => {
    if (forwardProgress) send({ type: 'progress', change });
  });
  const slack = slackThreadSide(config.slack, app, logger, {
    done: (jobIds) => send({ type: 'jobsDone', jobIds }),
    lost: (jobId, error) => send({ type: 'jobLost', jobId, error: plainError(error) }),
  });
  port.on('message', (message: ToAppThread) => {
    if (message.op === 'job') {
      slack.run(message.jobId, message.job);
      return;
    }
    serve(app, slack, message).then(
      (value) => send({ type: 'result', id: message.id, value }),
      (error: unknown) => send({ type: 'failure', id: message.id, error: plainError(error) }),
    );
  });
  send({ type: 'opened' });
} catch (error) {
  send({ type: 'openFailed', error: plainError(error) });
}
