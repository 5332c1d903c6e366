// Replies from real use cases rendered as Adaptive Cards 1.5 stay within Teams' limits, carry
// buttons that come back as the same command, and always have a text fallback.
import * as AC from 'adaptivecards';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DigestMessage, DigestPoster } from '../../src/app/digest-poster.ts';
import { createApp } from '../../src/app/open-app.ts';
import type { Reply } from '../../src/app/reply.ts';
import type { TechTreeApp } from '../../src/app/techtree-app.ts';
import { CARD_LIMITS, cardMarkdown, imageBytes, payloadBytes, plainFallback } from '../../src/bot/teams/card-limits.ts';
import { ADAPTIVE_CARD, commandOf, digestActivity, replyActivity, replyCard } from '../../src/bot/teams/cards.ts';
import { inlineRenderer } from '../../src/charts/index.ts';
import { catalog } from '../helpers/app.ts';
import { useStore } from '../helpers/databases.ts';
import { seed, type SeedTeam } from '../helpers/digests.ts';

type Node = Record<string, unknown>;

/** Every element and action of a card, depth first. */
function walk(node: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(node)) for (const n of node) walk(n, out);
  else if (node && typeof node === 'object') {
    const n = node as Node;
    if (typeof n.type === 'string') out.push(n);
    for (const [k, v] of Object.entries(n)) if (k !== 'fallback' && k !== 'data') walk(v, out);
  }
  return out;
}
const actionsOf = (card: unknown) => walk(card).filter((n) => n.type === 'Action.Execute');
const imagesOf = (card: unknown) => walk(card).filter((n) => n.type === 'Image');
const textOf = (card: unknown) => walk(card).map((n) => [n.text, ...((n.facts as { title: string; value: string }[] | undefined) ?? []).flatMap((f) => [f.title, f.value])].filter(Boolean).join('\n')).filter(Boolean).join('\n');

/**
 * What Microsoft's own Adaptive Cards library (adaptivecards 3.x, which renders schema 1.5) finds
 * wrong when it parses and validates the card: unknown element or action types, invalid values.
 */
function libraryProblems(card: unknown): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const e of parsed.validateProperties().validationEvents) problems.push(e.message);
  return problems;
}

const ELEMENTS = new Set(['TextBlock', 'FactSet', 'Container', 'ActionSet', 'Image', 'ColumnSet', 'Column']);

