// A Reply's markdown-light text (reply.ts) as a terminal shows it, pure. The CLI is a surface of
// its own, not Slack: no stars, no backticks, no `<url|label>`. Plain text by default, links as
// "label (url)"; where stdout is a terminal that shows bold (CliIo.bold), *bold* and `code` are
// printed bold (ANSI SGR 1, ended by SGR 22, which leaves any colour alone).
import { REPLY_BOLD, REPLY_CODE, REPLY_LINK } from '../app/reply.ts';

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
 * Markdown-light text for a terminal: `[label](url)` links (REPLY_LINK) as "label (url)", or the
 * URL alone when it is its own label; *bold* (REPLY_BOLD) and `code` (REPLY_CODE) bold or bare,
 * as `style` says. Link labels and URLs are printed as they are, never read as marks. Line
 * breaks and "• " bullets are kept.
 */
export function terminalText(text: string, style: TerminalStyle): string {
  const marks = (part: string) => part
    .replace(REPLY_CODE, (_m, code: string) => strong(code, style))
    .replace(REPLY_BOLD, (_m, before: string, inner: string) => `${before}${strong(inner, style)}`);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(REPLY_LINK)) {
    const [whole, label, url] = m as unknown as [string, string, string];
    out += marks(text.slice(last, m.index));
    out += label && label !== url ? `${label} (${url})` : url;
    last = m.index + whole.length;
  }
  return out + marks(text.slice(last));
}
