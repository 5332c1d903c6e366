import type { Selectable } from 'kysely';
import type { RepositoryDeps } from './repository-deps.ts';
import { fromIso, toIso } from './rows.ts';
import type { OrgsTable } from './schema.ts';
import type { Org, OrgRepository } from './types.ts';

export function createOrgRepository({ db, write }: RepositoryDeps): OrgRepository {
  return {
    ensure: (o) =>
      write(async (trx) => {
        const row = await trx.insertInto('orgs')
          .values({ id: o.id, platform: o.platform, name: o.name, created_at: toIso(new Date()) })
          // A renamed workspace keeps its id; the name follows, the creation time does not.
          .onConflict((oc) => oc.column('id').doUpdateSet({ name: (eb) => eb.ref('excluded.name') }))
          .returningAll()
          .executeTakeFirstOrThrow();
        return toOrg(row);
      }),

    get: async (id) => {
      const row = await db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toOrg(row);
    },
  };
}

function toOrg(row: Selectable<OrgsTable>): Org {
  return { id: row.id, platform: row.platform, name: row.name, createdAt: fromIso(row.created_at) };
}
