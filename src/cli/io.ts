// What a CLI command may touch: arguments, output streams and the environment-derived config.
import type { Reply } from '../app/reply.ts';
import { terminalText } from './terminal-text.ts';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Output without a line break: a prompt. */
  readonly write: (text: string) => void;
  /** `out` goes to a terminal that shows bold: replies print *bold* and `code` bold, else as plain text. */
  readonly bold: boolean;
}

/**
 * Whether `stream` is a terminal that shows bold: a TTY whose colour depth Node reckons above
 * two colours, which is false with NO_COLOR or NODE_DISABLE_COLORS set, TERM=dumb or no TERM
 * (and true with FORCE_COLOR set above 0). Node's own rules (tty.WriteStream.hasColors), so
 * NO_COLOR means the same here as for Node's own output.
 */
export function showsBold(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && typeof stream.hasColors === 'function' && stream.hasColors();
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  write: (text) => process.stdout.write(text),
  bold: showsBold(process.stdout),
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

/**
 * The reply as a terminal shows it: its text rendered for the terminal (terminal-text.ts: plain,
 * or with bold when `bold`), then the buttons as the commands they run, then the picture's alt text.
 */
export function replyText(reply: Reply, { bold }: { readonly bold: boolean }): string {
  const buttons = (reply.actions ?? []).map((a) => `  [${a.label}] → ${a.command}`);
  const image = reply.image ? [`  (picture: ${reply.image.alt})`] : [];
  return [terminalText(reply.text, { bold }), ...(buttons.length ? ['', ...buttons] : []), ...image].join('\n');
}

/** The JSON contract of `techtree ask --json`: the reply without its image bytes. */
export function replyJson(reply: Reply): string {
  const { image, ...rest } = reply;
  return JSON.stringify({ ...rest, ...(image ? { image: { alt: image.alt, filename: image.filename, width: image.width, height: image.height } } : {}) }, null, 2);
}
