// A reply as a terminal shows it (issue 11, item 3; the CLI printing Slack mrkdwn): links as
// "label (url)", the URL alone when it is its own label; *bold* and `code` bare in plain text,
// bold (SGR 1 … 22) only when the terminal shows bold; never Slack's `<url|label>` or escapes.
import { describe, expect, it } from 'vitest';
import { replyLink } from '../../src/app/reply.ts';
import { replyText } from '../../src/cli/io.ts';
import { terminalText } from '../../src/cli/terminal-text.ts';

const B = '\x1b[1m';
const E = '\x1b[22m';
const plain = { bold: false };
const bold = { bold: true };

describe('replyText', () => {
  const text = `*Links*\n• ${replyLink('KEDA', 'https://keda.sh/')}\n• ${replyLink('', 'https://keda.sh/docs/')}`;

  it('prints links as "label (url)" and headings without stars', () => {
    expect(replyText({ ok: true, text, visibility: 'ephemeral' }, plain)).toBe('Links\n• KEDA (https://keda.sh/)\n• https://keda.sh/docs/');
  });

  it('prints headings bold on a terminal that shows bold', () => {
    expect(replyText({ ok: true, text, visibility: 'ephemeral' }, bold)).toBe(`${B}Links${E}\n• KEDA (https://keda.sh/)\n• https://keda.sh/docs/`);
  });
});

describe('terminalText', () => {
  it.each([
    ['*1. containerd* (`containerd-runtime`)', '1. containerd (containerd-runtime)', `${B}1. containerd${E} (${B}containerd-runtime${E})`],
    ['Type `done <node> [--force]` & go', 'Type done <node> [--force] & go', `Type ${B}done <node> [--force]${E} & go`],
    ['3 * 4 * 5 is no bold; nor is a*b*c', '3 * 4 * 5 is no bold; nor is a*b*c', '3 * 4 * 5 is no bold; nor is a*b*c'],
    [`see ${replyLink('a *starred* label', 'https://x.example/a*b*')}`, 'see a *starred* label (https://x.example/a*b*)', `see a *starred* label (https://x.example/a*b*)`],
    ['<!here> & <https://x|y> stay as typed', '<!here> & <https://x|y> stay as typed', '<!here> & <https://x|y> stay as typed'],
  ])('%j', (input, asPlain, asBold) => {
    expect(terminalText(input, plain)).toBe(asPlain);
    expect(terminalText(input, bold)).toBe(asBold);
  });
});
