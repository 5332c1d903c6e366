// The records the store hands to the other layers, and the repository ports they call.
// Rows never leave src/store: every repository converts them to these types.
import type { EventKind, ProgressEvent } from '../engine/types.ts';

export interface StoreConfig {
  /** Embedded database file, e.g. `./data/techtree.db`; its folder is created when missing. */
  readonly sqlitePath: string;
  /** When set, PostgreSQL is used instead of SQLite. */
  readonly databaseUrl?: string;
  /** How long one SQLite statement waits inside SQLite for another process's lock (blocking). Default 50 ms. */
  readonly sqliteBusyTimeoutMs?: number;
  /** How long a write keeps retrying, off the event loop, while another process holds the lock. Default 10 000 ms. */
  readonly sqliteLockWaitMs?: number;
}

export interface OpenStoreOptions {
  /** Run pending migrations before returning. Default true. */
  readonly migrate?: boolean;
  /** Called before a write is retried because another SQLite process held the lock (for metrics). */
  readonly onBusyRetry?: (attempt: number, error: unknown) => void;
  /** Errors of idle pooled Postgres connections; without a listener pg would crash the process. */
  readonly onBackgroundError?: (error: unknown) => void;
  /** Each query as it finished: its SQL (no parameters) and how long it took, in ms (debug logging). */
  readonly onQuery?: (sql: string, ms: number) => void;
}

export type DialectName = 'sqlite' | 'postgres';

export interface Org {
  readonly id: string;
  readonly platform: string;
  readonly name: string;
  readonly createdAt: Date;
}

export interface Team {
  readonly id: string;
  readonly orgId: string;
  readonly slug: string;
  readonly name: string;
  readonly createdAt: Date;
}

export interface Council {
  readonly id: string;
  readonly orgId: string;
  readonly channelId: string;
  readonly platform: string;
  readonly cron: string;
  readonly timeZone: string;
  readonly stallDays: number;
  /** Empty means the council covers every team of its org. */
  readonly teamIds: readonly string[];
  readonly treeIds: readonly string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Platform user id of whoever last ran `council here`. */
  readonly setUpBy?: string;
  /** Set when digests stopped because the channel is gone; `council here` clears it. */
  readonly pausedAt?: Date;
  readonly pauseReason?: string;
}

export interface CouncilPatch {
  readonly cron?: string;
  readonly timeZone?: string;
  readonly stallDays?: number;
  readonly setUpBy?: string;
  /** A pause with its reason, or null to resume. */
  readonly paused?: { readonly at: Date; readonly reason: string } | null;
}

/** running -> posting (just before the platform call) -> posted; failed from either, and retried. */
export type DigestRunStatus = 'running' | 'posting' | 'posted' | 'failed';

export interface DigestRun {
  readonly id: string;
  readonly councilId: string;
  readonly periodKey: string;
  readonly status: DigestRunStatus;
  readonly attempts: number;
  readonly startedAt: Date;
  readonly finishedAt?: Date;
  /** The council settings the run was first claimed with, so a retry renders the same digest. */
  readonly settings: unknown;
  readonly payload?: unknown;
  readonly postedRef?: string;
  readonly error?: string;
  /** When an attempt began the platform call: the message may exist even if the run never heard back. */
  readonly postStartedAt?: Date;
}

export interface ClaimOptions {
  /** A `running` or `posting` run claimed longer ago than this is presumed crashed and may be claimed again. Default: never. */
  readonly staleAfterMs?: number;
  readonly now?: Date;
}

export interface StoredRef {
  readonly channelId: string;
  readonly platform: string;
  readonly orgId: string;
  readonly reference: unknown;
  readonly updatedAt: Date;
  /** The platform refused this conversation (bot removed, blocked, conversation deleted): when and why. */
  readonly gone?: { readonly at: Date; readonly reason: string };
}

export interface NewEvent {
  readonly orgId: string;
  readonly teamId: string;
  readonly nodeId: string;
  readonly treeId: string;
  readonly kind: EventKind;
  readonly actor: string;
  readonly platform: string;
  readonly at: Date;
  readonly force?: boolean;
  readonly reason?: string;
  /** E.g. a chat delivery id: the same key twice records once. Unique across the whole store. */
  readonly idempotencyKey?: string;
}

export interface StoredEvent extends ProgressEvent {
  readonly id: number;
  readonly orgId: string;
  readonly teamId: string;
  readonly treeId: string;
  readonly idempotencyKey?: string;
}

export interface AppendResult {
  readonly recorded: boolean;
  readonly event: StoredEvent;
}

