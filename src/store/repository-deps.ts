import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { Write } from './write-transaction.ts';

/** What every repository is built from: reads go to `db`, writes through `write`. */
export interface RepositoryDeps {
  readonly db: Kysely<Database>;
  readonly write: Write;
}
