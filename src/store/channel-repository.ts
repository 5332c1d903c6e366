import type { RepositoryDeps } from './repository-deps.ts';
import { toIso } from './rows.ts';
import { toTeam } from './team-repository.ts';
import type { ChannelRepository } from './types.ts';

export function createChannelRepository({ db, write }: RepositoryDeps): ChannelRepository {
  return {
    link: (l) =>
      write(async (trx) => {
        const row = { channel_id: l.channelId, org_id: l.orgId, team_id: l.teamId, linked_by: l.linkedBy, linked_at: toIso(new Date()) };
        await trx.insertInto('channel_links').values(row)
          .onConflict((oc) => oc.column('channel_id').doUpdateSet({
            org_id: row.org_id, team_id: row.team_id, linked_by: row.linked_by, linked_at: row.linked_at,
          }))
          .execute();
      }),

    teamFor: async (channelId) => {
      const row = await db.selectFrom('channel_links')
        .innerJoin('teams', 'teams.id', 'channel_links.team_id')
        .selectAll('teams')
        .where('channel_links.channel_id', '=', channelId)
        .executeTakeFirst();
      return row && toTeam(row);
    },
  };
}
