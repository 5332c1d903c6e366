// `techtree demo`: a demo organisation with six teams and twelve weeks of uneven history on the
// CNCF tree (one team stalled), recorded through the same use cases as chat, then a short
// scripted conversation. It writes its own database file, recreated on every run.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Conversation } from '../app/conversation.ts';
import { openApp, type OpenedApp } from '../app/open-app.ts';
import { HOUR_MS, WEEK_MS } from '../app/time.ts';
import type { Config } from '../config.ts';
import { writeDigestFiles } from './digest-command.ts';
import { flag, parseArgs, replyText, type CliIo } from './io.ts';
import { strong, terminalText } from './terminal-text.ts';

interface DemoTeam {
  readonly name: string;
  /** Chance of completing something in a given week. */
  readonly pace: number;
  /** The team went quiet after this week (stalled). */
  readonly stopsAfterWeek?: number;
  readonly skips?: readonly [string, string][];
}

export const DEMO_TEAMS: readonly DemoTeam[] = [
  { name: 'Payments', pace: 0.9 },
  { name: 'Search', pace: 0.65 },
  { name: 'Checkout', pace: 0.75, skips: [['knative', 'we run no request-driven functions']] },
  { name: 'Identity', pace: 0.55 },
  { name: 'Data Platform', pace: 0.45 },
  { name: 'Mobile', pace: 0.7, stopsAfterWeek: 5 },
];

/** A small seeded generator so every demo run tells the same story. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoOptions {
  readonly dbPath: string;
  readonly now: Date;
  readonly weeks?: number;
}

/** Seeds the demo org and returns the app (clock set to `now`) and each team's conversation. */
export async function seedDemo(config: Config, options: DemoOptions): Promise<{ app: OpenedApp; convs: Map<string, Conversation>; council: Conversation }> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(options.dbPath + suffix, { force: true });
  const weeks = options.weeks ?? 12;
  let clock = new Date(options.now.getTime() - weeks * WEEK_MS);
  const { databaseUrl: _ignored, ...embedded } = config;
  const app = await openApp({ ...embedded, sqlitePath: options.dbPath }, undefined, { clock: () => clock, pictures: 'inline' });
  const base = { platform: 'cli', orgId: 'cli:demo', orgName: 'Demo Org' } as const;
  const convs = new Map<string, Conversation>();
  for (const team of DEMO_TEAMS) {
    const user = `${team.name.toLowerCase().replace(/\s+/g, '-')}-lead`;
    const conv: Conversation = { ...base, userId: user, channelId: `cli:demo:${user.replace('-lead', '')}` };
    await app.ask(conv, `team create ${team.name}`);
    convs.set(team.name, conv);
  }
  const council: Conversation = { ...base, userId: 'cto', channelId: 'cli:demo:council', isPlatformAdmin: true };
  await app.ask(council, 'council here');

  const rand = random(20261121);
  const start = clock.getTime();
  for (let week = 0; week < weeks; week++) {
    for (const team of DEMO_TEAMS) {
      const conv = convs.get(team.name)!;
      if (team.stopsAfterWeek !== undefined && week > team.stopsAfterWeek) continue;
      clock = new Date(start + week * WEEK_MS + Math.floor(rand() * 5) * 24 * HOUR_MS + 10 * HOUR_MS);
      const skip = team.skips?.find((_, k) => week === 3 + k);
      if (skip) await app.ask(conv, `skip ${skip[0]} ${skip[1]}`);
      if (rand() > team.pace) continue;
      const next = await app.ask(conv, 'next');
      const options = next.suggestions ?? [];
      const pick = options[rand() < 0.7 ? 0 : Math.min(1, options.length - 1)];
      if (!pick) continue;
      await app.ask(conv, `done ${pick.node}`);
      if (rand() < 0.35 && options[2]) {
        clock = new Date(clock.getTime() + 2 * HOUR_MS);
        await app.ask(conv, `start ${options[2].node}`);
      }
    }
  }
  clock = options.now;
  return { app, convs, council };
}

export async function demoCommand(config: Config, argv: readonly string[], io: CliIo): Promise<number> {
  const { flags } = parseArgs(argv);
  const dbPath = flag(flags, 'db') ?? join(dirname(config.sqlitePath), 'demo.db');
  io.out(`Seeding a demo organisation into ${dbPath}: six teams, twelve weeks of history on the CNCF Adoption tree…`);
  const { app, convs, council } = await seedDemo(config, { dbPath, now: new Date() });
  try {
    const payments = convs.get('Payments')!;
    const say = async (who: string, conv: Conversation, text: string) => {
      io.out(`\n${strong(`${who}> ${text}`, io)}`);
      const reply = await app.ask(conv, text, { conversational: true, withImages: false });
      io.out(replyText(reply, io));
      return reply;
    };
    await say('payments-lead', payments, 'how are we doing?');
    const first = await say('payments-lead', payments, "what's next for my team?");
    const top = first.suggestions?.[0];
    if (top) await say('payments-lead', payments, `we finished ${top.node}`);
    await say('payments-lead', payments, 'why is crossplane locked?');
    await say('cto', council, 'digest');
    await say('payments-lead', payments, "what's next for my team?");
    await writeDemoDigest(app, council, flag(flags, 'out') ?? 'out', io);
    io.out(`\nExplore it yourself: TECHTREE_DB=${dbPath} npx techtree chat --org demo --team Payments --user you`);
    return 0;
  } finally {
    await app.close();
  }
}

/** The weekly digest the demo council got at its last slot, as files in `dir`; prints its headline. */
async function writeDemoDigest(app: OpenedApp, council: Conversation, dir: string, io: CliIo): Promise<void> {
  const found = await app.digests.findCouncil(council.channelId!);
  if ('problem' in found) throw new Error(`demo: the council is missing: ${found.problem}`);
  const rendered = await app.digests.render(found, app.digests.now());
  if (!rendered) throw new Error('demo: the council schedule has no slot yet');
  const written = writeDigestFiles(rendered, dir);
  io.out(`\n${strong(`The council's weekly digest (${rendered.text.title.replace('Council digest: ', '')})`, io)}\n${terminalText(rendered.text.headline, io)}`);
  io.out(`Wrote ${written.length} files to ${dir}/: ${written.map((p) => p.slice(dir.length + 1)).join(', ')}`);
}
