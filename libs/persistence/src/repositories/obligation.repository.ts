import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import { Prisma } from '../prisma-client';

/** A provider organisation of the partnership. */
export interface ObligedProvider {
  id: string;
  name: string;
}

/** An active outcome and whether it has active children. */
export interface ObligedOutcome {
  id: string;
  code: string;
  title: string;
  hasChildren: boolean;
}

/** What one provider logged for one outcome: months of the quarter, and whether before it. */
export interface DeliveryCoverage {
  providerId: string;
  outcomeId: string;
  /** `YYYY-MM` of the quarter's months with records in force. */
  monthsWithData: string[];
  /** Records in force in the quarter. */
  records: number;
  /** Whether it has records in force in the lookback before the quarter. */
  reportedBefore: boolean;
}

/** The revisions of a provider's return for a quarter. */
export interface ReturnRevisions {
  providerId: string;
  revisions: number;
  firstSubmittedAt: string;
  latestReviewStatus: string;
}

/** The window an obligations read covers. */
export interface ObligationWindow {
  /** First day of the lookback (records before the quarter say what a provider delivers). */
  lookbackStart: string;
  quarterStart: string;
  quarterEnd: string;
  /** Only what was written before this day (`YYYY-MM-DD`, exclusive, UTC) counts as arrived. */
  writtenBefore: string;
  /** Only these providers (a provider's own view); null for every provider. */
  providerIds: string[] | null;
}

/**
 * Reads for a quarter's obligations (libs/outcomes quarterObligations decides what is owed and
 * late): the partnership's providers and active outcomes, and what arrived, aggregated in SQL per
 * provider and outcome, never record by record. Unnamed statements ({@link Db.query}), outside any
 * transaction.
 */
@Injectable()
export class ObligationRepository {
  constructor(private readonly db: Db) {}

  /** The partnership's provider organisations (by name) and active outcomes (by code). */
  async parties(
    partnershipId: string,
    providerIds: string[] | null,
  ): Promise<{ providers: ObligedProvider[]; outcomes: ObligedOutcome[] }> {
    const only = providerIds
      ? Prisma.sql`AND m.organisation_id = ANY(${providerIds}::uuid[])`
      : Prisma.empty;
    const [providers, outcomes] = await Promise.all([
      this.db.query<ObligedProvider>(Prisma.sql`
        SELECT DISTINCT o.id::text AS id, o.name
          FROM members m JOIN organisations o ON o.id = m.organisation_id
         WHERE m.partnership_id = ${partnershipId}::uuid AND m.role = 'provider' ${only}
         ORDER BY o.name, id`),
      this.db.query<ObligedOutcome>(Prisma.sql`
        SELECT o.id::text AS id, o.code, o.title,
               EXISTS (SELECT 1 FROM outcomes c
                        WHERE c.partnership_id = o.partnership_id AND c.parent_id = o.id
                          AND c.archived_at IS NULL) AS "hasChildren"
          FROM outcomes o
         WHERE o.partnership_id = ${partnershipId}::uuid AND o.archived_at IS NULL
         ORDER BY o.code`),
    ]);
    return { providers, outcomes };
  }

  /**
   * Per provider and outcome with records in force between the lookback's start and the quarter's
   * end: the quarter's months covered and whether it logged any before the quarter. In force: not a
   * reversal, not reversed (by a reversal written in time), not rejected, written before
   * `writtenBefore`. Uses the (partnership, provider, activity date) index.
   */
  deliveryCoverage(partnershipId: string, window: ObligationWindow): Promise<DeliveryCoverage[]> {
    const before = Prisma.sql`(${window.writtenBefore}::date)::timestamp AT TIME ZONE 'UTC'`;
    const only = window.providerIds
      ? Prisma.sql`AND d.provider_org_id = ANY(${window.providerIds}::uuid[])`
      : Prisma.empty;
    return this.db.query<DeliveryCoverage>(Prisma.sql`
      SELECT d.provider_org_id::text AS "providerId", d.outcome_id::text AS "outcomeId",
             coalesce(array_agg(DISTINCT to_char(d.activity_date, 'YYYY-MM'))
                        FILTER (WHERE d.activity_date >= ${window.quarterStart}::date), '{}') AS "monthsWithData",
             (count(*) FILTER (WHERE d.activity_date >= ${window.quarterStart}::date))::int AS records,
             bool_or(d.activity_date < ${window.quarterStart}::date) AS "reportedBefore"
        FROM delivery_records d
       WHERE d.partnership_id = ${partnershipId}::uuid ${only}
         AND d.activity_date BETWEEN ${window.lookbackStart}::date AND ${window.quarterEnd}::date
         AND d.kind <> 'reversal' AND d.status <> 'rejected'
         AND d.created_at < ${before}
         AND NOT EXISTS (SELECT 1 FROM delivery_records r
                          WHERE r.partnership_id = d.partnership_id AND r.corrects_id = d.id
                            AND r.kind = 'reversal' AND r.created_at < ${before})
       GROUP BY 1, 2`);
  }

  /** Per provider with a return for the quarter (submitted before `writtenBefore`): its revisions. */
  returnRevisions(partnershipId: string, window: ObligationWindow): Promise<ReturnRevisions[]> {
    const before = Prisma.sql`(${window.writtenBefore}::date)::timestamp AT TIME ZONE 'UTC'`;
    const only = window.providerIds
      ? Prisma.sql`AND f.provider_org_id = ANY(${window.providerIds}::uuid[])`
      : Prisma.empty;
    return this.db.query<ReturnRevisions>(Prisma.sql`
      SELECT f.provider_org_id::text AS "providerId", count(*)::int AS revisions,
             to_char(min(f.submitted_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "firstSubmittedAt",
             ((array_agg(f.review_status ORDER BY f.revision DESC))[1])::text AS "latestReviewStatus"
        FROM financial_returns f
       WHERE f.partnership_id = ${partnershipId}::uuid ${only}
         AND f.period_start = ${window.quarterStart}::date
         AND f.submitted_at < ${before}
       GROUP BY 1`);
  }
}
