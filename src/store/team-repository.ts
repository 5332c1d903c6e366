import type { Selectable } from 'kysely';
import type { RepositoryDeps } from './repository-deps.ts';
import { fromIso, newId, teamSlug, toIso } from './rows.ts';
import type { TeamsTable } from './schema.ts';
import { StoreError } from './store-error.ts';
import type { Team, TeamRepository } from './types.ts';

export function createTeamRepository({ db, write }: RepositoryDeps): TeamRepository {
  return {
    create: async (orgId, name, idempotencyKey) => {
      const trimmed = name.trim();
      const slug = teamSlug(trimmed);
      // The app validates names; an empty slug reaching the store is a bug, not a user error.
      if (slug === '') throw new RangeError(`A team name needs a letter or a digit: ${JSON.stringify(name)}`);
      return write(async (trx) => {
        // do-nothing on conflict instead of catching the violation: no driver-specific error
        // codes, and a Postgres transaction stays usable.
        const row = await trx.insertInto('teams')
          .values({ id: newId(), org_id: orgId, slug, name: trimmed, created_at: toIso(new Date()), created_by_key: idempotencyKey ?? null })
          .onConflict((oc) => oc.columns(['org_id', 'slug']).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (row) return toTeam(row);
        // Taken: by this same command run before (recovery after a crash), or by anyone else.
        const own = idempotencyKey === undefined ? undefined : await trx.selectFrom('teams').selectAll()
          .where('org_id', '=', orgId).where('slug', '=', slug).where('created_by_key', '=', idempotencyKey)
          .executeTakeFirst();
        if (own) return toTeam(own);
        throw new StoreError('Conflict', `A team with the slug "${slug}" already exists in ${orgId}`);
      });
    },

    // Slugs are stored already normalised, so normalising the text matches the slug and,
    // because a name's slug is its team's slug, the name too — case-insensitively in any
    // script, which SQLite's ASCII-only lower() could not do.
    findBySlugOrName: async (orgId, text) => {
      const slug = teamSlug(text);
      if (slug === '') return undefined;
      const row = await db.selectFrom('teams').selectAll()
        .where('org_id', '=', orgId).where('slug', '=', slug)
        .executeTakeFirst();
      return row && toTeam(row);
    },

    get: async (id) => {
      const row = await db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toTeam(row);
    },

    list: async (orgId) => {
      const rows = await db.selectFrom('teams').selectAll().where('org_id', '=', orgId).orderBy('slug').execute();
      return rows.map(toTeam);
    },
  };
}

export function toTeam(row: Selectable<TeamsTable>): Team {
  return { id: row.id, orgId: row.org_id, slug: row.slug, name: row.name, createdAt: fromIso(row.created_at) };
}
