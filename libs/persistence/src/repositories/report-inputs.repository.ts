import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import { Prisma, type ReportScope } from '../prisma-client';
import { inputsOf, REPORT_INPUTS, type InputsRow } from './report-inputs.sql';
import type { EffectiveAggregate, QuarterAggregate, ReportReads } from './report-reads';

/** What a report is built from: SQL aggregates of delivery records and the other reads. */
@Injectable()
export class ReportInputsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Per outcome, financial quarter (from month `fyStartMonth`) and review status — in the window
   * per provider too —: count and sum of the records in force between `from` and `to` (a reversal
   * and what it reverses count nowhere). One GROUP BY; unnamed ({@link Db.query}), outside any
   * transaction.
   */
  quarterSums(
    partnershipId: string,
    fyStartMonth: number,
    from: string,
    to: string,
    /** The window's first day: from it on, the sums are per provider too. */
    windowStart: string,
  ): Promise<QuarterAggregate[]> {
    const shift = fyStartMonth - 1;
    return this.db.query<QuarterAggregate>(Prisma.sql`
      SELECT d.outcome_id::text AS "outcomeId",
             to_char(date_trunc('quarter', d.activity_date - make_interval(months => ${shift}::int)) + make_interval(months => ${shift}::int), 'YYYY-MM-DD') AS "quarterStart",
             CASE WHEN d.activity_date >= ${windowStart}::date THEN d.provider_org_id::text END AS "providerId",
             (count(*) FILTER (WHERE d.status = 'verified'))::int AS "verifiedRecords",
             coalesce(sum(d.quantity) FILTER (WHERE d.status = 'verified'), 0)::text AS "verifiedSum",
             (count(*) FILTER (WHERE d.status = 'claimed'))::int AS "claimedRecords",
             coalesce(sum(d.quantity) FILTER (WHERE d.status = 'claimed'), 0)::text AS "claimedSum",
             (count(*) FILTER (WHERE d.status = 'disputed'))::int AS "disputedRecords",
             coalesce(sum(d.quantity) FILTER (WHERE d.status = 'disputed'), 0)::text AS "disputedSum"
        FROM delivery_records d
       WHERE d.partnership_id = ${partnershipId}::uuid AND d.activity_date BETWEEN ${from}::date AND ${to}::date
         AND d.kind <> 'reversal'
         AND NOT EXISTS (SELECT 1 FROM delivery_records r
                          WHERE r.partnership_id = d.partnership_id AND r.corrects_id = d.id AND r.kind = 'reversal')
       GROUP BY 1, 2, 3`);
  }

  /** The names of organisations (providers no longer members, for value by provider). */
  organisationNames(ids: string[]): Promise<{ id: string; name: string }[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.query(Prisma.sql`
      SELECT id::text, name FROM organisations WHERE id = ANY(${ids}::uuid[])`);
  }

  /**
   * Everything else a report reads, to run alongside {@link quarterSums}: outcomes (archived too),
   * targets, proxies with versions and overrides, the open book, the price index, sensitivity and
   * the stored versions ({@link PriorVersions}) in one prepared statement; then the records in
   * force of mean and latest outcomes ({@link effectiveAggregates}). Decimals and dates as the
   * fingerprints of stored versions expect them (docs/adr/0018).
   */
  async reportInputs(
    partnershipId: string,
    window: {
      fyStartMonth: number;
      /** Aggregates from the first day of the trend quarters to `end`. */
      from: string;
      start: string;
      end: string;
      scope: ReportScope;
    },
  ): Promise<ReportReads> {
    const rows = await this.db.prepared<InputsRow>('ReportRepository.reportInputs', {
      text: REPORT_INPUTS,
      values: [partnershipId, window.start, window.end, window.scope],
    });
    const inputs = inputsOf(rows[0]);
    const nonSum = inputs.outcomes.filter((o) => o.aggregation !== 'sum').map((o) => o.id);
    const effective = await this.effectiveAggregates(
      partnershipId,
      window.fyStartMonth,
      window.from,
      window.end,
      nonSum,
    );
    return { ...inputs, effective };
  }

  /**
   * Count, sum and latest value of the records in force (not reversed), per review status, for
   * the given outcomes.
   * Unnamed ({@link Db.query}), as {@link quarterSums}.
   */
  effectiveAggregates(
    partnershipId: string,
    fyStartMonth: number,
    from: string,
    to: string,
    outcomeIds: string[],
  ): Promise<EffectiveAggregate[]> {
    if (outcomeIds.length === 0) return Promise.resolve([]);
    const shift = fyStartMonth - 1;
    return this.db.query<EffectiveAggregate>(Prisma.sql`
      WITH effective AS (
        SELECT d.outcome_id, d.activity_date, d.id, d.quantity, d.status,
               date_trunc('quarter', d.activity_date - make_interval(months => ${shift}::int)) + make_interval(months => ${shift}::int) AS q
          FROM delivery_records d
         WHERE d.partnership_id = ${partnershipId}::uuid
           AND d.outcome_id = ANY(${outcomeIds}::uuid[])
           AND d.activity_date BETWEEN ${from}::date AND ${to}::date
           AND d.kind <> 'reversal' AND d.status <> 'rejected'
           AND NOT EXISTS (SELECT 1 FROM delivery_records r
                            WHERE r.partnership_id = d.partnership_id AND r.corrects_id = d.id AND r.kind = 'reversal')
      )
      SELECT outcome_id::text AS "outcomeId", to_char(q, 'YYYY-MM-DD') AS "quarterStart",
             status::text AS status, count(*)::int AS count, sum(quantity)::text AS sum,
             ((array_agg(quantity ORDER BY activity_date DESC, id DESC))[1])::text AS latest,
             to_char(max(activity_date), 'YYYY-MM-DD') AS "latestAt"
        FROM effective
       GROUP BY outcome_id, q, status`);
  }

  /**
   * Who reported each of `outcomeIds` between `from` and `before` (exclusive): the providers a
   * report expects data from when an outcome has none. Read only for such outcomes, over the
   * report index.
   */
  reporters(
    partnershipId: string,
    outcomeIds: string[],
    from: string,
    before: string,
  ): Promise<{ outcomeId: string; providerId: string; name: string }[]> {
    if (outcomeIds.length === 0) return Promise.resolve([]);
    return this.db.query(Prisma.sql`
      SELECT r.outcome_id::text AS "outcomeId", r.provider_org_id::text AS "providerId", org.name
        FROM (SELECT DISTINCT outcome_id, provider_org_id FROM delivery_records
               WHERE partnership_id = ${partnershipId}::uuid AND outcome_id = ANY(${outcomeIds}::uuid[])
                 AND activity_date >= ${from}::date AND activity_date < ${before}::date) r
        JOIN organisations org ON org.id = r.provider_org_id
       ORDER BY r.outcome_id, org.name`);
  }
}
