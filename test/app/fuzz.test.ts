// Hostile and random text (issue 13, item 6): the command parser, the node matcher and the whole
// app never crash, always answer, and never answer with anything that would ping a channel.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/app/conversation.ts';
import { describeError } from '../../src/app/error-words.ts';
import { cleanInput, parseCommand } from '../../src/app/grammar.ts';
import { fromPlainQuestion } from '../../src/app/plain-questions.ts';
import type { Reply } from '../../src/app/reply.ts';
import { catalog, useApp } from '../helpers/app.ts';

/** Text that would notify a whole channel (or a user group) if a reply carried it to Slack. */
const PING = /<!(?:channel|here|everyone|subteam)|[@\uff20](?:channel|here|everyone)\b/i;

const SLACK_MARKUP = ['<!channel>', '<!here>', '<!here|here>', '<!everyone>', '<!subteam^S012|@devs>', '<@U123|bob>', '<#C123|general>', '<https://example.com|example.com>', '&amp;', '&lt;!channel&gt;', '@channel', '@here', '@everyone', '\uff20here', '<<!!here>>', '`<!here>`', '*bold*', '~gone~', '```code```', '>quote'];
const SQL = ["'; DROP TABLE teams; --", '" OR 1=1 --', "Robert'); DELETE FROM events;--", "' UNION SELECT * FROM orgs --", '%', '_', '\\', 'NULL', '$1', '?'];
const EMOJI = ['🚀', '👩‍💻', '🏳️‍🌈', ':tada:', '\u{1F600}', '\u{1F9D1}\u{1F3FD}\u200D\u{1F527}'];
const RTL = ['\u202e', '\u202d', 'שלום', 'مرحبا بالعالم', '\u200f', '\u2066', '\u2069'];
const INVISIBLE = ['\u200b', '\ufeff', '\u00a0', '\u2028', '\u0000', '\u0007', '\u001b[31m', '\r\n', '\t'];
const QUOTES = ['“', '”', '‘', '’', '"', "'", '—', '–', '--force', '—force'];
const WORDS = ['falco', 'k8s', 'argo', 'registry', 'security', 'people-build', 'Payments', 'team', 'because', 'Europe/London', '0 9 * * 1', '21', '-1', '99999999999999999999'];
const VERBS = ['done', 'undo', 'start', 'skip', 'unskip', 'next', 'status', 'show', 'why', 'tree', 'trees', 'team', 'team create', 'team link', 'team join', 'team track', 'council', 'council here', 'council schedule', 'council add', 'council remove', 'council stall', 'digest', 'help', '/techtree', 'we finished', "what's next for", 'why is', 'mark', 'can you', 'tell me about', 'how is'];

const piece = fc.oneof(
  fc.constantFrom(...SLACK_MARKUP, ...SQL, ...EMOJI, ...RTL, ...INVISIBLE, ...QUOTES, ...WORDS),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), maxLength: 6 }),
);
const hostile = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.option(fc.constantFrom(...VERBS)), fc.array(piece, { maxLength: 8 }), fc.constantFrom(' ', '', '  ')).map(([verb, parts, gap]) => [verb, ...parts].filter((p) => p !== null).join(gap)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1000, maxLength: 2500 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...VERBS), fc.string({ minLength: 1900, maxLength: 6000 })).map(([v, s]) => `${v} ${s}`) },
);

/** Every piece of text a reply carries to a platform. */
function shown(r: Reply): string[] {
  return [r.text, r.title ?? '', ...(r.sections ?? []).flatMap((s) => [s.heading ?? '', s.text, ...(s.fields ?? []).flatMap((f) => [f.label, f.value])]), ...(r.actions ?? []).flatMap((a) => [a.label, a.command]), r.image?.alt ?? ''];
}

describe('the command parser on hostile text', () => {
  it('never throws, and every refusal is words that ping no one', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const parsed = parseCommand(text);
        if (!parsed.ok) {
          const words = describeError(parsed.error);
          expect(words.text.length).toBeGreaterThan(10);
          expect(words.text).not.toMatch(PING);
          for (const a of words.actions ?? []) expect(`${a.label} ${a.command}`).not.toMatch(PING);
        }
        const question = fromPlainQuestion(cleanInput(text));
        if (question !== undefined) expect(question).not.toMatch(PING);
      }),
      { numRuns: 2000 },
    );
  });

  it('cleaning leaves no channel mention, however it is nested', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('<', '!', '>', '|', '@', 'channel', 'here', 'everyone', '\uff20', 'subteam^S1', ' ', 'x'), { maxLength: 30 }).map((a) => a.join('')), (text) => {
      expect(cleanInput(text)).not.toMatch(PING);
    }), { numRuns: 3000 });
  });
});

describe('the node matcher on hostile text', () => {
  const trees = new Set(catalog.trees.map((ct) => ct.tree.id));
  it('never throws, and whatever it finds is a node of the catalog', () => {
    fc.assert(
      fc.property(hostile, fc.subarray([...trees]), (text, prefer) => {
        const r = catalog.matcher.match(text, { prefer: new Set(prefer) });
        if (r.ok) {
          expect(catalog.node(r.node.id)).toBe(r.node);
          expect(trees.has(r.treeId)).toBe(true);
        } else if (r.error.kind === 'UnknownNode') {
          expect(r.error.suggestions.length).toBeLessThanOrEqual(3);
        } else if (r.error.kind === 'AmbiguousNode') {
          expect(r.error.candidates.length).toBeGreaterThan(1);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the whole app on hostile text (SQLite)', () => {
  const t = useApp('sqlite', { admins: ['U-ADMIN'] });
  const where: readonly Partial<Conversation>[] = [
    { channelId: 'slack:T1:C-PAY' },
    { channelId: 'slack:T1:C-NOWHERE' },
    { isDirect: true, channelId: 'slack:T1:D1' },
    { channelId: 'slack:T1:C-COUNCIL', userId: 'U-ADMIN' },
    { platform: 'cli', orgId: 'cli:acme', userId: 'cli-user', isDirect: true },
  ];

  it('always answers, never with a ping, and keeps the database whole', async () => {
    await t.ask('team create Payments');
    await t.ask('council here', { channel: 'C-COUNCIL', userId: 'U-ADMIN' });
    await t.ask('team join Payments', { isDirect: true, channel: 'D1' });
    await fc.assert(
      fc.asyncProperty(hostile, fc.constantFrom(...where), fc.boolean(), async (text, place, conversational) => {
        const conv: Conversation = { platform: 'slack', orgId: 'slack:T1', userId: 'U1', ...place };
        const reply = await t.app.ask(conv, text, { conversational });
        expect(typeof reply.ok).toBe('boolean');
        expect(reply.text.trim().length).toBeGreaterThan(0);
        for (const part of shown(reply)) expect(part).not.toMatch(PING);
      }),
      { numRuns: 400 },
    );
    // Whatever was typed, the data is still there and still answers. (A random `team create` or
    // `team link` may have re-linked the channel, which is the command working, so ask by name.)
    const status = await t.ask('status Payments');
    expect(status).toMatchObject({ ok: true, team: { name: 'Payments' } });
    expect((await t.db.store.teams.list('slack:T1')).some((team) => team.name === 'Payments')).toBe(true);
  });
});