/** What every card must be: schema 1.5, known elements, within limits, every button runnable. */
function expectGoodCard(card: Node, reply?: Reply) {
  expect(card).toMatchObject({ type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5' });
  expect(typeof card.fallbackText).toBe('string');
  expect((card.fallbackText as string).length).toBeGreaterThan(0);
  expect(libraryProblems(card)).toEqual([]);
  expect(payloadBytes(card)).toBeLessThanOrEqual(CARD_LIMITS.payloadBytes);
  expect(imageBytes(card)).toBeLessThanOrEqual(CARD_LIMITS.imagesBytes);
  for (const n of walk(card.body)) if (!String(n.type).startsWith('Action.')) expect(ELEMENTS).toContain(n.type);
  for (const n of walk(card.body)) if (n.type === 'TextBlock') expect(n.wrap).toBe(true);
  for (const a of actionsOf(card)) {
    expect(a).toMatchObject({ verb: 'techtree', data: { command: expect.any(String) }, title: expect.any(String) });
    expect(a.fallback).toEqual({ type: 'Action.Submit', title: a.title, data: a.data });
    const command = (a.data as { command: string }).command;
    // Round trip: the invoke of a click, and the message an older client posts.
    expect(commandOf({ action: { type: 'Action.Execute', verb: 'techtree', data: a.data }, trigger: 'manual' })).toBe(command);
    expect(commandOf((a.fallback as Node).data)).toBe(command);
    if (reply) expect(reply.actions?.map((x) => x.command)).toContain(command);
  }
  for (const img of imagesOf(card)) {
    const url = img.url as string;
    expect(url).toMatch(/^data:image\/png;base64,/);
    const png = PNG.sync.read(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'));
    expect(png.width).toBeLessThanOrEqual(1024);
    expect(png.height).toBeLessThanOrEqual(1024);
    expect(typeof img.altText).toBe('string');
  }
}

function expectGoodActivity(reply: Reply) {
  const activity = replyActivity(reply);
  expect(activity.type).toBe('message');
  // Only the card: Teams would post a `text` beside it as a second message.
  expect(activity.text).toBeUndefined();
  expect(activity.attachments).toHaveLength(1);
  expect((activity.attachments![0]!.content as { fallbackText: string }).fallbackText).toBe(plainFallback(reply.text));
  expect(activity.attachments![0]!.contentType).toBe(ADAPTIVE_CARD);
  const card = activity.attachments![0]!.content as Node;
  expectGoodCard(card, reply);
  expect(card).toEqual(replyCard(reply));
  return card;
}

describe('cards for replies of real use cases', () => {
  const db = useStore('sqlite');
  let app: TechTreeApp;
  const conv = { platform: 'teams' as const, orgId: 'teams:tenant-1', userId: 'teams:aad-1', channelId: 'teams:tenant-1:19:pay@thread.tacv2' };
  const ask = (text: string) => app.ask(conv, text, { conversational: true });
  beforeAll(async () => {
    app = createApp({ store: db.store, catalog, admins: [], clock: () => new Date('2026-06-01T10:00:00Z'), renderer: inlineRenderer() });
    await ask('team create Payments');
    await ask('done oci-images');
    await ask('done containerd');
  });

  it('status: tallies per tier and track as FactSets, and a "What\'s next?" button', async () => {
    const reply = await ask('status');
    const card = expectGoodActivity(reply);
    const facts = walk(card).filter((n) => n.type === 'FactSet').flatMap((n) => n.facts as { title: string; value: string }[]);
    expect(facts.length).toBeGreaterThanOrEqual(4);
    expect(facts[0]!.value).toMatch(/^[▰▱]{5} \d+\/\d+ done \(\d+%\)/);
    expect(actionsOf(card).map((a) => (a.data as { command: string }).command)).toEqual(['next']);
    expect(textOf(card)).toContain('**CNCF Adoption**');
  });

  it('next: every suggestion with its reasons and its own "Mark done" button under it', async () => {
    const reply = await ask('next');
    const card = expectGoodActivity(reply);
    const containers = walk(card.body).filter((n) => n.type === 'Container' && (n.items as Node[]).some((i) => i.type === 'ActionSet'));
    expect(containers).toHaveLength(reply.suggestions!.length);
    reply.suggestions!.forEach((s, k) => {
      const text = textOf(containers[k]);
      expect(text).toContain(`**${k + 1}. ${s.title}** (**${s.node}**)`);
      for (const r of s.reasons) expect(text).toContain(`- ${r}`);
      expect(actionsOf(containers[k]).map((a) => (a.data as { command: string }).command)).toEqual([`done ${s.node}`]);
      expect(actionsOf(containers[k])[0]).toMatchObject({ style: 'positive', title: `Mark ${s.title} done` });
    });
  });

  it('locked: the error in an attention container with "Mark anyway" (destructive) and the plan', async () => {
    const reply = await ask('done falco');
    expect(reply.error?.kind).toBe('Locked');
    const card = expectGoodActivity(reply);
    expect(walk(card.body).some((n) => n.type === 'Container' && n.style === 'attention')).toBe(true);
    const anyway = actionsOf(card).find((a) => a.title === 'Mark anyway')!;
    expect(anyway).toMatchObject({ style: 'destructive', data: { command: 'done runtime-security --force' } });
    expect(textOf(card)).toContain('**done runtime-security --force**');
    expect(textOf(card)).not.toContain('`');
  });

  it('ambiguous: a button for each choice', async () => {
    const reply = await ask('done security');
    expect(reply.error?.kind).toBe('AmbiguousNode');
    const card = expectGoodActivity(reply);
    expect(actionsOf(card).map((a) => (a.data as { command: string }).command)).toEqual(reply.actions!.map((a) => a.command));
    expect(actionsOf(card).length).toBeGreaterThan(1);
  });

  it('show: fields as facts and links as markdown links', async () => {
    const reply = await ask('show falco');
    const card = expectGoodActivity(reply);
    const text = textOf(card);
    expect(text).toMatch(/- \[Falco\]\(https:\/\/[^)\s]+\)/);
    expect(text).not.toMatch(/<https?:/);
    expect(walk(card).find((n) => n.type === 'FactSet')!.facts).toEqual(expect.arrayContaining([expect.objectContaining({ title: 'Effort' })]));
    expect((replyActivity(reply).attachments![0]!.content as { fallbackText: string }).fallbackText).toMatch(/Falco \(https:\/\/[^)\s]+\)/);
  });

  it('an error: what went wrong and what to type, as text and in the card', async () => {
    const reply = await ask('frobnicate');
    expect(reply.ok).toBe(false);
    const card = expectGoodActivity(reply);
    expect(textOf(card)).toContain('**help**');
    expect(card.fallbackText).toContain('help');
  });

  it('the tree picture: a data-URI PNG within 1024x1024 px and 1 MB, the card full width', async () => {
    const reply = await ask('tree');
    expect(reply.image).toBeDefined();
    const card = expectGoodActivity(reply);
    const [image] = imagesOf(card);
    expect(image).toMatchObject({ altText: reply.image!.alt, size: 'Stretch' });
    expect(Buffer.from((image!.url as string).split(',')[1]!, 'base64').equals(reply.image!.png)).toBe(true);
    expect(card.msteams).toEqual({ width: 'Full' });
  });

  it('a picture over the limits, or asked away, is left out with a line that says why', async () => {
    const reply = await ask('tree');
    const big = { ...reply, image: { ...reply.image!, width: 2048, height: 1600 } };
    const card = replyCard(big);
    expectGoodCard(card);
    expect(imagesOf(card)).toHaveLength(0);
    expect(textOf(card)).toMatch(/is left out of this card: it is 2048x1600 px, more than the 1024x1024 px Teams shows/);
    const heavy = replyCard({ ...reply, image: { ...reply.image!, png: Buffer.alloc(1_100_000) } });
    expect(textOf(heavy)).toMatch(/1\.0 MB, more than the 1 MB Teams allows/);
    expect(textOf(replyCard(reply, { images: false }))).toMatch(/left out: Teams refused the message with it as too large/);
  });

  it.each(['help', 'trees', 'why falco', 'team', 'digest', 'show nonexistent-thing', 'start falco', 'undo oci-images'])('"%s" renders as a good card too', async (command) => {
    const reply = await ask(command);
    expectGoodActivity(reply);
    expect(replyActivity(reply).summary).toBe(plainFallback(reply.title ?? reply.text.split('\n')[0]!).slice(0, CARD_LIMITS.titleText));
  });

  it('a note goes first, in the card and in its fallback text', async () => {
    const reply = await ask('status');
    const activity = replyActivity(reply, { note: 'Sent again: the first answer may not have arrived.' });
    expect((activity.attachments![0]!.content as { fallbackText: string }).fallbackText.startsWith('Sent again: the first answer may not have arrived.\n')).toBe(true);
    const card = activity.attachments![0]!.content as { body: Node[] };
    expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: 'Sent again: the first answer may not have arrived.', isSubtle: true });
  });
});

