import type { Tx } from '../../db';
import type { LockedQuarter } from '../period-lock.repository';

/**
 * The closed quarters of the partnership that rows of the given staging slices are dated in (one
 * probe per closed quarter and slice; nothing is read when no quarter is closed). Imports check
 * set-wise here what the delivery_records trigger checks row by row (row triggers are off while an
 * import moves rows set-wise).
 */
export async function closedQuartersInSlices(
  client: Tx,
  partnershipId: string,
  slices: readonly string[],
): Promise<LockedQuarter[]> {
  if (slices.length === 0) return [];
  const probes = slices
    .map(
      (t) =>
        `EXISTS (SELECT 1 FROM ${t} s WHERE s.activity_date BETWEEN l.period_start AND l.period_end)`,
    )
    .join(' OR ');
  return client.$queryRawUnsafe<LockedQuarter[]>(
    `SELECT quarter_label AS label, period_start::text AS start, period_end::text AS "end"
       FROM period_locks l
      WHERE l.partnership_id = $1::uuid AND l.state = 'closed' AND (${probes})
      ORDER BY l.period_start`,
    partnershipId,
  );
}
