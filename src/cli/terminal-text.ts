// A Reply's markdown-light text (reply.ts) as a terminal shows it, pure. The CLI is a surface of
// its own, not Slack: no stars, no backticks, no `<url|label>`. Plain text by default, links as
// "label (url)"; where stdout is a terminal that shows bold (CliIo.bold), *bold* and `code` are
// printed bold (ANSI SGR 1, ended by SGR 22, which leaves any colour alone).
import { unmarked } from '../app/reply.ts';

const BOLD_ON = '\x1b[1m';
const BOLD_OFF = '\x1b[22m';

export interface TerminalStyle {
  /** Print *bold* and `code` bold (a terminal); otherwise the marks are dropped, leaving their text. */
  readonly bold: boolean;
}

/** `text` in bold when the style allows it, else as it is. */
export function strong(text: string, { bold }: TerminalStyle): string {
  return bold ? `${BOLD_ON}${text}${BOLD_OFF}` : text;
}

/**
 * Markdown-light text for a terminal (reply.ts `unmarked`): links as "label (url)", *bold* and
 * `code` bold or bare, as `style` says.
 */
export function terminalText(text: string, style: TerminalStyle): string {
  return unmarked(text, (t) => strong(t, style));
}
