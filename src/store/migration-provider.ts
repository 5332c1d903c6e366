// Finds the migrations in `migrations/` at runtime, like Kysely's FileMigrationProvider, but by
// URL so it works under tsx and vitest alike and needs no list to keep in step with the folder.
import { readdir } from 'node:fs/promises';
import type { Migration, MigrationProvider } from 'kysely';

export const DEFAULT_MIGRATIONS_FOLDER = new URL('../../migrations/', import.meta.url);

// `0001_initial.ts`; declaration files and anything else in the folder are not migrations.
const MIGRATION_FILE = /^(\d{4}_[a-z0-9_-]+)\.(ts|js|mjs)$/;

export class FolderMigrationProvider implements MigrationProvider {
  readonly #folder: URL;

  constructor(folder: URL = DEFAULT_MIGRATIONS_FOLDER) {
    this.#folder = folder;
  }

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    const files = (await readdir(this.#folder)).sort();
    for (const file of files) {
      const name = MIGRATION_FILE.exec(file)?.[1];
      if (name === undefined || file.endsWith('.d.ts')) continue;
      if (migrations[name]) throw new Error(`Migration ${name} exists twice in ${this.#folder.pathname}`);
      const module = (await import(new URL(file, this.#folder).href)) as Partial<Migration>;
      if (typeof module.up !== 'function') {
        throw new Error(`Migration ${file} does not export an up(db) function`);
      }
      migrations[name] = { up: module.up, ...(typeof module.down === 'function' ? { down: module.down } : {}) };
    }
    return migrations;
  }
}
