import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { Write, WriteOne } from './write-transaction.ts';

/** What every repository is built from: reads go to `db`, writes through `write` (or `writeOne`). */
export interface RepositoryDeps {
  readonly db: Kysely<Database>;
  readonly write: Write;
  readonly writeOne: WriteOne;
}
