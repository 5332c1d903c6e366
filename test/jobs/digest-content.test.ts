// What a council reads: sensible digests when there is nothing, or nobody, to report, and a
// 200-team digest that stays inside Slack's limits (lists end in "and N more").
import { describe, expect, it } from 'vitest';
import { digestBlocks, packLines } from '../../src/bot/slack/digest-blocks.ts';
import { DIALECTS, useStore } from '../helpers/databases.ts';
import { seed, useDigestWorld, type SeedTeam } from '../helpers/digests.ts';

type Block = { type: string; text?: { text: string }; elements?: { text: string }[] };
const textOf = (blocks: readonly Block[]) => blocks.map((b) => b.text?.text ?? b.elements?.map((e) => e.text).join(' ') ?? '').join('\n');

describe('packing lists into sections', () => {
  it('keeps whole lines, escapes each once, and ends a list that does not fit in "…and N more"', () => {
    const lines = Array.from({ length: 400 }, (_, i) => `*Team ${i}* done R&D <stuff> ${'x'.repeat(40)}`);
    const texts = packLines('Progress', lines);
    expect(texts.length).toBe(3);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(3000);
    expect(texts.at(-1)).toMatch(/…and \d+ more$/);
    const shown = texts.join('\n').split('\n').filter((l) => l.startsWith('• ')).length;
    expect(Number(/and (\d+) more/.exec(texts.at(-1)!)![1])).toBe(400 - shown);
    expect(texts.join('')).not.toMatch(/&amp;amp;|(?<!&amp)(?<!&lt)(?<!&gt);/);
    expect(texts[0]).toContain('R&amp;D &lt;stuff&gt;');
  });
});

describe.each(DIALECTS)('digest content on %s', (dialect) => {
  const db = useStore(dialect);
  const world = useDigestWorld();
  const slot = new Date('2026-03-09T09:00:00Z');
  const start = new Date('2026-01-05T10:00:00Z');
  const after = () => new Date(slot.getTime() + 1000);

  async function post(teams: readonly SeedTeam[]) {
    const s = await seed(db.store, start, teams);
    const outcome = await world.app(db.store, after).digests.run({ councilId: s.council.id, slot });
    expect(outcome.status).toBe('posted');
    const [message] = world.standIn.messages(s.channel);
    return { blocks: message!.blocks as Block[], text: textOf(message!.blocks as Block[]), headline: (message!.blocks as Block[])[1]!.text!.text };
  }

  it('a council with no teams gets a short digest that says how teams appear', async () => {
    const { blocks, headline } = await post([]);
    expect(headline).toMatch(/^No teams yet, so nothing to report: teams appear here once someone types `team create &lt;name&gt;`\.$/);
    expect(blocks.filter((b) => b.type === 'image')).toHaveLength(4);
  });

  it('no progress this period: a quiet period, with last week to compare', async () => {
    const { text, headline } = await post([
      { name: 'Payments', events: [['done', 'oci-images', 50]] },
      { name: 'Search', events: [['done', 'oci-images', 52]] },
    ]);
    expect(headline).toBe('A quiet period: no capability done by any of the 2 teams (2 last week).');
    expect(text).toContain('No team finished, skipped or unlocked anything this period.');
    expect(text).toMatch(/Quiet this period\*\n• Payments \(last progress 12 days ago\), Search \(last progress 10 days ago\)/);
  });

  it('everyone stalled: says so, and pairs each stalled team with a peer who did what it waits on', async () => {
    const { text, headline } = await post([
      { name: 'Payments', events: [['done', 'oci-images', 1], ['done', 'containerd-runtime', 2], ['done', 'kubernetes-cluster', 3]] },
      { name: 'Search', events: [['done', 'oci-images', 1], ['done', 'containerd-runtime', 4]] },
    ]);
    expect(headline).toBe('Both teams are stalled: nothing done this period, as many as last week. The stalled list below says who could help whom.');
    expect(text).toMatch(/\*Search\*: no progress for \d+ days; it could start Production Kubernetes Cluster \(ask Payments, who did it 8 weeks ago\)/);
  });

  it('200 teams: one message within 50 blocks and 3,000 characters a section, long lists cut with "and N more"', async () => {
    const teams = Array.from({ length: 200 }, (_, i): SeedTeam => ({
      name: `Team ${String(i).padStart(3, '0')} & Friends`,
      events: [['done', 'oci-images', 60 + (i % 3)], ['done', 'containerd-runtime', 61], ...(i % 2 ? [['done', 'kubernetes-cluster', 62] as const] : [])],
    }));
    const { blocks, text, headline } = await post(teams);
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
    expect(text).toMatch(/…and \d+ more/);
    expect(headline).toMatch(/^500 capabilities done by all 200 teams/);
    expect(text).toContain('Team 000 &amp; Friends');
    expect(text).not.toContain('&amp;amp;');
    expect(blocks.filter((b) => b.type === 'image')).toHaveLength(4);
  }, 60_000);
});

describe('the digest message', () => {
  it('puts header, headline, lists, four images and the period in that order', () => {
    const blocks = digestBlocks({
      runId: 'r1', title: 'Council digest: 2 Mar 2026 to 9 Mar 2026', headline: 'h', footer: 'f',
      lists: [{ heading: 'A', items: ['x'] }, { heading: 'B', items: [], empty: 'none' }, { heading: 'C', items: [] }], charts: [],
    }, [1, 2, 3, 4].map((i) => ({ fileId: `F${i}`, title: `t${i}`, alt: `a${i}` })));
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'image', 'image', 'image', 'image', 'context']);
  });
});
