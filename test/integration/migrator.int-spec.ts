import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  checksumOf,
  dropDatabase,
  ensureDatabase,
  migrate,
  MigrationError,
  readMigrations,
} from '@ol/persistence';
import { newRunId, PG_BASE_URL } from '../setup/test-env';

const MIGRATIONS = join(__dirname, '..', '..', 'prisma', 'migrations');

describe('migrate (the project migrate command)', () => {
  const url = `${PG_BASE_URL}/ol_test_${newRunId()}_mig`;
  let dir: string;

  beforeAll(async () => {
    await ensureDatabase(url);
    dir = mkdtempSync(join(tmpdir(), 'ol-migrations-'));
    cpSync(MIGRATIONS, dir, { recursive: true });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase(url);
  });

  it('applies every migration once and records Prisma-compatible checksums', async () => {
    const files = await readMigrations(dir);
    const first = await migrate(url, dir);
    expect(first.applied).toEqual(files.map((f) => f.name));
    const second = await migrate(url, dir);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(files.map((f) => f.name));

    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date;
      applied_steps_count: number;
    }>(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    await client.end();
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(
      files.map((f) => [f.name, checksumOf(f.sql)]),
    );
    expect(rows.every((r) => r.finished_at instanceof Date && r.applied_steps_count === 1)).toBe(
      true,
    );
  });

  it('applies a new migration added later', async () => {
    mkdirSync(join(dir, '29991231000000_later_change'));
    writeFileSync(
      join(dir, '29991231000000_later_change', 'migration.sql'),
      'CREATE TABLE later_change (id int PRIMARY KEY);',
    );
    const result = await migrate(url, dir);
    expect(result.applied).toEqual(['29991231000000_later_change']);
  });

  it('refuses to run when an applied migration file has changed', async () => {
    appendFileSync(
      join(dir, '29991231000000_later_change', 'migration.sql'),
      '\n-- edited after it was applied\n',
    );
    await expect(migrate(url, dir)).rejects.toThrow(MigrationError);
    await expect(migrate(url, dir)).rejects.toThrow(
      /29991231000000_later_change was modified after it was applied/,
    );
  });

  it('rolls back a failing migration and records nothing for it', async () => {
    const failing = mkdtempSync(join(tmpdir(), 'ol-migrations-bad-'));
    mkdirSync(join(failing, '20000101000000_bad'));
    writeFileSync(
      join(failing, '20000101000000_bad', 'migration.sql'),
      'CREATE TABLE half_done (id int); SELECT 1/0;',
    );
    const badUrl = `${PG_BASE_URL}/ol_test_${newRunId()}_bad`;
    await ensureDatabase(badUrl);
    try {
      await expect(migrate(badUrl, failing)).rejects.toThrow(
        /20000101000000_bad failed and was rolled back: division by zero/,
      );
      const client = new Client({ connectionString: badUrl });
      await client.connect();
      const tables = await client.query(
        "SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'",
      );
      const recorded = await client.query('SELECT 1 FROM _prisma_migrations');
      await client.end();
      expect(tables.rowCount).toBe(0);
      expect(recorded.rowCount).toBe(0);
    } finally {
      await dropDatabase(badUrl);
      rmSync(failing, { recursive: true, force: true });
    }
  });
});
