// A reply's links as a terminal shows them (issue 11, item 3): "label (url)", the URL alone when
// it is its own label.
import { describe, expect, it } from 'vitest';
import { replyLink } from '../../src/app/reply.ts';
import { replyText } from '../../src/cli/io.ts';

describe('replyText', () => {
  it('prints links as "label (url)"', () => {
    const text = `*Links*\n• ${replyLink('KEDA', 'https://keda.sh/')}\n• ${replyLink('', 'https://keda.sh/docs/')}`;
    expect(replyText({ ok: true, text, visibility: 'ephemeral' })).toBe('*Links*\n• KEDA (https://keda.sh/)\n• https://keda.sh/docs/');
  });
});
