import { databaseBefore } from '../setup/migration-under-test';

const WORKFLOW = '20261202090000_finance_workflow';

/**
 * The finance workflow migration on a database with returns stored before it: what counted still
 * counts (the latest revision of each period accepted, earlier ones superseded, one migrated event
 * each), and a trigger settled without an acknowledgement before it stays as it was.
 */
describe(`migration ${WORKFLOW}`, () => {
  const m = databaseBefore(WORKFLOW, 'workflow');

  it('accepts the latest revision of each period and supersedes the earlier ones, each with a migrated event', async () => {
    const { db, one } = m;
    const { id: org } = await one<{ id: string }>(
      "INSERT INTO organisations (name, kind) VALUES ('P', 'provider') RETURNING id",
    );
    const { id: pid } = await one<{ id: string }>(
      "INSERT INTO partnerships (name, model, start_date, end_date) VALUES ('M', 'alliance', '2026-04-01', '2031-03-31') RETURNING id",
    );
    const insert = (start: string, revision: number) =>
      one<{ id: string }>(
        `INSERT INTO financial_returns (partnership_id, provider_org_id, period_start, period_end,
           period_label, revision, revenue)
         VALUES ($1, $2, $3::date, ($3::date + interval '3 months' - interval '1 day')::date, 'Q', $4, 100)
         RETURNING id::text`,
        [pid, org, start, revision],
      );
    const q1r1 = await insert('2026-04-01', 1);
    const q1r2 = await insert('2026-04-01', 2);
    const q2r1 = await insert('2026-07-01', 1);

    await m.applyIt();

    const rows = await db.query<{ id: string; review_status: string; reviewed: boolean }>(
      'SELECT id::text, review_status, reviewed_at IS NOT NULL AS reviewed FROM financial_returns',
    );
    expect(new Map(rows.rows.map((r) => [r.id, [r.review_status, r.reviewed]]))).toEqual(
      new Map([
        [q1r1.id, ['superseded', true]],
        [q1r2.id, ['accepted', true]],
        [q2r1.id, ['accepted', true]],
      ]),
    );
    const events = await db.query<{ return_id: string; event: string; migrated: boolean }>(
      'SELECT return_id::text, event::text, migrated FROM financial_return_reviews ORDER BY id',
    );
    expect(events.rows).toHaveLength(3);
    expect(events.rows.every((e) => e.migrated)).toBe(true);
    expect(new Map(events.rows.map((e) => [e.return_id, e.event]))).toEqual(
      new Map([
        [q1r1.id, 'superseded'],
        [q1r2.id, 'accepted'],
        [q2r1.id, 'accepted'],
      ]),
    );
    // Defaults after the migration: accepted returns only; settlement by two people.
    expect(
      await one('SELECT provisional_returns_count, settlement_separation FROM partnerships'),
    ).toEqual({ provisional_returns_count: false, settlement_separation: true });
    // The history is append-only, and a second open revision of a period is refused.
    await expect(db.query('DELETE FROM financial_return_reviews')).rejects.toThrow(/append-only/);
    await insert('2026-10-01', 1);
    await expect(insert('2026-10-01', 2)).rejects.toThrow(/financial_returns_one_open_revision/);
  });
});
