import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase, ensureDatabase, migrate } from '@ol/persistence';
import { newRunId, PG_BASE_URL } from '../setup/test-env';

const MIGRATIONS = join(__dirname, '..', '..', 'prisma', 'migrations');
const MIGRATION = '20261202030000_sroi_payback_discount_sensitivity';

/**
 * Existing partnerships keep the meaning of their settings: a rate of exactly 3.5% meant the
 * Green Book declining schedule, so those partnerships get it; every other rate is constant.
 */
describe(`migration ${MIGRATION}`, () => {
  const url = `${PG_BASE_URL}/ol_test_${newRunId()}_sroi`;
  let dir: string;

  beforeAll(async () => {
    await ensureDatabase(url);
    dir = mkdtempSync(join(tmpdir(), 'ol-migrations-sroi-'));
    // Every migration before this one.
    for (const name of readdirSync(MIGRATIONS).filter((n) => n < MIGRATION)) {
      cpSync(join(MIGRATIONS, name), join(dir, name), { recursive: true });
    }
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase(url);
  });

  it('gives partnerships at exactly 0.035 the Green Book declining schedule, others a constant rate', async () => {
    await migrate(url, dir);
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      for (const [name, rate] of [
        ['Green Book by default', '0.0350'],
        ['Four per cent', '0.0400'],
        ['Zero', '0'],
      ]) {
        await client.query(
          `INSERT INTO partnerships (name, model, start_date, end_date, discount_rate)
           VALUES ($1, 'alliance', '2026-04-01', '2031-03-31', $2)`,
          [name, rate],
        );
      }
      cpSync(join(MIGRATIONS, MIGRATION), join(dir, MIGRATION), { recursive: true });
      expect((await migrate(url, dir)).applied).toEqual([MIGRATION]);
      const { rows } = await client.query<{ name: string; s: string; p: string }>(
        `SELECT name, discount_schedule::text AS s, payback_method::text AS p
           FROM partnerships ORDER BY name`,
      );
      expect(rows.map((r) => [r.name, r.s, r.p])).toEqual([
        ['Four per cent', 'constant', 'sroi_guide'],
        ['Green Book by default', 'green_book_declining', 'sroi_guide'],
        ['Zero', 'constant', 'sroi_guide'],
      ]);
    } finally {
      await client.end();
    }
  });
});
