// Heap of a freshly started server: what every major GC has to mark before the first request.
// Each configuration starts in a process of its own (the real app and HTTP server on a temp SQLite
// file), settles for a second, runs two full GCs and reports heapUsed and whether botbuilder was
// loaded. Baseline, in the same run: a bare Bolt app with one slash command listener.
// Configurations: Slack only (the usual deployment), Slack and Teams (emulator mode, no secrets).
// Run: node --import tsx bench/startup-heap.ts [--rounds 3]
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

type Mode = 'bare' | 'slack' | 'slack+teams';
const MODES: readonly Mode[] = ['bare', 'slack', 'slack+teams'];
const NAMES: Record<Mode, string> = { bare: 'bare Bolt (one listener)', slack: 'TechTree, Slack only', 'slack+teams': 'TechTree, Slack and Teams' };

async function child(mode: Mode): Promise<void> {
  let close: () => Promise<void>;
  if (mode === 'bare') {
    const { App, HTTPReceiver, LogLevel } = await import('@slack/bolt');
    const receiver = new HTTPReceiver({ signingSecret: 's', endpoints: '/slack/events', logLevel: LogLevel.ERROR });
    const bolt = new App({ receiver, authorize: async () => ({ botToken: 'xoxb-bench', botUserId: 'UBOT' }), logLevel: LogLevel.ERROR });
    bolt.command('/techtree', async ({ ack }) => {
      await ack();
    });
    await receiver.start(0);
    close = () => receiver.stop();
  } else {
    const { openApp } = await import('../src/app/open-app.ts');
    const { startHttpServer } = await import('../src/bot/http-server.ts');
    const { silentLogger } = await import('../src/log.ts');
    const dir = mkdtempSync(join(tmpdir(), 'techtree-heap-'));
    const config = {
      port: 0, sqlitePath: join(dir, 'heap.db'), treesDir: resolve('trees'), admins: [], logLevel: 'error' as const, renderThreads: 1,
      slack: { signingSecret: 's', botToken: 'xoxb-bench', apiUrl: 'http://127.0.0.1:9/api/', botUserId: 'UBOT' },
      ...(mode === 'slack+teams' ? { teams: { appType: 'MultiTenant' as const, emulator: true } } : {}),
      drainMs: 8000, inboxLeaseMs: 30_000, inboxRetentionDays: 7,
    };
    const app = await openApp(config, silentLogger);
    const server = await startHttpServer({ config, app, logger: silentLogger, port: 0 });
    close = async () => {
      await server.close();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  await new Promise((r) => setTimeout(r, 1000));
  const gc = (globalThis as { gc?: () => void }).gc!;
  gc();
  gc();
  const heapMb = process.memoryUsage().heapUsed / 1e6;
  const botbuilder = Object.keys((Module as unknown as { _cache: Record<string, unknown> })._cache).some((k) => k.includes('/node_modules/botbuilder/'));
  await close();
  process.stdout.write(`${JSON.stringify({ heapMb, botbuilder })}\n`);
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--rounds');
  const rounds = i >= 0 ? Number(process.argv[i + 1]) : 3;
  const run = promisify(execFile);
  const results = new Map<Mode, { heapMb: number; botbuilder: boolean }[]>(MODES.map((m) => [m, []]));
  for (let r = 0; r < rounds; r++) {
    for (const mode of MODES) {
      const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/startup-heap.ts', '--child', mode], { env: { ...process.env, LOG_LEVEL: 'error' } });
      results.get(mode)!.push(JSON.parse(stdout.trim().split('\n').at(-1)!));
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const base = median(results.get('bare')!.map((x) => x.heapMb));
  console.log(`Heap after start and two full GCs, ${rounds} processes per configuration, median (ratio to bare Bolt in the same run)`);
  for (const mode of MODES) {
    const xs = results.get(mode)!;
    const m = median(xs.map((x) => x.heapMb));
    console.log(`  ${NAMES[mode].padEnd(28)} ${m.toFixed(1).padStart(6)} MB  ${(m / base).toFixed(2)}x  botbuilder loaded: ${xs.every((x) => x.botbuilder) ? 'yes' : xs.some((x) => x.botbuilder) ? 'sometimes' : 'no'}   (${xs.map((x) => x.heapMb.toFixed(1)).join(' / ')})`);
  }
}

const c = process.argv.indexOf('--child');
await (c >= 0 ? child(process.argv[c + 1] as Mode) : main());
