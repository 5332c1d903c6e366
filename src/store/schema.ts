// Table shapes as both databases hold them. Portable on purpose: timestamps are ISO-8601 UTC
// text with milliseconds (sorts the same everywhere), booleans are 0/1, JSON is text.
import type { Generated } from 'kysely';

export interface Database {
  orgs: OrgsTable;
  teams: TeamsTable;
  channel_links: ChannelLinksTable;
  members: MembersTable;
  team_trees: TeamTreesTable;
  progress_events: ProgressEventsTable;
  councils: CouncilsTable;
  council_teams: CouncilTeamsTable;
  council_trees: CouncilTreesTable;
  digest_runs: DigestRunsTable;
  conversation_refs: ConversationRefsTable;
  inbox: InboxTable;
}

export interface OrgsTable {
  id: string;
  platform: string;
  name: string;
  created_at: string;
}

export interface TeamsTable {
  id: string;
  org_id: string;
  slug: string;
  name: string;
  created_at: string;
  /** The idempotency key of the command that created it (migration 0005); null before 0005 or without one. */
  created_by_key: string | null;
}

export interface ChannelLinksTable {
  channel_id: string;
  org_id: string;
  team_id: string;
  linked_by: string;
  linked_at: string;
}

export interface MembersTable {
  org_id: string;
  user_id: string;
  team_id: string;
  joined_at: string;
}

export interface TeamTreesTable {
  team_id: string;
  tree_id: string;
  added_at: string;
}

export interface ProgressEventsTable {
  // Postgres returns bigserial as a string; repositories convert.
  id: Generated<number | string>;
  org_id: string;
  team_id: string;
  node_id: string;
  tree_id: string;
  kind: string;
  actor: string;
  platform: string;
  at: string;
  force: number;
  reason: string | null;
  idempotency_key: string | null;
  created_at: string;
}

export interface CouncilsTable {
  id: string;
  org_id: string;
  channel_id: string;
  platform: string;
  // Defaults live in the table (Monday 09:00 UTC, 21 days), so inserts may leave them out.
  cron: Generated<string>;
  time_zone: Generated<string>;
  stall_days: Generated<number>;
  created_at: string;
  updated_at: string;
  /** The platform user who ran `council here` last: told when the channel is gone. */
  set_up_by: string | null;
  paused_at: string | null;
  pause_reason: string | null;
}

export interface CouncilTeamsTable {
  council_id: string;
  team_id: string;
}

export interface CouncilTreesTable {
  council_id: string;
  tree_id: string;
}

export interface DigestRunsTable {
  id: string;
  council_id: string;
  period_key: string;
  status: string;
  attempts: number;
  started_at: string;
  finished_at: string | null;
  settings: string;
  payload: string | null;
  posted_ref: string | null;
  error: string | null;
  /** Set before the platform call; a later attempt then looks for the message first. */
  post_started_at: string | null;
}

export interface ConversationRefsTable {
  channel_id: string;
  platform: string;
  org_id: string;
  reference: string;
  updated_at: string;
  /** When the platform said the conversation is closed to the bot (null: usable). */
  gone_at: string | null;
  gone_reason: string | null;
}

export interface InboxTable {
  delivery_key: string;
  platform: string;
  conversation: string;
  command: string;
  options: string;
  reply_to: string;
  reply_by: string | null;
  received_at: string;
  state: string;
  lease_owner: string | null;
  lease_until: string | null;
  attempts: Generated<number>;
  answer_attempts: Generated<number>;
  reply: string | null;
  error: string | null;
  finished_at: string | null;
}
