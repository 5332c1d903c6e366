// The platform-neutral answer to a command. Slack renders it as Block Kit, Teams as an Adaptive
// Card, the CLI as text or JSON: the words are decided here, once.
import type { NodeStatus } from '../engine/index.ts';
import type { UserError } from './user-errors.ts';

export interface ReplyField {
  readonly label: string;
  readonly value: string;
}

export interface ReplySection {
  readonly heading?: string;
  /** Markdown-light: *bold*, `code`, "• " bullets and links made by `replyLink` (REPLY_BOLD, REPLY_CODE, REPLY_LINK); adapters translate. */
  readonly text: string;
  readonly fields?: readonly ReplyField[];
}

/** A button. `command` is the exact command text that clicking it runs through the same use cases. */
export interface ReplyAction {
  readonly label: string;
  readonly command: string;
  readonly style?: 'primary' | 'danger';
}

export interface ReplyImage {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
  readonly alt: string;
  readonly filename: string;
}

export interface SuggestionView {
  readonly node: string;
  readonly title: string;
  readonly reasons: readonly string[];
}

export interface Reply {
  readonly ok: boolean;
  /** The whole answer as plain text: notifications, screen readers, the CLI. */
  readonly text: string;
  readonly title?: string;
  readonly sections?: readonly ReplySection[];
  readonly actions?: readonly ReplyAction[];
  readonly image?: ReplyImage;
  /** `channel` for progress changes everyone should see; `ephemeral` for personal queries. */
  readonly visibility: 'channel' | 'ephemeral';
  readonly error?: UserError;
  /** status: node id -> state. */
  readonly nodes?: Readonly<Record<string, NodeStatus>>;
  /** next: the ranked suggestions. */
  readonly suggestions?: readonly SuggestionView[];
  /** done: the nodes this change made available. */
  readonly unlocked?: readonly string[];
  /** The team the command acted on, when there was one. */
  readonly team?: { readonly id: string; readonly name: string };
}

/** Joins sections into the plain-text rendering. */
export function plainText(title: string | undefined, sections: readonly ReplySection[]): string {
  const parts: string[] = [];
  if (title) parts.push(title);
  for (const s of sections) {
    const fields = (s.fields ?? []).map((f) => `${f.label}: ${f.value}`).join('\n');
    parts.push([s.heading ? `*${s.heading}*` : '', s.text, fields].filter(Boolean).join('\n'));
  }
  return parts.filter(Boolean).join('\n\n');
}

/**
 * Links inside markdown-light text: `[label](url)`, http(s) only. Each adapter turns them into
 * its own markup: Slack `<url|label>` (built after escaping both parts), Teams keeps markdown,
 * the CLI prints "label (url)".
 */
export const REPLY_LINK = /\[([^[\]\n]*)\]\((https?:\/\/[^\s()<>]+)\)/g;

/**
 * Bold in markdown-light text: a star at a word's start, text not starting or ending in a space,
 * a star at its end ("3 * 4 * 5" is no bold). Group 1 is the character before, group 2 the text.
 */
export const REPLY_BOLD = /(^|[^*\w])\*(?![\s*])([^*\n]*?[^\s*])\*(?![*\w])/g;

/** Inline code in markdown-light text: `text` on one line. Group 1 is the text. */
export const REPLY_CODE = /`([^`\n]+)`/g;

/**
 * Markdown-light text with its marks taken off, for surfaces without markup (a terminal, a card's
 * plain fallback): `[label](url)` links (REPLY_LINK) as "label (url)", or the URL alone when it is
 * its own label; *bold* (REPLY_BOLD) and `code` (REPLY_CODE) as their text, passed through
 * `strong` (default: as it is), which may set it off its own way. Link labels and URLs are kept as
 * they are, never read as marks. Line breaks and "• " bullets are kept.
 */
export function unmarked(text: string, strong: (text: string) => string = (t) => t): string {
  const marks = (part: string) => part
    .replace(REPLY_CODE, (_m, code: string) => strong(code))
    .replace(REPLY_BOLD, (_m, before: string, inner: string) => `${before}${strong(inner)}`);
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

/**
 * A link for a Reply's text, in the form REPLY_LINK reads back: brackets in the label become
 * parentheses, line breaks spaces, and characters that would end the URL are percent-encoded.
 * An empty label shows the URL.
 */
export function replyLink(label: string, url: string): string {
  const safeUrl = url.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  const safeLabel = label.replace(/\[/g, '(').replace(/\]/g, ')').replace(/\s+/g, ' ').trim();
  return `[${safeLabel || safeUrl}](${safeUrl})`;
}
