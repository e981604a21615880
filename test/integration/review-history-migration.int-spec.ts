import { migrate } from '@ol/persistence';
import { databaseBefore, MIGRATIONS } from '../setup/migration-under-test';

const HISTORY = '20261202040000_delivery_review_history';

/**
 * The review history migration on a database with reviews made before it: each reviewed record
 * gets one event for its current review (its recorded reviewer, time and note), marked migrated;
 * claimed records get none; records keep their status and have no verifier grade.
 */
describe(`migration ${HISTORY}`, () => {
  const m = databaseBefore(HISTORY, 'reviews');

  it('migrates each reviewed record’s current review into one event, keeping who, when and why', async () => {
    const { db, one } = m;
    const { id: org } = await one<{ id: string }>(
      "INSERT INTO organisations (name, kind) VALUES ('P', 'provider') RETURNING id",
    );
    const { id: user } = await one<{ id: string }>(
      "INSERT INTO users (email, name) VALUES ('v@example.test', 'V') RETURNING id",
    );
    const { id: pid } = await one<{ id: string }>(
      "INSERT INTO partnerships (name, model, start_date, end_date) VALUES ('M', 'alliance', '2026-04-01', '2031-03-31') RETURNING id",
    );
    const { id: outcome } = await one<{ id: string }>(
      "INSERT INTO outcomes (partnership_id, code, theme, title, unit) VALUES ($1, 'J', 'Jobs', 'J', 'people') RETURNING id",
      [pid],
    );
    const insert = (ref: string, review: string) =>
      one<{ id: string }>(
        `INSERT INTO delivery_records (partnership_id, outcome_id, provider_org_id, activity_date, quantity,
           external_ref, status, reviewed_by, reviewed_at, review_note, evidence_grade)
         SELECT $1, $2, $3, '2026-05-14', 1, $4, ${review}, 'documented' RETURNING id::text`,
        [pid, outcome, org, ref],
      );
    const verified = await insert(
      'v',
      `'verified', '${user}'::uuid, '2026-06-01T10:00:00Z', 'Payroll checked'`,
    );
    const disputed = await insert(
      'd',
      `'disputed', '${user}'::uuid, '2026-06-02T11:00:00Z', 'No evidence'`,
    );
    const bare = await insert('b', `'disputed', NULL, NULL, NULL`);
    await insert('c', `'claimed', NULL, NULL, NULL`);

    expect((await migrate(m.url, MIGRATIONS)).applied).toContain(HISTORY);

    const { rows: events } = await db.query(
      `SELECT record_id::text AS "recordId", event::text, actor_id AS "actorId", note,
              evidence_grade AS "evidenceGrade", migrated, occurred_at AS "occurredAt"
         FROM delivery_record_reviews ORDER BY id`,
    );
    const created = await one<{ createdAt: Date }>(
      'SELECT created_at AS "createdAt" FROM delivery_records WHERE id = $1',
      [bare.id],
    );
    expect(events).toEqual([
      {
        recordId: verified.id,
        event: 'verified',
        actorId: user,
        note: 'Payroll checked',
        evidenceGrade: null,
        migrated: true,
        occurredAt: new Date('2026-06-01T10:00:00Z'),
      },
      {
        recordId: disputed.id,
        event: 'disputed',
        actorId: user,
        note: 'No evidence',
        evidenceGrade: null,
        migrated: true,
        occurredAt: new Date('2026-06-02T11:00:00Z'),
      },
      {
        recordId: bare.id,
        event: 'disputed',
        actorId: null,
        note: null,
        evidenceGrade: null,
        migrated: true,
        occurredAt: created.createdAt,
      },
    ]);
    const { rows: records } = await db.query(
      `SELECT external_ref AS ref, status::text, verifier_evidence_grade AS grade
         FROM delivery_records ORDER BY external_ref`,
    );
    expect(records).toEqual([
      { ref: 'b', status: 'disputed', grade: null },
      { ref: 'c', status: 'claimed', grade: null },
      { ref: 'd', status: 'disputed', grade: null },
      { ref: 'v', status: 'verified', grade: null },
    ]);
    // A new event must name its actor and, for a dispute, its reason (only migrated ones may not).
    await expect(
      db.query(
        "INSERT INTO delivery_record_reviews (partnership_id, record_id, event, actor_id) VALUES ($1, $2, 'disputed', $3)",
        [pid, verified.id, user],
      ),
    ).rejects.toThrow(/delivery_record_reviews_note_check/);
    await expect(
      db.query(
        "INSERT INTO delivery_record_reviews (partnership_id, record_id, event) VALUES ($1, $2, 'verified')",
        [pid, verified.id],
      ),
    ).rejects.toThrow(/delivery_record_reviews_actor_check/);
    // The verifier's grade belongs to a settled review only.
    await expect(
      db.query("UPDATE delivery_records SET verifier_evidence_grade = 'documented' WHERE id = $1", [
        disputed.id,
      ]),
    ).rejects.toThrow(/delivery_records_verifier_grade_check/);
  });
});
