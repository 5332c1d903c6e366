// Councils: a channel that receives the digest, its schedule, and the teams and trees it covers.
import type { Kysely, Selectable } from 'kysely';
import type { RepositoryDeps } from './repository-deps.ts';
import { fromIso, newId, toIso } from './rows.ts';
import type { CouncilsTable, Database } from './schema.ts';
import type { Council, CouncilRepository } from './types.ts';

export function createCouncilRepository({ db, write }: RepositoryDeps): CouncilRepository {
  // Reads after a write go to `db` once the write has committed: inside `write` only `trx` may
  // be used (SQLite has one connection, and it is held by the transaction).
  const byId = async (id: string) => (await hydrate(db, await db.selectFrom('councils').selectAll().where('id', '=', id).execute()))[0];

  const touch = (trx: Kysely<Database>, id: string) =>
    trx.updateTable('councils').set({ updated_at: toIso(new Date()) }).where('id', '=', id).execute();

  return {
    create: async (orgId, channelId, platform) => {
      await write(async (trx) => {
        const now = toIso(new Date());
        // Schedule and stall defaults come from the table, so they live in one place.
        await trx.insertInto('councils')
          .values({ id: newId(), org_id: orgId, channel_id: channelId, platform, created_at: now, updated_at: now })
          .onConflict((oc) => oc.column('channel_id').doNothing())
          .execute();
      });
      const rows = await db.selectFrom('councils').selectAll().where('channel_id', '=', channelId).execute();
      const [council] = await hydrate(db, rows);
      if (!council) throw new Error(`Council for ${channelId} vanished right after it was created`);
      return council;
    },

    get: byId,

    forChannel: async (channelId) =>
      (await hydrate(db, await db.selectFrom('councils').selectAll().where('channel_id', '=', channelId).execute()))[0],

    list: async () => hydrate(db, await db.selectFrom('councils').selectAll().orderBy('created_at').orderBy('id').execute()),

    listForOrg: async (orgId) =>
      hydrate(db, await db.selectFrom('councils').selectAll().where('org_id', '=', orgId).orderBy('created_at').orderBy('id').execute()),

    update: async (id, patch) => {
      await write((trx) =>
        trx.updateTable('councils')
          .set({
            updated_at: toIso(new Date()),
            ...(patch.cron === undefined ? {} : { cron: patch.cron }),
            ...(patch.timeZone === undefined ? {} : { time_zone: patch.timeZone }),
            ...(patch.stallDays === undefined ? {} : { stall_days: patch.stallDays }),
            ...(patch.setUpBy === undefined ? {} : { set_up_by: patch.setUpBy }),
            ...(patch.paused === undefined ? {} : { paused_at: patch.paused ? toIso(patch.paused.at) : null, pause_reason: patch.paused?.reason ?? null }),
          })
          .where('id', '=', id)
          .execute());
      return byId(id);
    },

    remove: async (id) => {
      // Its runs, teams and trees go with it (on delete cascade, foreign keys are on in both databases).
      const deleted = await write((trx) => trx.deleteFrom('councils').where('id', '=', id).executeTakeFirst());
      return Number(deleted.numDeletedRows) > 0;
    },

    addTeam: (councilId, teamId) =>
      write(async (trx) => {
        await trx.insertInto('council_teams').values({ council_id: councilId, team_id: teamId })
          .onConflict((oc) => oc.columns(['council_id', 'team_id']).doNothing())
          .execute();
        await touch(trx, councilId);
      }),

    removeTeam: (councilId, teamId) =>
      write(async (trx) => {
        await trx.deleteFrom('council_teams').where('council_id', '=', councilId).where('team_id', '=', teamId).execute();
        await touch(trx, councilId);
      }),

    teams: async (councilId) =>
      (await db.selectFrom('council_teams').select('team_id').where('council_id', '=', councilId).orderBy('team_id').execute())
        .map((r) => r.team_id),

    setTrees: (councilId, treeIds) =>
      write(async (trx) => {
        await trx.deleteFrom('council_trees').where('council_id', '=', councilId).execute();
        const unique = [...new Set(treeIds)];
        if (unique.length > 0) {
          await trx.insertInto('council_trees').values(unique.map((tree_id) => ({ council_id: councilId, tree_id }))).execute();
        }
        await touch(trx, councilId);
      }),

    trees: async (councilId) =>
      (await db.selectFrom('council_trees').select('tree_id').where('council_id', '=', councilId).orderBy('tree_id').execute())
        .map((r) => r.tree_id),
  };
}

/** Attaches covered teams and trees with two queries, however many councils there are. */
async function hydrate(db: Kysely<Database>, rows: readonly Selectable<CouncilsTable>[]): Promise<Council[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [teams, trees] = await Promise.all([
    db.selectFrom('council_teams').select(['council_id', 'team_id']).where('council_id', 'in', ids).orderBy('team_id').execute(),
    db.selectFrom('council_trees').select(['council_id', 'tree_id']).where('council_id', 'in', ids).orderBy('tree_id').execute(),
  ]);
  return rows.map((row) => ({
    id: row.id,
    orgId: row.org_id,
    channelId: row.channel_id,
    platform: row.platform,
    cron: row.cron,
    timeZone: row.time_zone,
    stallDays: Number(row.stall_days),
    teamIds: teams.filter((t) => t.council_id === row.id).map((t) => t.team_id),
    treeIds: trees.filter((t) => t.council_id === row.id).map((t) => t.tree_id),
    createdAt: fromIso(row.created_at),
    updatedAt: fromIso(row.updated_at),
    ...(row.set_up_by === null ? {} : { setUpBy: row.set_up_by }),
    ...(row.paused_at === null ? {} : { pausedAt: fromIso(row.paused_at) }),
    ...(row.pause_reason === null ? {} : { pauseReason: row.pause_reason }),
  }));
}
