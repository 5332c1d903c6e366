import type { RepositoryDeps } from './repository-deps.ts';
import { toIso } from './rows.ts';
import { toTeam } from './team-repository.ts';
import type { MemberRepository } from './types.ts';

export function createMemberRepository({ db, write }: RepositoryDeps): MemberRepository {
  return {
    join: (orgId, userId, teamId) =>
      write(async (trx) => {
        const joinedAt = toIso(new Date());
        await trx.insertInto('members')
          .values({ org_id: orgId, user_id: userId, team_id: teamId, joined_at: joinedAt })
          .onConflict((oc) => oc.columns(['org_id', 'user_id']).doUpdateSet({ team_id: teamId, joined_at: joinedAt }))
          .execute();
      }),

    teamFor: async (orgId, userId) => {
      const row = await db.selectFrom('members')
        .innerJoin('teams', 'teams.id', 'members.team_id')
        .selectAll('teams')
        .where('members.org_id', '=', orgId)
        .where('members.user_id', '=', userId)
        .executeTakeFirst();
      return row && toTeam(row);
    },

    ofTeam: async (teamId) => {
      const rows = await db.selectFrom('members').select('user_id').where('team_id', '=', teamId).orderBy('user_id').execute();
      return rows.map((r) => r.user_id);
    },
  };
}
