import type { RepositoryDeps } from './repository-deps.ts';
import { toIso } from './rows.ts';
import type { TeamTreeRepository } from './types.ts';

export function createTeamTreeRepository({ db, write }: RepositoryDeps): TeamTreeRepository {
  return {
    add: (teamId, treeId) =>
      write(async (trx) => {
        await trx.insertInto('team_trees')
          .values({ team_id: teamId, tree_id: treeId, added_at: toIso(new Date()) })
          .onConflict((oc) => oc.columns(['team_id', 'tree_id']).doNothing())
          .execute();
      }),

    list: async (teamId) => {
      const rows = await db.selectFrom('team_trees').select('tree_id')
        .where('team_id', '=', teamId)
        .orderBy('added_at').orderBy('tree_id')
        .execute();
      return rows.map((r) => r.tree_id);
    },

    forOrg: async (orgId) => {
      const rows = await db.selectFrom('team_trees').innerJoin('teams', 'teams.id', 'team_trees.team_id')
        .select(['team_trees.team_id', 'team_trees.tree_id'])
        .where('teams.org_id', '=', orgId)
        .orderBy('team_trees.added_at').orderBy('team_trees.tree_id')
        .execute();
      const byTeam = new Map<string, string[]>();
      for (const r of rows) byTeam.set(r.team_id, [...(byTeam.get(r.team_id) ?? []), r.tree_id]);
      return byTeam;
    },
  };
}
