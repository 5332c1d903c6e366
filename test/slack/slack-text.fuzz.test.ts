// The Slack edge on hostile text (issue 11, items 1-4): thousands of strings built from Slack
// markup, entities, SQL, emoji, RTL and control characters, decoded, run through the whole app
// and rendered back as Block Kit. Nothing crashes, nothing pings, every escape is whole and every
// `<` that reaches Slack opens a link we built.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/app/conversation.ts';
import { replyLink, type Reply } from '../../src/app/reply.ts';
import { LIMITS } from '../../src/bot/slack/block-limits.ts';
import { renderMessage } from '../../src/bot/slack/blocks.ts';
import { chunkMrkdwn, fitMrkdwn } from '../../src/bot/slack/mrkdwn.ts';
import { fromSlackText } from '../../src/bot/slack/slack-text.ts';
import { useApp } from '../helpers/app.ts';

const MARKUP = ['<!channel>', '<!here>', '<!here|here>', '<!everyone>', '<!subteam^S012|@devs>', '<!subteam^S012>', '<!date^1392734382^{date}|Feb 18>', '<@U123|bob>', '<@U123>', '<@UBOT>', '<@UBOT|techtree>:', '<#C123|general>', '<#C123>', '<https://example.com|example.com>', '<http://keda.sh>', '<mailto:a@b.io|a@b.io>', '<https://x.io|<@U9>>'];
const ENTITIES = ['&amp;', '&lt;', '&gt;', '&amp;amp;', '&lt;!channel&gt;', '&lt;@U123&gt;', '&lt;!here|x&gt;', '&', '<', '>', '|', '<<', '>>', '<!', '<@', '<#', '^', '@channel', '@here'];
const OTHER = ["'; DROP TABLE teams; --", '" OR 1=1 --', '%', '\\', '🚀', '👩‍👩‍👧', '🇩🇪🇫🇷', 'é', 'e\u0301', '\u202e', 'שלום', 'مرحبا', '\u200b', '\u0000', '\u001b[31m', '\r\n', '\t', '“', '”', '‘', '’', '—', '–', '—force', '[x](https://a.io)', '[KEDA](https://keda.sh/)', '*', '`', '~'];
const WORDS = ['done', 'undo', 'show', 'status', 'skip', 'team create', 'team join', 'next', 'why', 'keda', 'falco', 'containerd', 'Payments', 'R&amp;D'];

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...MARKUP, ...ENTITIES, ...OTHER, ...WORDS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }) },
);
const hostile = fc.oneof(
  { weight: 8, arbitrary: fc.array(piece, { maxLength: 12 }).chain((parts) => fc.constantFrom(' ', '').map((gap) => parts.join(gap))) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom('<', '!', '@', '#', '>', '|', '&amp;', '&lt;', '&gt;', 'here', 'channel', 'U1', ' '), { maxLength: 60 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 2000, maxLength: 6000 }) },
);

/** What would notify someone if Slack received it as mrkdwn. */
const PING = /<[!@#]/;
/** A `<` reaching Slack may only open a link built by mrkdwn.ts. */
const STRAY_ANGLE = /<(?!https?:\/\/[^\s<>|]+\|[^<>]*>)/;

function texts(message: { readonly text: string; readonly blocks: readonly unknown[] }): string[] {
  const out: string[] = [message.text];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      Object.values(o).forEach(walk);
    }
  };
  walk(message.blocks);
  return out;
}

function expectSafeMrkdwn(text: string): void {
  expect(text).not.toMatch(PING);
  expect(text).not.toMatch(STRAY_ANGLE);
  // Every & starts a whole entity: no cut left half of one.
  expect(text.replace(/&(?:amp|lt|gt);/g, '')).not.toMatch(/&/);
}

describe('fromSlackText on hostile text', () => {
  it('never throws, and leaves nothing that pings', () => {
    fc.assert(fc.property(hostile, fc.boolean(), (text, withBot) => {
      const out = fromSlackText(text, withBot ? { botUserId: 'UBOT' } : {});
      expect(out).not.toMatch(PING);
      expect(out).not.toMatch(/<@|<!|<#/);
      if (withBot) expect(out).not.toMatch(/@UBOT\b/);
    }), { numRuns: 4000 });
  });

  it('a real user mention is shown as @name or @id, never as markup that pings', () => {
    fc.assert(fc.property(fc.stringMatching(/^[UW][A-Z0-9]{2,10}$/), fc.option(fc.stringMatching(/^[a-z][a-z0-9._-]{0,15}$/)), (id, name) => {
      const out = fromSlackText(`ask <@${id}${name ? `|${name}` : ''}> now`);
      expect(out).toBe(`ask @${name ?? id} now`);
    }), { numRuns: 500 });
  });
});

describe('mrkdwn cuts on hostile text', () => {
  const withLinks = fc.array(fc.oneof(piece, fc.tuple(fc.string({ maxLength: 30 }), fc.webUrl()).map(([label, url]) => replyLink(label, url)), fc.constant('\n')), { maxLength: 400 }).map((a) => a.join(''));
  it('every part stays within its limit, escapes whole and links unbroken', () => {
    fc.assert(fc.property(withLinks, fc.integer({ min: 1000, max: 3000 }), (text, max) => {
      const parts = chunkMrkdwn(text, max);
      for (const p of parts) {
        expect(p.length).toBeLessThanOrEqual(max);
        expectSafeMrkdwn(p);
      }
      const fitted = fitMrkdwn(text, max);
      expect(fitted.length).toBeLessThanOrEqual(max);
      expectSafeMrkdwn(fitted);
    }), { numRuns: 1500 });
  });
});

describe('decoded, answered and rendered (SQLite)', () => {
  const t = useApp('sqlite');
  it('whatever Slack sends, what goes back to Slack pings no one and is well formed', async () => {
    await t.ask('team create Payments');
    await fc.assert(fc.asyncProperty(hostile, fc.constantFrom<Partial<Conversation>>({ channelId: 'slack:T1:C-PAY' }, { isDirect: true, channelId: 'slack:T1:D1' }), fc.boolean(), async (raw, place, conversational) => {
      const text = fromSlackText(raw, { botUserId: 'UBOT' });
      const conv: Conversation = { platform: 'slack', orgId: 'slack:T1', userId: 'U1', ...place };
      const reply: Reply = await t.app.ask(conv, text, { conversational });
      const message = renderMessage(reply);
      expect(message.text.length).toBeLessThanOrEqual(LIMITS.messageText);
      for (const part of texts(message)) expectSafeMrkdwn(part);
    }), { numRuns: 600 });
  });
});
