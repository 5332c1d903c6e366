// Progress events: append-only; a team's state is the replay of its events.
import type { Kysely, Selectable } from 'kysely';
import type { EventKind, ProgressEvent } from '../engine/types.ts';
import type { RepositoryDeps } from './repository-deps.ts';
import { fromFlag, fromIso, toFlag, toIso, toNumber } from './rows.ts';
import type { Database, ProgressEventsTable } from './schema.ts';
import type { EventRepository, NewEvent, StoredEvent, TeamWriter } from './types.ts';

export function createEventRepository({ db, write }: RepositoryDeps): EventRepository {
  return {
    forTeam: (teamId, until) => teamEvents(db, teamId, until),

    forOrg: async (orgId, until) => {
      let query = db.selectFrom('progress_events').selectAll().where('org_id', '=', orgId);
      if (until) query = query.where('at', '<=', toIso(until));
      const rows = await query.orderBy('at').orderBy('id').execute();
      const byTeam = new Map<string, StoredEvent[]>();
      for (const row of rows) {
        const events = byTeam.get(row.team_id) ?? [];
        if (events.length === 0) byTeam.set(row.team_id, events);
        events.push(toEvent(row));
      }
      return byTeam;
    },

    historyForOrg: async (orgId, until) => {
      let query = db.selectFrom('progress_events').select(['team_id', 'node_id', 'kind', 'at', 'reason']).where('org_id', '=', orgId);
      if (until) query = query.where('at', '<=', toIso(until));
      const rows = await query.orderBy('at').orderBy('id').execute();
      // The driver gives each row its own copies of the same few node ids and kinds; keep one of each.
      const shared = new Map<string, string>();
      const one = (text: string) => {
        const kept = shared.get(text);
        if (kept !== undefined) return kept;
        shared.set(text, text);
        return text;
      };
      const byTeam = new Map<string, ProgressEvent[]>();
      for (const row of rows) {
        let events = byTeam.get(row.team_id);
        if (!events) byTeam.set(one(row.team_id), (events = []));
        events.push({ kind: one(row.kind) as EventKind, nodeId: one(row.node_id), at: fromIso(row.at), ...(row.reason === null ? {} : { reason: row.reason }) });
      }
      return byTeam;
    },

    // The team id is the lock key: one team's writers queue, other teams' do not wait for them.
    writeTeam: (teamId, fn) => write((trx) => fn(teamWriter(trx, teamId)), teamId),
  };
}

async function teamEvents(db: Kysely<Database>, teamId: string, until?: Date): Promise<readonly StoredEvent[]> {
  let query = db.selectFrom('progress_events').selectAll().where('team_id', '=', teamId);
  if (until) query = query.where('at', '<=', toIso(until));
  // Two events in one millisecond keep the order they were recorded in.
  const rows = await query.orderBy('at').orderBy('id').execute();
  return rows.map(toEvent);
}

function teamWriter(trx: Kysely<Database>, teamId: string): TeamWriter {
  return {
    events: () => teamEvents(trx, teamId),

    append: async (e: NewEvent) => {
      // Appending another team's event would escape the lock that makes read-decide-append safe.
      if (e.teamId !== teamId) throw new Error(`writeTeam(${teamId}) cannot append an event of team ${e.teamId}`);
      const inserted = await trx.insertInto('progress_events')
        .values({
          org_id: e.orgId,
          team_id: e.teamId,
          node_id: e.nodeId,
          tree_id: e.treeId,
          kind: e.kind,
          actor: e.actor,
          platform: e.platform,
          at: toIso(e.at),
          force: toFlag(e.force),
          reason: e.reason ?? null,
          idempotency_key: e.idempotencyKey ?? null,
          created_at: toIso(new Date()),
        })
        // Keys are unique store-wide, so a redelivery racing from another team's lock is caught too.
        .onConflict((oc) => oc.column('idempotency_key').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { recorded: true, event: toEvent(inserted) };
      // Only the idempotency key can conflict, so a key is there.
      const earlier = await trx.selectFrom('progress_events').selectAll()
        .where('idempotency_key', '=', String(e.idempotencyKey))
        .executeTakeFirstOrThrow();
      return { recorded: false, event: toEvent(earlier) };
    },
  };
}

function toEvent(row: Selectable<ProgressEventsTable>): StoredEvent {
  return {
    id: toNumber(row.id),
    orgId: row.org_id,
    teamId: row.team_id,
    treeId: row.tree_id,
    nodeId: row.node_id,
    kind: row.kind as EventKind,
    at: fromIso(row.at),
    actor: row.actor,
    platform: row.platform,
    force: fromFlag(row.force),
    ...(row.reason === null ? {} : { reason: row.reason }),
    ...(row.idempotency_key === null ? {} : { idempotencyKey: row.idempotency_key }),
  };
}
