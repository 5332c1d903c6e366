// `techtree render tree --team <team> --out tree.png` and `techtree render <chart> --demo --out file.png`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Conversation } from '../app/conversation.ts';
import { openApp } from '../app/open-app.ts';
import type { TechTreeApp } from '../app/techtree-app.ts';
import { CHART_KINDS } from '../app/operations.ts';
import type { Config } from '../config.ts';
import { cliSession } from './ask-command.ts';
import { seedDemo } from './demo-command.ts';
import { flag, parseArgs, type CliIo } from './io.ts';
import { terminalText } from './terminal-text.ts';

const USAGE = `Usage: techtree render <${CHART_KINDS.join('|')}> (--demo | --org <org> [--team <team>] [--channel <council channel>]) [--out file.png]`;

type Source = { readonly app: TechTreeApp; readonly conv: Conversation } | { readonly problem: string };

/** The demo org in a scratch database: a team's conversation for the tree, the council's otherwise. */
async function demoSource(config: Config, kind: string, teamName: string, scratch: string): Promise<Source> {
  const seeded = await seedDemo(config, { dbPath: join(scratch, 'demo.db'), now: new Date() });
  if (kind !== 'tree') return { app: seeded.app, conv: seeded.council };
  const conv = seeded.convs.get(teamName);
  if (conv) return { app: seeded.app, conv };
  await seeded.app.close();
  return { problem: `The demo has no team "${teamName}". Demo teams: ${[...seeded.convs.keys()].join(', ')}.` };
}

/** The configured database; never creates a team just to draw it. */
async function databaseSource(config: Config, flags: Map<string, string | true>): Promise<Source> {
  const app = await openApp(config, undefined, { pictures: 'inline' });
  const session = await cliSession(app, flags, { create: false });
  if (typeof session !== 'string') return { app, conv: session.conv };
  await app.close();
  return { problem: session };
}

export async function renderCommand(config: Config, argv: readonly string[], io: CliIo): Promise<number> {
  const { flags, positional } = parseArgs(argv, ['demo']);
  const kind = positional[0];
  if (!kind || !(CHART_KINDS as readonly string[]).includes(kind)) {
    io.err(`${kind ? `Unknown chart "${kind}". ` : ''}${USAGE}`);
    return 2;
  }
  const out = flag(flags, 'out') ?? `${kind}.png`;
  const scratch = flags.get('demo') === true ? mkdtempSync(join(tmpdir(), 'techtree-render-')) : undefined;
  try {
    const source = scratch ? await demoSource(config, kind, flag(flags, 'team') ?? 'Payments', scratch) : await databaseSource(config, flags);
    if ('problem' in source) {
      io.err(terminalText(source.problem, { bold: false }));
      return 1;
    }
    try {
      const reply = await source.app.chart(source.conv, kind);
      if (!reply.image) {
        io.err(terminalText(reply.text, { bold: false }));
        return 1;
      }
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, reply.image.png);
      io.out(`Wrote ${out} (${reply.image.width}x${reply.image.height}, ${Math.round(reply.image.png.length / 1024)} KB): ${reply.title ?? kind}`);
      return 0;
    } finally {
      await source.app.close();
    }
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}
