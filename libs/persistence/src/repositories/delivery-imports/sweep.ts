import { Db } from '../../db';
import { Prisma } from '../../prisma-client';
import type { ImportStaging } from './staging';
import { isActiveSql, movableInto } from './status-sql';

/**
 * The safety nets of imports whose process died: silent uploads are failed, slices nobody will
 * move are dropped, and imports waiting for their commit are found for the reconciler.
 */
export class ImportSweep {
  constructor(
    private readonly db: Db,
    private readonly staging: ImportStaging,
  ) {}

  /**
   * Marks failed the uploads (among `scope`) still receiving but silent for `silentForMs`: their
   * receiving process died mid-upload. Returns the ids marked. Their committed staging slices
   * stay until dropped ({@link ImportStaging.drop}); a commit run waiting for one sees it failed
   * and rolls back.
   */
  async failSilentUploads(silentForMs: number, scope: Prisma.Sql): Promise<string[]> {
    // Only uploads (receiving) fall silent: a narrower guard than the table's moves into failed.
    const rows = await this.db.client.$queryRaw<{ id: string }[]>`
      UPDATE delivery_imports
         SET status = 'failed', failure_reason = 'The upload stopped before the file was received.',
             finished_at = now(), updated_at = now()
       WHERE status = 'receiving'
         AND updated_at < now() - make_interval(secs => ${silentForMs / 1000})
         AND ${scope}
      RETURNING id::text AS id`;
    return rows.map((r) => r.id);
  }

  /**
   * Safety net for uploads whose API process died (run now and then by the worker): marks failed
   * every import still receiving but silent for `silentForMs`, so it no longer blocks its
   * provider, and drops the staging slices of every import that is no longer active (or no longer
   * exists). Returns how many imports were failed and how many imports' slices were dropped.
   */
  async sweepAbandoned(silentForMs: number): Promise<{ failed: number; dropped: number }> {
    const failed = (await this.failSilentUploads(silentForMs, Prisma.sql`true`)).length;
    const orphans = await this.db.client.$queryRaw<{ id: string }[]>`
      SELECT DISTINCT s.hex AS id
        FROM (SELECT substring(c.relname from '^import_([0-9a-f]{32})_[0-9]+$') AS hex
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'ol_staging' AND c.relkind = 'r') AS s
       WHERE s.hex IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM delivery_imports i
                          WHERE replace(i.id::text, '-', '') = s.hex
                            AND ${isActiveSql('i.status')})`;
    for (const { id } of orphans) {
      const uuid = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
      await this.staging.drop(uuid);
    }
    return { failed, dropped: orphans.length };
  }

  /**
   * Imports waiting for their commit (queued, or running) with no change for `quietForMs`: the
   * reconciler makes sure each has a commit job (a crash between queueing and enqueueing, or a
   * job lost from Redis, would otherwise leave it, and its provider, waiting for ever).
   */
  waitingForCommit(quietForMs: number): Promise<{ partnershipId: string; id: string }[]> {
    return this.db.client.$queryRaw<{ partnershipId: string; id: string }[]>`
      SELECT partnership_id::text AS "partnershipId", id::text AS id
        FROM delivery_imports
       WHERE ${movableInto('completed')}
         AND updated_at < now() - make_interval(secs => ${quietForMs / 1000})
       ORDER BY updated_at
       LIMIT 500`;
  }
}
