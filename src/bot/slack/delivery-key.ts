// One key per Slack delivery: every copy of one delivery (Slack's retry, a replay, the same request
// at two processes) has the same key. It is the inbox row's key and the command's idempotency key.
//
// A message (a mention, a DM) is keyed by workspace, channel and message ts, never by event id:
// Slack sometimes delivers the same message again under a new event id, without retry headers.

interface DeliveryBody {
  readonly type?: string;
  readonly event?: { readonly channel?: string; readonly ts?: string };
  readonly trigger_id?: string;
  readonly team_id?: string;
  readonly command?: string;
  readonly team?: { readonly id?: string } | null;
  readonly user?: { readonly id?: string; readonly team_id?: string };
  readonly actions?: readonly { readonly action_ts?: string }[];
}

/** `slack:<workspace>:command:<trigger_id>`, `…:message:<channel>:<ts>`, `…:action:<trigger_id>`; undefined for other payloads. */
export function deliveryKey(body: unknown): string | undefined {
  const b = (body ?? {}) as DeliveryBody;
  const team = b.team_id ?? b.team?.id ?? b.user?.team_id ?? 'unknown';
  if (b.type === 'event_callback' && b.event?.channel && b.event.ts) return `slack:${team}:message:${b.event.channel}:${b.event.ts}`;
  if (b.command && b.trigger_id) return `slack:${team}:command:${b.trigger_id}`;
  if (b.type === 'block_actions') {
    if (b.trigger_id) return `slack:${team}:action:${b.trigger_id}`;
    const ts = b.actions?.[0]?.action_ts;
    if (ts && b.user?.id) return `slack:${team}:action:${ts}:${b.user.id}`;
  }
  return undefined;
}
