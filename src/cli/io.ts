// What a CLI command may touch: arguments, output streams and the environment-derived config.
import { REPLY_LINK, type Reply } from '../app/reply.ts';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Output without a line break: a prompt. */
  readonly write: (text: string) => void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  write: (text) => process.stdout.write(text),
};

/** Parses `--flag value` and `--flag` (boolean) options; the rest are positional. */
export function parseArgs(argv: readonly string[], booleans: readonly string[] = []): { flags: Map<string, string | true>; positional: string[] } {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    if (a.startsWith('--') && a.length > 2) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (inline !== undefined) flags.set(name, inline);
      else if (booleans.includes(name) || k + 1 >= argv.length || argv[k + 1]!.startsWith('--')) flags.set(name, true);
      else flags.set(name, argv[++k]!);
    } else positional.push(a);
  }
  return { flags, positional };
}

export function flag(flags: Map<string, string | true>, name: string): string | undefined {
  const v = flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** The reply as a terminal shows it: text, then the buttons as the commands they run. */
export function replyText(reply: Reply): string {
  const buttons = (reply.actions ?? []).map((a) => `  [${a.label}] → ${a.command}`);
  const image = reply.image ? [`  (picture: ${reply.image.alt})`] : [];
  // Links ([title](url)) read as "title (url)" in a terminal.
  const text = reply.text.replace(REPLY_LINK, (_, label: string, url: string) => (label === url ? url : `${label} (${url})`));
  return [text, ...(buttons.length ? ['', ...buttons] : []), ...image].join('\n');
}

/** The JSON contract of `techtree ask --json`: the reply without its image bytes. */
export function replyJson(reply: Reply): string {
  const { image, ...rest } = reply;
  return JSON.stringify({ ...rest, ...(image ? { image: { alt: image.alt, filename: image.filename, width: image.width, height: image.height } } : {}) }, null, 2);
}