export interface TeamWriter {
  /** This team's events as of now inside the transaction, ordered by time then id. */
  events(): Promise<readonly StoredEvent[]>;
  /** With an idempotencyKey already used, records nothing and returns the earlier event. */
  append(e: NewEvent): Promise<AppendResult>;
}

export interface MigrationOutcome {
  readonly results: readonly { readonly migrationName: string; readonly direction: string; readonly status: string }[];
  readonly error?: unknown;
}

export interface OrgRepository {
  /** Creates the org, or refreshes its name when the workspace was renamed. */
  ensure(o: { id: string; platform: string; name: string }): Promise<Org>;
  get(id: string): Promise<Org | undefined>;
}

export interface TeamRepository {
  /**
   * Creates a team named `name` in `orgId`. Throws StoreError 'Conflict' when the name's slug is
   * taken in that org, except by a team this same `idempotencyKey` created: that team is returned
   * again (a command run a second time, by recovery after a crash, creates one team).
   */
  create(orgId: string, name: string, idempotencyKey?: string): Promise<Team>;
  /** Case-insensitive on slug or name ("Platform Team", "platform-team"). */
  findBySlugOrName(orgId: string, text: string): Promise<Team | undefined>;
  get(id: string): Promise<Team | undefined>;
  list(orgId: string): Promise<readonly Team[]>;
}

export interface ChannelRepository {
  /** Re-linking a channel replaces its team. */
  link(l: { channelId: string; orgId: string; teamId: string; linkedBy: string }): Promise<void>;
  teamFor(channelId: string): Promise<Team | undefined>;
}

export interface MemberRepository {
  /** A user acts for one team per org: joining another replaces it. */
  join(orgId: string, userId: string, teamId: string): Promise<void>;
  teamFor(orgId: string, userId: string): Promise<Team | undefined>;
  /** Platform user ids of the team's members. */
  ofTeam(teamId: string): Promise<readonly string[]>;
}

export interface TeamTreeRepository {
  add(teamId: string, treeId: string): Promise<void>;
  list(teamId: string): Promise<readonly string[]>;
  /** Team id -> the trees it tracks, for every team of the org (teams that track none are absent). */
  forOrg(orgId: string): Promise<ReadonlyMap<string, readonly string[]>>;
}

export interface EventRepository {
  /** Ordered by `at`, then id; `until` is inclusive. */
  forTeam(teamId: string, until?: Date): Promise<readonly StoredEvent[]>;
  /** Team id -> ordered events; teams without events are absent. */
  forOrg(orgId: string, until?: Date): Promise<ReadonlyMap<string, readonly StoredEvent[]>>;
  /**
   * Team id -> ordered events as the engine replays them: kind, node, time and skip reason only
   * (no ids, actors, platforms or keys), node ids and kinds shared rather than one string per
   * row. For org-wide reads such as the digest, where full rows of every team's history would
   * be most of the memory. `until` is inclusive; teams without events are absent.
   */
  historyForOrg(orgId: string, until?: Date): Promise<ReadonlyMap<string, readonly ProgressEvent[]>>;
  /**
   * Runs `fn` in a write transaction that serialises writers of one team, so a read-decide-append
   * inside it is atomic. On SQLite `fn` may run again after a lock timeout: touch the database only
   * through `tx`, and keep other side effects out of it.
   */
  writeTeam<T>(teamId: string, fn: (tx: TeamWriter) => Promise<T>): Promise<T>;
}

export interface CouncilRepository {
  /** One council per channel: returns the existing one when the channel already has one. */
  create(orgId: string, channelId: string, platform: string): Promise<Council>;
  get(id: string): Promise<Council | undefined>;
  forChannel(channelId: string): Promise<Council | undefined>;
  list(): Promise<readonly Council[]>;
  listForOrg(orgId: string): Promise<readonly Council[]>;
  update(id: string, patch: CouncilPatch): Promise<Council | undefined>;
  /** Deletes the council and its runs; false when there was none. */
  remove(id: string): Promise<boolean>;
  addTeam(councilId: string, teamId: string): Promise<void>;
  removeTeam(councilId: string, teamId: string): Promise<void>;
  teams(councilId: string): Promise<readonly string[]>;
  setTrees(councilId: string, treeIds: readonly string[]): Promise<void>;
  trees(councilId: string): Promise<readonly string[]>;
}

