import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase, ensureDatabase, migrate } from '@ol/persistence';
import { newRunId, PG_BASE_URL } from './test-env';

export const MIGRATIONS = join(__dirname, '..', '..', 'prisma', 'migrations');

/** A database of its own, migrated up to (not including) one migration, for testing that migration. */
export interface DatabaseBefore {
  readonly url: string;
  /** Connected from `beforeAll` to `afterAll`. */
  readonly db: Client;
  /** The first row of a query. */
  one<T>(sql: string, values?: unknown[]): Promise<T>;
  /** Applies the migration under test alone; the migrations applied. */
  applyIt(): Promise<string[]>;
}

/**
 * Registers the suite's hooks: a new database with every migration before `migration` applied,
 * dropped after the suite. Call at `describe` level.
 */
export function databaseBefore(migration: string, label: string): DatabaseBefore {
  const url = `${PG_BASE_URL}/ol_test_${newRunId()}_${label}`;
  let dir = '';
  const state = {
    url,
    db: undefined as unknown as Client,
    one: async <T>(sql: string, values: unknown[] = []): Promise<T> =>
      (await state.db.query(sql, values)).rows[0] as T,
    applyIt: async (): Promise<string[]> => {
      cpSync(join(MIGRATIONS, migration), join(dir, migration), { recursive: true });
      return (await migrate(url, dir)).applied;
    },
  };
  beforeAll(async () => {
    await ensureDatabase(url);
    dir = mkdtempSync(join(tmpdir(), `ol-migrations-${label}-`));
    for (const name of readdirSync(MIGRATIONS).filter((n) => n < migration)) {
      cpSync(join(MIGRATIONS, name), join(dir, name), { recursive: true });
    }
    await migrate(url, dir);
    state.db = new Client({ connectionString: url });
    await state.db.connect();
  }, 120_000); // creating and dropping a database waits for a checkpoint: slow on a busy server
  afterAll(async () => {
    await state.db?.end();
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase(url);
  }, 120_000);
  return state;
}
