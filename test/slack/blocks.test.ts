// The Block Kit renderer stays inside Slack's limits whatever the Reply holds.
import { describe, expect, test } from 'vitest';
import type { Reply, ReplyAction } from '../../src/app/reply.ts';
import { LIMITS, truncate } from '../../src/bot/slack/block-limits.ts';
import { chunkMrkdwn } from '../../src/bot/slack/mrkdwn.ts';
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