describe('cards at the limits', () => {
  const reply = (over: Partial<Reply>): Reply => ({ ok: true, text: 'plain text', visibility: 'ephemeral', ...over });

  it.each([
    ['400 sections', reply({ title: 'Big', sections: Array.from({ length: 400 }, (_, i) => ({ heading: `Part ${i}`, text: `• ${'x'.repeat(200)}\n• y` })), actions: [{ label: 'Next', command: 'next' }] })],
    ['one 100,000-character section', reply({ sections: [{ text: 'z'.repeat(100_000) }] })],
    ['one 100,000-character line among short ones', reply({ sections: [{ text: `a\n${'w'.repeat(100_000)}\nb` }] })],
    ['2,000 lines in one section', reply({ sections: [{ text: Array.from({ length: 2000 }, (_, i) => `• line ${i}`).join('\n') }] })],
    ['40 buttons with 500-character commands', reply({ actions: Array.from({ length: 40 }, (_, i) => ({ label: `b${i}`, command: `skip n${i} ${'r'.repeat(490)}` })) })],
    ['a 1,000-character title and labels', reply({ title: 't'.repeat(1000), actions: [{ label: 'l'.repeat(500), command: 'next' }] })],
    ['CJK text (3 bytes a character in UTF-8)', reply({ sections: Array.from({ length: 200 }, () => ({ text: 'データ基盤チーム'.repeat(40) })) })],
  ])('%s stays within 80 KB, buttons survive, and a line says what was cut', (_name, r) => {
    const card = replyCard(r);
    expectGoodCard(card, r);
    if (r.actions?.length) expect(actionsOf(card).length).toBeGreaterThan(0);
    if ((r.sections?.length ?? 0) > 100) expect(textOf(card)).toContain('more than fits in one Teams card was left out');
    expect(actionsOf(card).length).toBeLessThanOrEqual(CARD_LIMITS.actions);
    for (const a of actionsOf(card)) expect((a.title as string).length).toBeLessThanOrEqual(CARD_LIMITS.buttonTitle);
  });

  it('the library check catches what Teams would not render', () => {
    expect(libraryProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Bogus' }, { type: 'TextBlock', text: 'x', spacing: 'Lots' }] })).toHaveLength(2);
  });

  it('a long list ends in "…and N more" with the right N', () => {
    const card = replyCard(reply({ sections: [{ text: Array.from({ length: 100 }, (_, i) => `• item ${i}`).join('\n') }] }));
    const text = textOf(card);
    expect(text).toContain('- item 38');
    expect(text).not.toContain('- item 39');
    expect(text).toContain('…and 61 more');
  });

  it('more than five buttons are laid out in rows of five; blank or over-long commands are left out', () => {
    const actions = Array.from({ length: 12 }, (_, i) => ({ label: `b${i}`, command: `done n${i}` }));
    const card = replyCard(reply({ actions: [...actions, { label: 'blank', command: '  ' }, { label: 'huge', command: 'x'.repeat(501) }] }));
    expectGoodCard(card);
    expect(card.actions).toBeUndefined();
    const rows = walk(card.body).filter((n) => n.type === 'ActionSet').map((n) => (n.actions as Node[]).map((a) => (a.data as { command: string }).command));
    expect(rows).toEqual([actions.slice(0, 5), actions.slice(5, 10), actions.slice(10)].map((row) => row.map((a) => a.command)));
    expect(actionsOf(replyCard(reply({ actions: actions.slice(0, 5) })))).toHaveLength(5);
    expect(replyCard(reply({ actions: actions.slice(0, 5) })).actions).toHaveLength(5);
  });
});

describe('markdown-light to Adaptive Card markdown', () => {
  it.each([
    ['*bold* and `code`', '**bold** and **code**'],
    ['• [Falco *runtime*](https://falco.org/a_b*c*)', '• [Falco *runtime*](https://falco.org/a_b*c*)'],
    ['*see* [docs](https://a.example/p%281%29) and `x`', '**see** [docs](https://a.example/p%281%29) and **x**'],
    ['3 * 4 * 5 stays', '3 * 4 * 5 stays'],
  ])('%s', (input, output) => {
    expect(cardMarkdown(input)).toBe(output);
  });

  it('the plain fallback drops the marks and spells links out', () => {
    expect(plainFallback('*Falco*: `done falco`, see [Falco](https://falco.org)')).toBe('Falco: done falco, see Falco (https://falco.org)');
  });
});

describe('commandOf', () => {
  it.each([
    ['an invoke', { action: { type: 'Action.Execute', verb: 'techtree', data: { command: 'done keda' } } }, 'done keda'],
    ['an invoke without a type', { action: { verb: 'techtree', data: { command: 'next' } } }, 'next'],
    ['a Submit message value', { command: 'why keda' }, 'why keda'],
    ['another verb', { action: { type: 'Action.Execute', verb: 'other', data: { command: 'next' } } }, undefined],
    ['another action type', { action: { type: 'Action.OpenUrl', verb: 'techtree', data: { command: 'next' } } }, undefined],
    ['a number', { command: 42 }, undefined],
    ['an array', { command: ['next'] }, undefined],
    ['a blank command', { command: '   ' }, undefined],
    ['a command over 2,000 characters', { command: 'x'.repeat(2001) }, undefined],
    ['data that is not an object', { action: { verb: 'techtree', data: 'next' } }, undefined],
    ['a string', 'next', undefined],
    ['null', null, undefined],
    ['an array value', [{ command: 'next' }], undefined],
  ])('%s', (_name, value, expected) => {
    expect(commandOf(value)).toBe(expected);
  });
});

describe('the council digest card', () => {
  const db = useStore('sqlite');
  const captured: DigestMessage[] = [];
  // The Teams poster is the other half of this feature; here the port only keeps what it is given.
  const keep: DigestPoster = {
    post: async (_to, message) => {
      if ('runId' in message) captured.push(message);
      return `teams:ref:${captured.length}`;
    },
    findPost: async () => undefined,
    classify: () => ({ kind: 'retryable' }),
  };

  async function digestOf(teams: readonly SeedTeam[]): Promise<DigestMessage> {
    const start = new Date('2026-01-05T10:00:00Z');
    const slot = new Date('2026-03-09T09:00:00Z');
    const s = await seed(db.store, start, teams);
    const app = createApp({ store: db.store, catalog, clock: () => new Date(slot.getTime() + 1000), renderer: inlineRenderer(), posters: { slack: keep } });
    expect((await app.digests.run({ councilId: s.council.id, slot })).status).toBe('posted');
    return captured.at(-1)!;
  }

  it('200 teams: lists cut with "…and N more", all four charts, within the limits', async () => {
    const message = await digestOf(Array.from({ length: 200 }, (_, i): SeedTeam => ({
      name: `Team ${String(i).padStart(3, '0')} & Friends`,
      events: [['done', 'oci-images', 60 + (i % 3)], ['done', 'containerd-runtime', 61], ...(i % 2 ? [['done', 'kubernetes-cluster', 62] as const] : [])],
    })));
    const activity = digestActivity(message);
    expect(activity.text).toBeUndefined();
    expect(activity.summary).toBe(plainFallback(`${message.title}: ${message.headline}`));
    const card = activity.attachments![0]!.content as Node;
    expectGoodCard(card);
    expect(textOf(card)).toMatch(/…and \d+ more/);
    expect(textOf(card)).toContain('Team 000 & Friends');
    expect(imagesOf(card).map((i) => i.altText)).toEqual(message.charts.map((c) => c.alt));
    expect(card.msteams).toEqual({ width: 'Full' });
    expect(textOf(card)).toContain('**digest** previews the next one');
    const withoutCharts = digestActivity(message, { images: false }).attachments![0]!.content as Node;
    expect(imagesOf(withoutCharts)).toHaveLength(0);
    expect(textOf(withoutCharts).match(/left out: Teams refused/g)).toHaveLength(4);
  }, 60_000);

  it('a chart beyond what one message may carry is left out and counted', async () => {
    const message = await digestOf([{ name: 'Payments', events: [['done', 'oci-images', 60]] }]);
    const heavy = { ...message, charts: message.charts.map((c, i) => (i === 3 ? { ...c, png: Buffer.concat([c.png, Buffer.alloc(700_000)]) } : c)) };
    const card = digestActivity(heavy).attachments![0]!.content as Node;
    expectGoodCard(card);
    expect(imagesOf(card)).toHaveLength(3);
    expect(textOf(card)).toContain('1 chart of 4 left out of this message.');
  }, 60_000);

  it('a note to a person is a plain-text message', () => {
    expect(digestActivity({ text: 'The council channel *Leads* is gone.', channelId: 'teams:t:19:x' })).toEqual({ type: 'message', text: 'The council channel Leads is gone.', textFormat: 'plain' });
  });
});
