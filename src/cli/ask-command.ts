// `techtree ask` (one command) and `techtree chat` (a REPL): the same use cases as Slack and Teams.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Conversation } from '../app/conversation.ts';
import type { Reply } from '../app/reply.ts';
import type { TechTreeApp } from '../app/techtree-app.ts';
import { flag, parseArgs, replyJson, replyText, type CliIo } from './io.ts';
import { terminalText } from './terminal-text.ts';

const PROMPT = 'techtree> ';
const USAGE = 'Usage: techtree ask --org <org> --team <team> --user <user> [--channel <id>] [--admin] [--json] [--out <dir>] "<text>"';

export interface CliSession {
  readonly conv: Conversation;
}

/** Joins the team, creating it on first use, and returns the conversation bound to it. */
export async function cliSession(app: TechTreeApp, flags: Map<string, string | true>, options: { create?: boolean } = {}): Promise<CliSession | string> {
  const org = flag(flags, 'org') ?? 'local';
  const user = flag(flags, 'user') ?? 'cli-user';
  const teamName = flag(flags, 'team');
  const channel = flag(flags, 'channel');
  const base: Conversation = {
    platform: 'cli',
    orgId: `cli:${org}`,
    orgName: org,
    userId: user,
    ...(channel ? { channelId: `cli:${org}:${channel}` } : { isDirect: true }),
    ...(flags.get('admin') === true ? { isPlatformAdmin: true } : {}),
  };
  if (!teamName) return { conv: base };
  // Join or create: several processes may meet a new team at once. Each step is atomic in the
  // store, so whoever loses the race to create it finds it made and joins it.
  const dm = { ...base, isDirect: true };
  let joined = await app.ask(dm, `team join "${teamName}"`);
  if (!joined.ok && joined.error?.kind === 'UnknownTeam' && options.create !== false) {
    joined = await app.ask(dm, `team create "${teamName}"`);
    if (!joined.ok && joined.error?.kind === 'TeamExists') joined = await app.ask(dm, `team join "${teamName}"`);
  }
  if (!joined.ok || !joined.team) return joined.text;
  return { conv: { ...base, teamId: joined.team.id } };
}

function saveImage(reply: Reply, dir: string): string | undefined {
  if (!reply.image) return undefined;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, reply.image.filename);
  writeFileSync(path, reply.image.png);
  return path;
}

export async function askCommand(app: TechTreeApp, argv: readonly string[], io: CliIo): Promise<number> {
  const { flags, positional } = parseArgs(argv, ['json', 'admin']);
  const text = positional.join(' ');
  if (!text) {
    io.err(`Nothing to ask. ${USAGE}`);
    return 2;
  }
  const session = await cliSession(app, flags);
  if (typeof session === 'string') {
    io.err(terminalText(session, { bold: false }));
    return 1;
  }
  const reply = await app.ask(session.conv, text, { conversational: true, withImages: true });
  const saved = saveImage(reply, flag(flags, 'out') ?? 'out');
  if (flags.get('json') === true) io.out(replyJson(reply));
  else io.out(replyText(reply, io) + (saved ? `\n(picture saved to ${saved})` : ''));
  return reply.ok ? 0 : 1;
}

export async function chatCommand(app: TechTreeApp, argv: readonly string[], io: CliIo, input: NodeJS.ReadableStream = process.stdin): Promise<number> {
  const { flags } = parseArgs(argv, ['admin']);
  const session = await cliSession(app, flags);
  if (typeof session === 'string') {
    io.err(terminalText(session, { bold: false }));
    return 1;
  }
  io.out(`TechTree chat as ${session.conv.userId}${flag(flags, 'team') ? ` on team ${flag(flags, 'team')}` : ''}. Try "what's next for my team?", "done falco", "help". Ctrl-D to leave.`);
  const rl = createInterface({ input, terminal: false });
  io.write(PROMPT);
  for await (const line of rl) {
    if (/^(exit|quit)$/i.test(line.trim())) break;
    if (line.trim()) {
      const reply = await app.ask(session.conv, line, { conversational: true, withImages: true });
      const saved = saveImage(reply, flag(flags, 'out') ?? 'out');
      io.out(`${replyText(reply, io)}${saved ? `\n(picture saved to ${saved})` : ''}\n`);
    }
    io.write(PROMPT);
  }
  io.out('');
  return 0;
}
