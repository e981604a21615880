import { databaseBefore } from '../setup/migration-under-test';

const MIGRATION = '20261202030000_sroi_payback_discount_sensitivity';

/**
 * Existing partnerships keep the meaning of their settings: a rate of exactly 3.5% meant the
 * Green Book declining schedule, so those partnerships get it; every other rate is constant.
 */
describe(`migration ${MIGRATION}`, () => {
  const m = databaseBefore(MIGRATION, 'sroi');

  it('gives partnerships at exactly 0.035 the Green Book declining schedule, others a constant rate', async () => {
    const client = m.db;
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
    expect(await m.applyIt()).toEqual([MIGRATION]);
    const { rows } = await client.query<{ name: string; s: string; p: string }>(
      `SELECT name, discount_schedule::text AS s, payback_method::text AS p
           FROM partnerships ORDER BY name`,
    );
    expect(rows.map((r) => [r.name, r.s, r.p])).toEqual([
      ['Four per cent', 'constant', 'sroi_guide'],
      ['Green Book by default', 'green_book_declining', 'sroi_guide'],
      ['Zero', 'constant', 'sroi_guide'],
    ]);
  });
});
