// Builds requests exactly as Slack sends them, signed (v0) with a signing secret.
import { createHmac, randomBytes } from 'node:crypto';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const TEAM_ID = 'T0001';

export interface SlackRequest {
  readonly body: string;
  readonly contentType: 'application/x-www-form-urlencoded' | 'application/json';
}

export function sign(body: string, timestampSec: number, secret = SIGNING_SECRET): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestampSec), 'x-slack-signature': signature };
}

export const nowSec = (): number => Math.floor(Date.now() / 1000);
export const newTriggerId = (): string => `${Date.now()}.${randomBytes(4).readUInt32BE()}.${randomBytes(8).toString('hex')}`;

export interface SlashCommandInput {
  readonly text: string;
  readonly responseUrl: string;
  readonly userId?: string;
  readonly channelId?: string;
  readonly channelName?: string;
  readonly teamId?: string;
  readonly triggerId?: string;
}

export function slashCommand(input: SlashCommandInput): SlackRequest {
  const teamId = input.teamId ?? TEAM_ID;
  const form = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: teamId,
    team_domain: 'acme',
    channel_id: input.channelId ?? 'C0PAY',
    channel_name: input.channelName ?? 'payments',
    user_id: input.userId ?? 'U0ALICE',
    user_name: 'alice',
    command: '/techtree',
    text: input.text,
    api_app_id: 'A0TECHTREE',
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId ?? newTriggerId(),
  });
  return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
}

export interface EventInput {
  readonly event: Record<string, unknown>;
  readonly eventId?: string;
  readonly teamId?: string;
}

export function eventCallback(input: EventInput): SlackRequest & { readonly eventId: string } {
  const teamId = input.teamId ?? TEAM_ID;
  const eventId = input.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`;
  const envelope = {
    token: 'deprecated-verification-token',
    team_id: teamId,
    api_app_id: 'A0TECHTREE',
    event: input.event,
    type: 'event_callback',
    event_id: eventId,
    event_time: nowSec(),
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(6).toString('hex')}`,
  };
  return { body: JSON.stringify(envelope), contentType: 'application/json', eventId };
}

export interface BlockActionInput {
  readonly actionId: string;
  readonly value: string;
  readonly responseUrl?: string;
  readonly userId?: string;
  readonly channelId?: string;
  readonly teamId?: string;
  readonly triggerId?: string;
  readonly messageTs?: string;
  readonly ephemeral?: boolean;
  /** A click in the App Home instead of on a message. */
  readonly inHome?: boolean;
}

export function blockActions(input: BlockActionInput): SlackRequest {
  const teamId = input.teamId ?? TEAM_ID;
  const userId = input.userId ?? 'U0ALICE';
  const actionTs = `${nowSec()}.${randomBytes(3).readUIntBE(0, 3)}`;
  const action = { type: 'button', action_id: input.actionId, block_id: 'b1', text: { type: 'plain_text', text: 'click', emoji: true }, value: input.value, action_ts: actionTs };
  const payload = {
    type: 'block_actions',
    user: { id: userId, username: 'alice', name: 'alice', team_id: teamId },
    api_app_id: 'A0TECHTREE',
    token: 'deprecated-verification-token',
    trigger_id: input.triggerId ?? newTriggerId(),
    team: { id: teamId, domain: 'acme' },
    enterprise: null,
    is_enterprise_install: false,
    actions: [action],
    ...(input.inHome
      ? { container: { type: 'view', view_id: 'V123' }, view: { id: 'V123', type: 'home', blocks: [] } }
      : {
          container: { type: 'message', message_ts: input.messageTs ?? '1700000000.000100', channel_id: input.channelId ?? 'C0PAY', is_ephemeral: input.ephemeral ?? false },
          channel: { id: input.channelId ?? 'C0PAY', name: 'payments' },
          message: { type: 'message', ts: input.messageTs ?? '1700000000.000100', text: 'earlier answer', blocks: [] },
          response_url: input.responseUrl,
        }),
    state: { values: {} },
  };
  return { body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), contentType: 'application/x-www-form-urlencoded' };
}

export interface PostResult {
  readonly status: number;
  readonly text: string;
  readonly ms: number;
}

export interface PostOptions {
  readonly timestampSec?: number;
  readonly secret?: string;
  readonly headers?: Record<string, string>;
  /** Sign a different body than the one sent (a forged or tampered request). */
  readonly signedBody?: string;
}

/** POSTs a Slack request to the bot, signed unless told otherwise, and times the answer. */
export async function postToSlackEndpoint(url: string, req: SlackRequest, options: PostOptions = {}): Promise<PostResult> {
  const started = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': req.contentType,
      ...sign(options.signedBody ?? req.body, options.timestampSec ?? nowSec(), options.secret),
      ...options.headers,
    },
    body: req.body,
  });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}
