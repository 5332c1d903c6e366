// The Block Kit renderer stays inside Slack's limits whatever the Reply holds.
import { describe, expect, test } from 'vitest';
import { replyLink, type Reply, type ReplyAction } from '../../src/app/reply.ts';
import { LIMITS, truncate } from '../../src/bot/slack/block-limits.ts';
import { chunkMrkdwn, fitMrkdwn, link } from '../../src/bot/slack/mrkdwn.ts';
import { digestBlocks, digestFallbackText } from '../../src/bot/slack/digest-blocks.ts';
import { RUN_ACTION_ID, renderBlocks, renderMessage } from '../../src/bot/slack/blocks.ts';
import { renderHome } from '../../src/bot/slack/home-view.ts';

type AnyBlock = { type: string; text?: { type: string; text: string }; fields?: { text: string }[]; elements?: { action_id?: string; value?: string; text: { text: string } | string }[] };

const reply = (over: Partial<Reply>): Reply => ({ ok: true, text: 'plain text', visibility: 'ephemeral', ...over });
const actions = (n: number, label = (i: number) => `Mark node ${i} done`): ReplyAction[] =>
  Array.from({ length: n }, (_, i) => ({ label: label(i), command: `done node-${i}` }));
const blocksOf = (r: Reply, maxBlocks?: number) => renderBlocks(r, maxBlocks ? { maxBlocks } : {}) as unknown as AnyBlock[];
const buttonsOf = (blocks: AnyBlock[]) => blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

describe('renderBlocks', () => {
  test('title, sections with headings and fields, image note and buttons', () => {
    const blocks = blocksOf(reply({
      title: 'Payments completed Runtime Security (Falco)',
      sections: [{ heading: 'Unlocked', text: '• Policy-as-Code', fields: [{ label: 'Effort', value: 'M' }] }],
      image: { png: Buffer.alloc(1), width: 1, height: 1, alt: 'The tree', filename: 't.png' },
      actions: [{ label: 'Undo', command: 'undo runtime-security', style: 'danger' }],
    }));
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context', 'actions']);
    expect(blocks[1]!.text!.text).toBe('*Unlocked*\n• Policy-as-Code');
    expect(blocks[2]!.fields![0]!.text).toBe('*Effort*\nM');
    expect(buttonsOf(blocks)[0]).toMatchObject({ action_id: 'techtree:run:0', value: 'undo runtime-security', style: 'danger' });
  });

  test('mrkdwn control characters in user text are escaped', () => {
    const blocks = blocksOf(reply({ sections: [{ text: 'a <@U123> & <!channel>' }] }));
    expect(blocks[0]!.text!.text).toBe('a &lt;@U123&gt; &amp; &lt;!channel&gt;');
    expect(renderMessage(reply({ text: '<!here>' })).text).toBe('&lt;!here&gt;');
  });

  test.each([
    ['60 sections', reply({ sections: Array.from({ length: 60 }, (_, i) => ({ text: `part ${i}` })), actions: actions(3) })],
    ['one 20,000-character section', reply({ sections: [{ text: 'x'.repeat(20_000) }] })],
    ['80 buttons', reply({ actions: actions(80) })],
    ['23 fields', reply({ sections: [{ text: 'f', fields: Array.from({ length: 23 }, (_, i) => ({ label: `L${i}`, value: 'v'.repeat(3000) })) }] })],
    ['a 400-character title and labels', reply({ title: 't'.repeat(400), actions: actions(2, () => 'l'.repeat(200)) })],
  ])('%s stays within Block Kit limits', (_name, r) => {
    for (const max of [LIMITS.messageBlocks, LIMITS.homeBlocks]) {
      const blocks = blocksOf(r, max);
      expect(blocks.length).toBeLessThanOrEqual(max);
      for (const b of blocks) {
        if (b.type === 'header') expect(b.text!.text.length).toBeLessThanOrEqual(LIMITS.headerText);
        if (b.type === 'section' && b.text) expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
        if (b.fields) {
          expect(b.fields.length).toBeLessThanOrEqual(LIMITS.fieldsPerSection);
          for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
        }
        if (b.type === 'actions') {
          expect(b.elements!.length).toBeLessThanOrEqual(LIMITS.actionsPerBlock);
          for (const e of b.elements!) expect((e.text as { text: string }).text.length).toBeLessThanOrEqual(LIMITS.buttonText);
        }
      }
      const ids = buttonsOf(blocks).map((e) => e.action_id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => RUN_ACTION_ID.test(id!))).toBe(true);
    }
  });

  test('when content is cut, the buttons survive and a note says so', () => {
    const blocks = blocksOf(reply({ sections: Array.from({ length: 60 }, (_, i) => ({ text: `part ${i}` })), actions: actions(3) }));
    expect(blocks).toHaveLength(50);
    expect(blocks.at(-1)!.type).toBe('actions');
    expect(blocks.at(-2)!.type).toBe('context');
    expect(JSON.stringify(blocks.at(-2))).toMatch(/left out/);
  });

  test('a long section is split at line breaks, losing nothing', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `• line ${i} ${'y'.repeat(20)}`);
    const blocks = blocksOf(reply({ sections: [{ text: lines.join('\n') }] }));
    expect(blocks.map((b) => b.text!.text).join('\n')).toBe(lines.join('\n'));
  });

  test('a button whose command would not fit its value is left out rather than cut', () => {
    const blocks = blocksOf(reply({ actions: [{ label: 'ok', command: 'next' }, { label: 'huge', command: `skip x ${'r'.repeat(2500)}` }] }));
    expect(buttonsOf(blocks).map((e) => e.value)).toEqual(['next']);
  });
});

