// `techtree serve` as a real child process (bin/techtree.js), for tests that kill it or stop it as
// an operator would: SIGKILL, SIGTERM. Its JSON log lines are collected.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { LogLine } from './slack-harness.ts';
import { checkLogLine } from './secret-guard.ts';
import { SIGNING_SECRET } from './slack-signing.ts';

export interface ServeProcess {
  readonly child: ChildProcess;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly eventsUrl: string;
  readonly logs: LogLine[];
  /** Every line written to stderr, as written (pino's warn and error lines, and anything else). */
  readonly stderr: string[];
  /** Resolves when the process has exited, with when (ms since the epoch). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export interface ServeOptions {
  readonly sqlitePath: string;
  readonly apiUrl: string;
  /** More environment: TECHTREE_DRAIN_SECONDS, TECHTREE_INBOX_LEASE_SECONDS, DATABASE_URL, REDIS_URL… */
  readonly env?: Record<string, string>;
}

export async function startServeProcess(options: ServeOptions): Promise<ServeProcess> {
  const child = spawn(process.execPath, [resolve('bin/techtree.js'), 'serve'], {
    cwd: resolve('.'),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: '0',
      TECHTREE_DB: options.sqlitePath,
      TECHTREE_TREES: resolve('trees'),
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: options.apiUrl,
      SLACK_BOT_USER_ID: 'UBOT',
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const stderr: string[] = [];
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null, at: Date.now() }));
  const serving = new Promise<number>((ok, fail) => {
    const read = (line: string) => {
      let parsed: LogLine;
      checkLogLine(line, 'techtree serve');
      try {
        parsed = JSON.parse(line) as LogLine;
      } catch {
        return;
      }
      logs.push(parsed);
      if (parsed.msg === 'techtree: serving') ok(Number(parsed.port));
    };
    createInterface({ input: child.stdout! }).on('line', read);
    createInterface({ input: child.stderr! }).on('line', (line) => {
      stderr.push(line);
      read(line);
    });
    void exited.then((e) => fail(new Error(`techtree serve exited before serving (${e.code ?? e.signal}): ${JSON.stringify(logs.slice(-5))}`)));
  });
  const port = await serving;
  return { child, url: `http://127.0.0.1:${port}`, eventsUrl: `http://127.0.0.1:${port}/slack/events`, logs, stderr, exited };
}
