// With an app token, Slack talks over Socket Mode instead of /slack/events: the same listeners
// answer, and envelopes are acknowledged on the socket.
import { describe, expect, test } from 'vitest';
import { eventually, startSlackHarness } from '../helpers/slack-harness.ts';
import { postToSlackEndpoint, slashCommand, TEAM_ID } from '../helpers/slack-signing.ts';
import { startSocketStandIn } from '../helpers/slack-socket-standin.ts';
import { startSlackStandIn } from '../helpers/slack-standin.ts';

describe('Slack over Socket Mode', () => {
  test('a slash command and a retried event arrive over the socket, are acked there and answered once', async () => {
    const socket = await startSocketStandIn();
    const standIn = await startSlackStandIn({ socketUrl: socket.url });
    const h = await startSlackHarness({ botUserId: 'UBOT', standIn, slack: { appToken: 'xapp-1-test' } });
    try {
      await socket.connected();
      const open = standIn.calls('apps.connections.open');
      expect(open).toHaveLength(1);
      expect(open[0]!.headers.authorization).toBe('Bearer xapp-1-test');
      // No HTTP route in Socket Mode.
      expect((await postToSlackEndpoint(h.eventsUrl, slashCommand({ text: 'status', responseUrl: standIn.responseUrl() }))).status).toBe(404);

      const responseUrl = standIn.responseUrl('socket');
      const form = Object.fromEntries(new URLSearchParams(slashCommand({ text: 'team create Payments', responseUrl }).body));
      const envelope = socket.send('slash_commands', form);
      await eventually(() => socket.acks.find((a) => a.envelope_id === envelope), 3000, 'the ack on the socket');
      const answer = await standIn.waitFor((r) => r.path === new URL(responseUrl).pathname, 10_000, 'the answer');
      expect(answer.body.response_type).toBe('in_channel');

      const ts = '1700000700.000001';
      const event = { type: 'event_callback', team_id: TEAM_ID, api_app_id: 'A0TECHTREE', event_id: 'EvSOCKET1', event_time: 1700000700, event: { type: 'app_mention', user: 'U0ALICE', text: '<@UBOT> we finished containerd', ts, channel: 'C0PAY', event_ts: ts } };
      socket.send('events_api', event);
      socket.send('events_api', event, { retry_attempt: 1, retry_reason: 'timeout' });
      await standIn.waitFor((r) => r.path === '/api/chat.postMessage' && r.body.thread_ts === ts, 10_000, 'the threaded answer');
      await eventually(() => socket.acks.length >= 3, 3000, 'all envelopes acked');
      expect(h.countEvents({ kind: 'done', node: 'containerd-runtime' })).toBe(1);
      expect(standIn.calls('chat.postMessage').filter((r) => r.body.thread_ts === ts)).toHaveLength(1);
    } finally {
      await h.close();
      await standIn.close();
      await socket.close();
    }
  });
});