export interface DigestRunRepository {
  /**
   * Insert-or-return-existing on (council, period): never two rows. `claimed` is true for the
   * caller that should produce the digest: the first one, or the retry of a failed or stale run.
   */
  claim(councilId: string, periodKey: string, settings: unknown, opts?: ClaimOptions): Promise<{ claimed: boolean; run: DigestRun }>;
  /**
   * running -> posting, only for the holder of attempt `attempt` (a later claim fences out an
   * earlier one). Undefined when the run was taken over meanwhile: do not post then.
   */
  markPosting(id: string, attempt: number): Promise<DigestRun | undefined>;
  /** Does not overwrite a run already posted. */
  markPosted(id: string, postedRef: string, payload: unknown): Promise<DigestRun | undefined>;
  /** Only a running or posting run fails; with `attempt`, only while that attempt holds it. */
  markFailed(id: string, error: unknown, attempt?: number): Promise<DigestRun | undefined>;
  get(councilId: string, periodKey: string): Promise<DigestRun | undefined>;
  /** Newest period first. */
  listForCouncil(councilId: string, limit?: number): Promise<readonly DigestRun[]>;
}

export interface ConversationRefRepository {
  /** Inserts or replaces the reference of `channelId`; a saved reference is usable again (not gone). */
  save(r: { channelId: string; platform: string; orgId: string; reference: unknown }): Promise<void>;
  get(channelId: string): Promise<StoredRef | undefined>;
  /** Marks the reference dead; false when there is none. */
  markGone(channelId: string, reason: string, at: Date): Promise<boolean>;
}

export type InboxState = 'received' | 'applied' | 'answered' | 'failed';

/** A delivery as the adapter wrote it. JSON fields are the app's own shapes; the store keeps them as they are. */
export interface NewInboxEntry {
  /** Unique across platforms: `slack:T123:command:<trigger_id>`. */
  readonly key: string;
  readonly platform: string;
  readonly conversation: unknown;
  readonly command: string;
  readonly options: unknown;
  readonly replyTo: unknown;
  /** After this the reply route no longer works (Slack's response_url: 30 minutes). */
  readonly replyBy?: Date;
  readonly receivedAt: Date;
}

export interface InboxEntry extends NewInboxEntry {
  readonly state: InboxState;
  /** Times a process took the row to work on it. */
  readonly attempts: number;
  /** Posts of the answer begun; above zero, the user may have seen an answer already. */
  readonly answerAttempts: number;
  readonly reply?: unknown;
  readonly error?: string;
  readonly leaseOwner?: string;
  readonly leaseUntil?: Date;
  readonly finishedAt?: Date;
  /**
   * What of the row could not be read back (a column that is not JSON, say after a hand edit):
   * such a row cannot be worked on. The store says so here instead of throwing, so that one bad
   * row is marked failed and does not hold up the rows behind it.
   */
  readonly unreadable?: string;
}

/** A process's right to work on a row until `until`; after that another process may take it. */
export interface Lease {
  readonly owner: string;
  readonly until: Date;
}

export interface InboxRepository {
  /** Writes the delivery, already leased to its writer; false (and nothing written) when its key is there. */
  add(entry: NewInboxEntry, lease: Lease): Promise<boolean>;
  /**
   * Takes an unfinished row whose lease is free or expired at `now`. However many processes try at
   * once, exactly one gets the row; the others get undefined.
   */
  claim(key: string, lease: Lease, now: Date): Promise<InboxEntry | undefined>;
  /** Keys of unfinished rows of `platform` that nobody holds at `now`, oldest first. */
  claimable(platform: string, now: Date, limit: number): Promise<readonly string[]>;
  /** The change is made; `reply` is what to answer. */
  markApplied(key: string, reply: unknown): Promise<boolean>;
  /** A post of the answer begins (answerAttempts + 1): from here on the user may have seen it. */
  markAnswering(key: string): Promise<boolean>;
  markAnswered(key: string, at: Date): Promise<boolean>;
  markFailed(key: string, error: string, at: Date): Promise<boolean>;
  /** Gives up `owner`'s leases on these rows, so that any process may take them at once. */
  release(keys: readonly string[], owner: string): Promise<number>;
  /** Deletes answered and failed rows finished before `before`; returns how many. */
  prune(before: Date): Promise<number>;
  get(key: string): Promise<InboxEntry | undefined>;
}

export interface Store {
  readonly dialect: DialectName;
  migrate(): Promise<MigrationOutcome>;
  /** Undoes the newest migration (operators and tests). */
  migrateDown(): Promise<MigrationOutcome>;
  /** Throws StoreError 'Unavailable' when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
  readonly orgs: OrgRepository;
  readonly teams: TeamRepository;
  readonly channels: ChannelRepository;
  readonly members: MemberRepository;
  readonly teamTrees: TeamTreeRepository;
  readonly events: EventRepository;
  readonly councils: CouncilRepository;
  readonly digestRuns: DigestRunRepository;
  readonly conversationRefs: ConversationRefRepository;
  readonly inbox: InboxRepository;
}
