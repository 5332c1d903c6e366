// Block Kit's limits, and text helpers that stay inside them without cutting a character in half.

export const LIMITS = {
  messageBlocks: 50,
  homeBlocks: 100,
  sectionText: 3000,
  fieldText: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  contextText: 3000,
  actionsPerBlock: 25,
  buttonText: 75,
  buttonValue: 2000,
  /** Top-level `text` of a message: notifications and fallbacks. */
  messageText: 3000,
} as const;

/** Slack mrkdwn needs only these three escaped; *bold*, `code` and bullets pass through. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts to at most `max` UTF-16 units, ending with an ellipsis, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** Splits long text into parts of at most `max`, at line breaks where possible. */
export function chunkText(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current) parts.push(current);
    current = line;
    while (current.length > max) {
      let cut = max;
      const code = current.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
      parts.push(current.slice(0, cut));
      current = current.slice(cut);
    }
  }
  if (current) parts.push(current);
  return parts;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
