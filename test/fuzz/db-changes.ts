import type { Client } from 'pg';

/**
 * Counts committed row changes in every table of schema public (but the migrations record),
 * so the fuzzer can tell whether a refused request changed anything.
 *
 * Each changed row appends one row to `fuzz_changes` from an AFTER … FOR EACH ROW trigger, in
 * the writing transaction: a rolled-back write leaves nothing. (An append-only log rather than
 * one counter row: a shared counter row would serialise every writing transaction of the API
 * on its lock, changing the behaviour under test and risking lock waits between connections.)
 * The log keeps the row images, so a change undone within the same request (a claim inserted
 * and deleted again) nets out. An update of api_keys that only touches last_used_at (every
 * authenticated request records it, by design) is not counted, nor are the counters of failed
 * sign-ins (sign_in_throttles): a refused sign-in counts itself there, by design.
 */
export class ChangeCounter {
  private tables: string[] = [];

  constructor(private readonly db: Client) {}

  async install(): Promise<string[]> {
    await this.remove();
    const rows = await this.db.query<{ tablename: string }>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public'
         AND tablename NOT IN ('_prisma_migrations', 'fuzz_changes', 'sign_in_throttles')
       ORDER BY tablename`,
    );
    this.tables = rows.rows.map((r) => r.tablename);
    await this.db.query(`
      CREATE TABLE fuzz_changes (
        id bigserial PRIMARY KEY,
        tbl text NOT NULL,
        op text NOT NULL,
        old_row jsonb,
        new_row jsonb
      )`);
    await this.db.query(`
      CREATE FUNCTION fuzz_count_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO fuzz_changes (tbl, op, old_row, new_row) VALUES (TG_TABLE_NAME, TG_OP,
          CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
          CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END);
        RETURN NULL;
      END;
      $$`);
    for (const t of this.tables) {
      const table = `"${t.replace(/"/g, '""')}"`;
      if (t === 'api_keys') {
        await this.db.query(
          `CREATE TRIGGER fuzz_count_change AFTER INSERT OR DELETE ON ${table}
             FOR EACH ROW EXECUTE FUNCTION fuzz_count_change()`,
        );
        await this.db.query(
          `CREATE TRIGGER fuzz_count_change_update AFTER UPDATE ON ${table} FOR EACH ROW
             WHEN ((to_jsonb(OLD) - 'last_used_at') IS DISTINCT FROM (to_jsonb(NEW) - 'last_used_at'))
             EXECUTE FUNCTION fuzz_count_change()`,
        );
      } else {
        await this.db.query(
          `CREATE TRIGGER fuzz_count_change AFTER INSERT OR UPDATE OR DELETE ON ${table}
             FOR EACH ROW EXECUTE FUNCTION fuzz_count_change()`,
        );
      }
    }
    return this.tables;
  }

  /** The number of changes committed so far and the highest log id. */
  async read(): Promise<{ n: number; maxId: number }> {
    const r = await this.db.query<{ n: number; max: string | null }>(
      'SELECT count(*)::int AS n, max(id)::text AS max FROM fuzz_changes',
    );
    return { n: r.rows[0].n, maxId: Number(r.rows[0].max ?? 0) };
  }

  /**
   * The net change after log id `afterId`, by table: `{ "delivery_imports:INSERT": 1 }`. Row
   * images that were added and removed again (insert then delete, an update back to the same
   * values) cancel out; what is left pairs into UPDATEs, the rest are INSERTs or DELETEs.
   */
  async since(afterId: number): Promise<Record<string, number>> {
    const r = await this.db.query<{ tbl: string; old_row: string | null; new_row: string | null }>(
      `SELECT tbl, old_row::text AS old_row, new_row::text AS new_row FROM fuzz_changes
         WHERE id > $1 ORDER BY id`,
      [afterId],
    );
    const byTable = new Map<string, { added: Map<string, number>; removed: Map<string, number> }>();
    const bump = (m: Map<string, number>, k: string, d: number): void => {
      m.set(k, (m.get(k) ?? 0) + d);
    };
    for (const row of r.rows) {
      let t = byTable.get(row.tbl);
      if (!t) byTable.set(row.tbl, (t = { added: new Map(), removed: new Map() }));
      if (row.new_row !== null) bump(t.added, row.new_row, 1);
      if (row.old_row !== null) bump(t.removed, row.old_row, 1);
    }
    const out: Record<string, number> = {};
    for (const [tbl, { added, removed }] of byTable) {
      let plus = 0;
      let minus = 0;
      for (const k of new Set([...added.keys(), ...removed.keys()])) {
        const d = (added.get(k) ?? 0) - (removed.get(k) ?? 0);
        if (d > 0) plus += d;
        else minus -= d;
      }
      const updated = Math.min(plus, minus);
      if (updated > 0) out[`${tbl}:UPDATE`] = updated;
      if (plus > updated) out[`${tbl}:INSERT`] = plus - updated;
      if (minus > updated) out[`${tbl}:DELETE`] = minus - updated;
    }
    return out;
  }

  /** Drops the triggers (with their function) and the log; safe to call twice. */
  async remove(): Promise<void> {
    await this.db.query('DROP FUNCTION IF EXISTS fuzz_count_change() CASCADE');
    await this.db.query('DROP TABLE IF EXISTS fuzz_changes');
  }
}