describe('text helpers', () => {
  test('truncate never splits a surrogate pair', () => {
    const s = `${'a'.repeat(73)}😀😀`;
    const t = truncate(s, 75);
    expect(t.length).toBeLessThanOrEqual(75);
    expect(t).toBe(`${'a'.repeat(73)}…`);
  });

  test('chunkMrkdwn hard-cuts a single over-long line', () => {
    expect(chunkMrkdwn('z'.repeat(7000), 3000).map((c) => c.length)).toEqual([3000, 3000, 1000]);
  });
});

describe('renderHome', () => {
  test('a home view with the last answer on top keeps action ids unique and stays within 100 blocks', () => {
    const view = renderHome(
      reply({ title: 'Payments on TechTree', sections: Array.from({ length: 120 }, (_, i) => ({ text: `s${i}` })), actions: actions(3) }),
      reply({ title: 'Payments completed X', actions: actions(2) }),
    );
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const ids = buttonsOf(view.blocks as unknown as AnyBlock[]).map((e) => e.action_id);
    expect(ids).toEqual(['techtree:run:0', 'techtree:run:1', 'techtree:run:2', 'techtree:run:3', 'techtree:run:4']);
  });
});

/** Every escape in `text` is whole, and nothing is a lone surrogate. */
const wellFormed = (text: string) => {
  expect(text.replace(/&(?:amp|lt|gt);/g, '')).not.toMatch(/[&<>]|amp;|lt;|gt;/);
  expect(text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
};
const decoded = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

// Links out (issue 11, item 3): the link markup is built after escaping, never escaped itself.
describe('links', () => {
  test('show keda\'s link reaches Slack as a link, with its label and URL escaped apart', () => {
    const r = reply({ sections: [{ heading: 'Links', text: `• ${replyLink('KEDA', 'https://keda.sh/')}\n• ${replyLink('R&D <notes>', 'https://x.io/?a=1&b=<2>|3')}` }] });
    expect(blocksOf(r)[0]!.text!.text).toBe('*Links*\n• <https://keda.sh/|KEDA>\n• <https://x.io/?a=1&amp;b=%3C2%3E%7C3|R&amp;D &lt;notes&gt;>');
    expect(renderMessage(reply({ text: `See ${replyLink('KEDA', 'https://keda.sh/')}` })).text).toBe('See <https://keda.sh/|KEDA>');
  });

  test('brackets in a label and spaces in a URL cannot break the form', () => {
    expect(replyLink('[a] (b)', 'https://x.io/a b(c)')).toBe('[(a) (b)](https://x.io/a%20b%28c%29)');
    expect(fitMrkdwn(replyLink('[a]', 'https://x.io/a b'), 100)).toBe('<https://x.io/a%20b|(a)>');
    expect(link('https://x.io', '')).toBe('<https://x.io|https://x.io>');
  });

  test('text that only looks like a link, or is not http(s), stays text', () => {
    expect(fitMrkdwn('[x](javascript:alert(1)) and [y](ftp://a)', 100)).toBe('[x](javascript:alert(1)) and [y](ftp://a)');
    expect(fitMrkdwn('[x](https://a.io)', 100, { links: false })).toBe('[x](https://a.io)');
  });
});

// Cuts (issue 11, item 4): between whole characters of the unescaped text, counted escaped.
describe('cuts never land inside an escape, a character or a link', () => {
  test('a section of ampersands is split into whole entities, each part within 3,000', () => {
    const blocks = blocksOf(reply({ sections: [{ text: 'R&D, '.repeat(1500) }] }));
    const texts = blocks.map((b) => b.text!.text);
    expect(texts.length).toBeGreaterThan(1);
    for (const t of texts) {
      expect(t.length).toBeLessThanOrEqual(LIMITS.sectionText);
      expect(t).not.toMatch(/^(?:amp;|mp;|p;|;)/);
      wellFormed(t);
    }
    expect(texts.map(decoded).join('')).toBe('R&D, '.repeat(1500));
  });

  test('fields, notes, the message text and the picture line are cut after whole entities', () => {
    const amps = '&'.repeat(2500);
    const r = reply({ text: amps, sections: [{ text: 'x', fields: [{ label: 'L', value: amps }] }], image: { png: Buffer.alloc(1), width: 1, height: 1, alt: amps, filename: 'a.png' } });
    const message = renderMessage(r, { note: `<${amps}>` });
    expect(message.text.length).toBeLessThanOrEqual(LIMITS.messageText);
    wellFormed(message.text);
    expect(message.text).toMatch(/^&lt;(?:&amp;)+…$/);
    const blocks = message.blocks as unknown as AnyBlock[];
    const field = blocks.flatMap((b) => b.fields ?? [])[0]!.text;
    expect(field.length).toBeLessThanOrEqual(LIMITS.fieldText);
    expect(field).toMatch(/^\*L\*\n(?:&amp;)+…$/);
    for (const b of blocks.filter((x) => x.type === 'context')) {
      const t = (b.elements![0] as unknown as { text: string }).text;
      expect(t.length).toBeLessThanOrEqual(LIMITS.contextText);
      wellFormed(t);
    }
  });

  test('a link is never cut: it moves whole to the next part, or is left out of a cut text', () => {
    const url = `https://example.com/${'p'.repeat(200)}`;
    const text = `${'a'.repeat(2950)} ${replyLink('Example', url)} after`;
    const parts = chunkMrkdwn(text, 3000);
    expect(parts).toEqual([`${'a'.repeat(2950)} `, `<${url}|Example> after`]);
    expect(fitMrkdwn(text, 3000)).toBe(`${'a'.repeat(2950)} …`);
  });

  test('emoji sequences, flags and accents are kept whole', () => {
    const family = '\u{1F469}\u200D\u{1F469}\u200D\u{1F467}';
    const flags = '\u{1F1E9}\u{1F1EA}\u{1F1EB}\u{1F1F7}';
    expect(truncate(`${'a'.repeat(70)}${family}`, 75)).toBe(`${'a'.repeat(70)}…`);
    expect(truncate(`${'a'.repeat(70)}${flags}`, 75)).toBe(`${'a'.repeat(70)}\u{1F1E9}\u{1F1EA}…`);
    expect(truncate(`${'a'.repeat(72)}e\u0301\u0301x`, 75)).toBe(`${'a'.repeat(72)}…`);
    expect(fitMrkdwn(`${'&'.repeat(10)}\u{1F680}`, 51)).toBe(`${'&amp;'.repeat(10)}…`);
  });

  test('header and button text are cut as plain text, whole characters only', () => {
    const blocks = blocksOf(reply({ title: `${'t'.repeat(148)}\u{1F680}!`, actions: [{ label: `${'l'.repeat(73)}\u{1F680}!`, command: 'next' }] }));
    expect(blocks[0]!.text!.text).toBe(`${'t'.repeat(148)}…`);
    expect((buttonsOf(blocks)[0]!.text as { text: string }).text).toBe(`${'l'.repeat(73)}…`);
  });

  test('a digest headline and footer full of ampersands stay within their limits', () => {
    const amps = '&'.repeat(1200);
    const blocks = digestBlocks({ title: 'Council digest', headline: amps, lists: [], footer: amps } as unknown as Parameters<typeof digestBlocks>[0], []) as unknown as AnyBlock[];
    const headline = blocks[1]!.text!.text;
    expect(headline.length).toBeLessThanOrEqual(LIMITS.sectionText);
    wellFormed(headline);
    const footer = (blocks.at(-1)!.elements![0] as unknown as { text: string }).text;
    expect(footer.length).toBeLessThanOrEqual(LIMITS.contextText);
    wellFormed(footer);
    const fallback = digestFallbackText({ title: 'T', headline: amps } as unknown as Parameters<typeof digestFallbackText>[0]);
    expect(fallback.length).toBeLessThanOrEqual(LIMITS.messageText);
    wellFormed(fallback);
  });
});
