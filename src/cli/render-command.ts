// `techtree render tree --team <team> --out tree.png` and `techtree render <chart> --demo --out file.png`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CHART_KINDS } from '../charts/index.ts';
import { openApp } from '../app/open-app.ts';
import type { Config } from '../config.ts';
import { cliSession } from './ask-command.ts';
import { seedDemo } from './demo-command.ts';
import { flag, parseArgs, type CliIo } from './io.ts';

const USAGE = `Usage: techtree render <${CHART_KINDS.join('|')}> (--demo | --org <org> [--team <team>] [--channel <council channel>]) [--out file.png]`;

export async function renderCommand(config: Config, argv: readonly string[], io: CliIo): Promise<number> {
  const { flags, positional } = parseArgs(argv, ['demo']);
  const kind = positional[0];
  if (!kind || !(CHART_KINDS as readonly string[]).includes(kind)) {
    io.err(`${kind ? `Unknown chart "${kind}". ` : ''}${USAGE}`);
    return 2;
  }
  const out = flag(flags, 'out') ?? `${kind}.png`;
  let scratch: string | undefined;
  const demo = flags.get('demo') === true;
  const { app, conv } = demo
    ? await (async () => {
        scratch = mkdtempSync(join(tmpdir(), 'techtree-render-'));
        const seeded = await seedDemo(config, { dbPath: join(scratch, 'demo.db'), now: new Date() });
        return { app: seeded.app, conv: kind === 'tree' ? seeded.convs.get(flag(flags, 'team') ?? 'Payments') ?? seeded.convs.get('Payments')! : seeded.council };
      })()
    : await (async () => {
        const opened = await openApp(config);
        const session = await cliSession(opened, flags);
        if (typeof session === 'string') throw new Error(session);
        return { app: opened, conv: session.conv };
      })();
  try {
    const reply = await app.chart(conv, kind);
    if (!reply.image) {
      io.err(reply.text);
      return 1;
    }
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, reply.image.png);
    io.out(`Wrote ${out} (${reply.image.width}x${reply.image.height}, ${Math.round(reply.image.png.length / 1024)} KB): ${reply.title ?? kind}`);
    return 0;
  } finally {
    await app.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}
