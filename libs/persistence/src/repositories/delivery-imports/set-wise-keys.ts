import type { Tx } from '../../db';
import type { DeliveryImport } from '../../prisma-client';

/**
 * The foreign keys of delivery_records cost one trigger query per key per row, about half the
 * time of a large move. Where the role may set `session_replication_role` (a superuser, or
 * `GRANT SET ON PARAMETER session_replication_role` on PostgreSQL 15+) and delivery_records
 * has no INSERT trigger of its own (but the period-lock one, whose check the commit makes
 * set-wise: `closedQuartersInSlices`), the keys are checked set-wise instead: the partnership's
 * outcomes, the import's provider, import row and creator are locked FOR KEY SHARE (as the
 * per-row checks would) and counted here, each slice's outcomes checked before it is moved
 * (`missingOutcomes`); row triggers are switched off for the INSERTs only. Otherwise the
 * per-row checks run. Returns whether the set-wise path is taken.
 */
export async function checkParentsSetWise(tx: Tx, current: DeliveryImport): Promise<boolean> {
  const [can] = await tx.$queryRawUnsafe<{ allowed: boolean; triggers: number }[]>(
    `SELECT current_setting('server_version_num')::int >= 150000
                AND has_parameter_privilege('session_replication_role', 'SET') AS allowed,
              (SELECT count(*)::int FROM pg_trigger
                WHERE tgrelid = 'delivery_records'::regclass AND NOT tgisinternal
                  AND (tgtype & 4) <> 0
                  -- checked set-wise by the commit itself (closed quarters)
                  AND tgname <> 'delivery_records_period_lock') AS triggers`,
  );
  if (!can?.allowed || can.triggers > 0) return false;
  // Every outcome of the partnership, so none a slice refers to can go while the import moves.
  await tx.$queryRawUnsafe(
    `SELECT 1 FROM outcomes WHERE partnership_id = $1::uuid FOR KEY SHARE`,
    current.partnershipId,
  );
  const parents = await tx.$queryRawUnsafe<{ org: number; imp: number; usr: number }[]>(
    `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM organisations WHERE id = $2::uuid FOR KEY SHARE) a) AS org,
              (SELECT count(*)::int FROM (SELECT 1 FROM delivery_imports
                 WHERE partnership_id = $1::uuid AND id = $3::uuid FOR KEY SHARE) b) AS imp,
              (SELECT count(*)::int FROM (SELECT 1 FROM users WHERE id = $4::uuid FOR KEY SHARE) c) AS usr`,
    current.partnershipId,
    current.providerOrgId,
    current.id,
    current.createdBy,
  );
  const p = parents[0];
  if (p.org !== 1 || p.imp !== 1 || (current.createdBy !== null && p.usr !== 1)) {
    // A referenced row is gone: let the per-row checks raise the usual foreign-key error.
    return false;
  }
  await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
  return true;
}

/**
 * Rows of a slice whose outcome does not exist (any that does was locked by
 * `checkParentsSetWise`: the API read the outcomes before it staged the slice).
 */
export async function missingOutcomes(
  tx: Tx,
  table: string,
  partnershipId: string,
): Promise<number> {
  const [{ missing }] = await tx.$queryRawUnsafe<{ missing: number }[]>(
    `SELECT count(*)::int AS missing FROM ${table} s
        WHERE NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.partnership_id = $1::uuid AND o.id = s.outcome_id)`,
    partnershipId,
  );
  return missing;
}
