// Text in from Slack (issue 11, item 1): entities and markup decoded once, at the edge, into what
// the user meant; broadcasts never survive, and no user mention is ever a node or team name.
import { describe, expect, test } from 'vitest';
import { fromSlackText } from '../../src/bot/slack/slack-text.ts';
import { parseCommand } from '../../src/app/grammar.ts';
import { teamSlug } from '../../src/store/store.ts';

describe('fromSlackText', () => {
  test.each([
    ['team create R&amp;D Platform', 'team create R&D Platform'],
    ['show a &lt;b&gt; c', 'show a <b> c'],
    ['&amp;lt; stays one level deep', '&lt; stays one level deep'],
    ['&quot;not a Slack entity&quot;', '&quot;not a Slack entity&quot;'],
    ['show <https://keda.sh/|KEDA>', 'show KEDA'],
    ['show <https://keda.sh/>', 'show https://keda.sh/'],
    ['show <http://keda.sh|keda.sh>', 'show keda.sh'],
    ['show <https://x.io/?a=1&amp;b=2>', 'show https://x.io/?a=1&b=2'],
    ['mail <mailto:bob@acme.io|bob@acme.io>', 'mail bob@acme.io'],
    ['ask <@U123|bob> about it', 'ask @bob about it'],
    ['ask <@U123> about it', 'ask @U123 about it'],
    ['ask <@W123|bob> about it', 'ask @bob about it'],
    ['see <#C123|general>', 'see #general'],
    ['see <#C123>', 'see #C123'],
    ['see <#C123|>', 'see #C123'],
    ['done keda <!channel>', 'done keda'],
    ['<!here> done keda', 'done keda'],
    ['done <!everyone> keda', 'done keda'],
    ['done <!here|here> keda', 'done keda'],
    ['tell <!subteam^S012|@devs>', 'tell @devs'],
    ['tell <!subteam^S012>', 'tell a user group'],
    ['on <!date^1392734382^{date_short}|Feb 18, 2014>', 'on Feb 18, 2014'],
    ['typed &lt;!here&gt; literally', 'typed !here> literally'],
    ['typed &lt;@U123&gt; literally', 'typed @U123> literally'],
    ['&lt;&lt;!channel&gt;&gt;', '!channel>>'],
    ['<<!here>!here>', '!here>'],
    ['  done   keda  ', 'done keda'],
    ['status\nnext', 'status\nnext'],
    ['', ''],
  ])('%j reads as %j', (input, expected) => {
    expect(fromSlackText(input)).toBe(expected);
  });

  test("the bot's own mention only addresses it, with the colon or comma after it", () => {
    expect(fromSlackText('<@UBOT> status', { botUserId: 'UBOT' })).toBe('status');
    expect(fromSlackText('<@UBOT|techtree>: done keda', { botUserId: 'UBOT' })).toBe('done keda');
    expect(fromSlackText('hey <@UBOT>, what is next?', { botUserId: 'UBOT' })).toBe('hey what is next?');
    expect(fromSlackText('<@UBOT> ask <@U2|carol>', { botUserId: 'UBOT' })).toBe('ask @carol');
  });

  test('a decoded team name makes the slug people expect', () => {
    const parsed = parseCommand(fromSlackText('team create R&amp;D Platform'));
    expect(parsed).toEqual({ ok: true, command: { kind: 'teamCreate', name: 'R&D Platform' } });
    expect(teamSlug('R&D Platform')).toBe('r-d-platform');
  });

  test('values of our own buttons come back unchanged', () => {
    for (const value of ['done runtime-security --force', 'team join R&D <Platform>', 'skip keda we do not "scale" to zero', 'undo a&b']) {
      expect(fromSlackText(value)).toBe(value);
    }
  });
});
