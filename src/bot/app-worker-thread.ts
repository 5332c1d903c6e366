// The worker thread's side of app-worker.ts: opens the real app here and answers calls.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openApp } from '../app/open-app.ts';
import type { TechTreeApp } from '../app/techtree-app.ts';
import type { Config } from '../config.ts';
import type { Logger, LogLevel } from '../log.ts';
import { plainError, plainFields, type AppCall, type AppNews } from './app-worker-protocol.ts';

const port = parentPort!;
const send = (news: AppNews) => port.postMessage(news);

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

function forwardingLogger(base: Record<string, unknown>): Logger {
  const at = (level: LogLevel) => (msg: string, fields: Record<string, unknown> = {}) => send({ type: 'log', level, msg, fields: plainFields({ ...base, ...fields }) });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (fields) => forwardingLogger({ ...base, ...fields }) };
}

async function serve(app: TechTreeApp, call: AppCall): Promise<unknown> {
  switch (call.op) {
    case 'ask': return app.ask(call.conversation, call.text, call.options);
    case 'home': return app.home(call.conversation, call.options);
    case 'chart': return app.chart(call.conversation, call.kind);
    case 'membersOf': return app.membersOf(call.teamId);
    case 'ready': return app.ready();
    case 'close': return app.close();
  }
}

yieldCpuToAcks();
try {
  const app = await openApp((workerData as { config: Config }).config, forwardingLogger({ thread: 'app' }));
  app.onProgress((change) => send({ type: 'progress', change }));
  port.on('message', (call: AppCall) => {
    serve(app, call).then(
      (value) => send({ type: 'result', id: call.id, value }),
      (error: unknown) => send({ type: 'failure', id: call.id, error: plainError(error) }),
    );
  });
  send({ type: 'opened' });
} catch (error) {
  send({ type: 'openFailed', error: plainError(error) });
}
