// One key per Slack delivery: the same request twice (a retry or a replay) has the same key.
// It names the in-process duplicate check and the app's idempotency key, which is what holds
// across processes and restarts.

interface DeliveryBody {
  readonly type?: string;
  readonly event_id?: string;
  readonly trigger_id?: string;
  readonly team_id?: string;
  readonly command?: string;
  readonly team?: { readonly id?: string } | null;
  readonly user?: { readonly id?: string; readonly team_id?: string };
  readonly actions?: readonly { readonly action_ts?: string }[];
}

export function deliveryKey(body: unknown): string | undefined {
  const b = (body ?? {}) as DeliveryBody;
  const team = b.team_id ?? b.team?.id ?? b.user?.team_id ?? 'unknown';
  if (b.type === 'event_callback' && b.event_id) return `slack:${team}:event:${b.event_id}`;
  if (b.command && b.trigger_id) return `slack:${team}:command:${b.trigger_id}`;
  if (b.type === 'block_actions') {
    if (b.trigger_id) return `slack:${team}:action:${b.trigger_id}`;
    const ts = b.actions?.[0]?.action_ts;
    if (ts && b.user?.id) return `slack:${team}:action:${ts}:${b.user.id}`;
  }
  return undefined;
}
