import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import { Prisma, type Report, type ReportScope } from '../prisma-client';

/** Quantities of one outcome in one financial quarter, aggregated in SQL. Decimals as strings. */
export interface QuarterAggregate {
  outcomeId: string;
  /** First day of the financial quarter (YYYY-MM-DD). */
  quarterStart: string;
  /** Sum of every record (reversals and amendments included: the corrected total). */
  sum: string;
  /** Records other than reversals. */
  records: number;
  verifiedSum: string;
  disputedSum: string;
}

/** For mean and latest outcomes: the entries still in force (not reversed), per quarter. */
export interface EffectiveAggregate {
  outcomeId: string;
  quarterStart: string;
  count: number;
  sum: string;
  latest: string | null;
}

/** SQL aggregation of delivery records for reports, and the immutable report versions. */
@Injectable()
export class ReportRepository {
  constructor(private readonly db: Db) {}

  /**
   * Per outcome and financial quarter (financial year starting in month `fyStartMonth`): sums over
   * every record between `from` and `to`. One GROUP BY over the covering index; no rows reach JS.
   */
  quarterSums(
    partnershipId: string,
    fyStartMonth: number,
    from: string,
    to: string,
  ): Promise<QuarterAggregate[]> {
    const shift = fyStartMonth - 1;
    return this.db.client.$queryRaw<QuarterAggregate[]>`
      SELECT outcome_id::text AS "outcomeId",
             to_char(date_trunc('quarter', activity_date - make_interval(months => ${shift}::int)) + make_interval(months => ${shift}::int), 'YYYY-MM-DD') AS "quarterStart",
             sum(quantity)::text AS sum,
             (count(*) FILTER (WHERE kind <> 'reversal'))::int AS records,
             coalesce(sum(quantity) FILTER (WHERE status = 'verified'), 0)::text AS "verifiedSum",
             coalesce(sum(quantity) FILTER (WHERE status = 'disputed'), 0)::text AS "disputedSum"
        FROM delivery_records
       WHERE partnership_id = ${partnershipId}::uuid AND activity_date BETWEEN ${from}::date AND ${to}::date
       GROUP BY 1, 2`;
  }

  /** Count, sum and latest value of the records in force (not reversed), for the given outcomes. */
  effectiveAggregates(
    partnershipId: string,
    fyStartMonth: number,
    from: string,
    to: string,
    outcomeIds: string[],
  ): Promise<EffectiveAggregate[]> {
    if (outcomeIds.length === 0) return Promise.resolve([]);
    const shift = fyStartMonth - 1;
    return this.db.client.$queryRaw<EffectiveAggregate[]>`
      WITH effective AS (
        SELECT d.outcome_id, d.activity_date, d.id, d.quantity,
               date_trunc('quarter', d.activity_date - make_interval(months => ${shift}::int)) + make_interval(months => ${shift}::int) AS q
          FROM delivery_records d
         WHERE d.partnership_id = ${partnershipId}::uuid
           AND d.outcome_id = ANY(${outcomeIds}::uuid[])
           AND d.activity_date BETWEEN ${from}::date AND ${to}::date
           AND d.kind <> 'reversal'
           AND NOT EXISTS (SELECT 1 FROM delivery_records r
                            WHERE r.partnership_id = d.partnership_id AND r.corrects_id = d.id AND r.kind = 'reversal')
      )
      SELECT outcome_id::text AS "outcomeId", to_char(q, 'YYYY-MM-DD') AS "quarterStart", count(*)::int AS count,
             sum(quantity)::text AS sum,
             ((array_agg(quantity ORDER BY activity_date DESC, id DESC))[1])::text AS latest
        FROM effective
       GROUP BY outcome_id, q`;
  }

  /** Allowable cost of the latest revision of every return within the window (all providers). */
  async investment(
    partnershipId: string,
    from: string,
    to: string,
  ): Promise<{ cost: string; returns: number; fingerprint: string }> {
    const rows = await this.db.client.$queryRaw<
      { cost: string | null; returns: number; fingerprint: string | null }[]
    >`
      WITH latest AS (
        SELECT DISTINCT ON (provider_org_id, period_start) id, revision
          FROM financial_returns
         WHERE partnership_id = ${partnershipId}::uuid AND period_start >= ${from}::date AND period_end <= ${to}::date
         ORDER BY provider_org_id, period_start, revision DESC
      )
      SELECT sum(l.amount) FILTER (WHERE l.allowable)::text AS cost,
             (SELECT count(*)::int FROM latest) AS returns,
             (SELECT string_agg(id::text || ':' || revision, ',' ORDER BY id) FROM latest) AS fingerprint
        FROM latest JOIN financial_return_lines l ON l.partnership_id = ${partnershipId}::uuid AND l.return_id = latest.id`;
    const row = rows[0];
    return {
      cost: row?.cost ?? '0',
      returns: row?.returns ?? 0,
      fingerprint: row?.fingerprint ?? '',
    };
  }

  /**
   * What a new version of a report is compared with, in one statement: the id of each stored
   * version by the fingerprint of its inputs (a version with the same inputs means nothing new to
   * store), and the latest version with only the figures a restatement compares (the totals and,
   * per outcome, its id, code, actual, target, RAG and present value), cut out of the stored JSON
   * by PostgreSQL: a large report's figures are megabytes the comparison does not need. It needs
   * no fingerprint, so it can be read alongside the report's inputs.
   */
  async priorVersions(
    partnershipId: string,
    scope: ReportScope,
    start: Date,
    end: Date,
  ): Promise<{
    byFingerprint: Map<string, string>;
    latest: { id: string; version: number; figures: Record<string, unknown> } | null;
  }> {
    const rows = await this.db.client.$queryRaw<
      {
        fingerprints: Record<string, string>;
        id: string | null;
        version: number | null;
        figures: Record<string, unknown> | null;
      }[]
    >`
      WITH versions AS (
        SELECT id, version, fingerprint, figures
          FROM reports
         WHERE partnership_id = ${partnershipId}::uuid AND scope = ${scope}::report_scope
           AND period_start = ${start}::date AND period_end = ${end}::date
      )
      SELECT coalesce((SELECT jsonb_object_agg(fingerprint, id::text) FROM versions), '{}'::jsonb)
               AS fingerprints,
             l.id::text AS id, l.version,
             CASE WHEN l.id IS NULL THEN NULL ELSE jsonb_build_object(
               'totals', l.figures->'totals',
               'outcomes', coalesce((
                 SELECT jsonb_agg(jsonb_build_object(
                          'outcomeId', o->'outcomeId', 'code', o->'code', 'actual', o->'actual',
                          'target', o->'target', 'rag', o->'rag', 'presentValue', o->'presentValue')
                        ORDER BY n)
                   FROM jsonb_array_elements(l.figures->'outcomes') WITH ORDINALITY AS e(o, n)), '[]'::jsonb)
             ) END AS figures
        FROM (SELECT 1) AS one
        LEFT JOIN LATERAL (
          SELECT id, version, figures FROM versions ORDER BY version DESC LIMIT 1
        ) AS l ON true`;
    const row = rows[0];
    return {
      byFingerprint: new Map(Object.entries(row.fingerprints)),
      latest: row.id === null ? null : { id: row.id, version: row.version!, figures: row.figures! },
    };
  }

  create(
    partnershipId: string,
    data: {
      scope: ReportScope;
      periodLabel: string;
      periodStart: Date;
      periodEnd: Date;
      version: number;
      fingerprint: string;
      figures: Prisma.InputJsonValue;
      changes: Prisma.InputJsonValue | null;
      restatesId: string | null;
      runId: string | null;
    },
  ): Promise<Report> {
    const { changes, ...rest } = data;
    return this.db.client.report.create({
      data: { partnershipId, ...rest, ...(changes === null ? {} : { changes }) },
    });
  }

  /**
   * Like {@link create}, for large figures: the JSON, already serialised, is sent as one text
   * parameter cast to jsonb and not read back (Prisma's JSON argument handling and the round trip
   * of a report of a few megabytes cost more than computing it). The caller gives the id.
   *
   * `alongside`: data-modifying statements that must commit with the version (the `report.issued`
   * outbox rows, the run marked done: `NotificationRepository.recordEventSql`,
   * `RunRepository.completeSql`). They run in the same statement, so all of it commits or none of
   * it does, in one round trip and without an explicit transaction. Returns, per statement
   * alongside, how many rows it wrote.
   */
  async createLarge(
    partnershipId: string,
    data: Omit<Parameters<ReportRepository['create']>[1], 'figures'> & {
      id: string;
      figuresJson: string;
    },
    alongside: Prisma.Sql[] = [],
  ): Promise<number[]> {
    const name = (i: number) => Prisma.raw(`alongside_${i}`);
    const ctes = alongside.map((sql, i) => Prisma.sql`, ${name(i)} AS (${sql} RETURNING 1)`);
    const written = alongside.length
      ? Prisma.sql`ARRAY[${Prisma.join(alongside.map((_, i) => Prisma.sql`(SELECT count(*) FROM ${name(i)})`))}]::int[]`
      : Prisma.sql`'{}'::int[]`;
    const rows = await this.db.client.$queryRaw<{ written: number[] }[]>`
      WITH report AS (
        INSERT INTO reports (id, partnership_id, scope, period_label, period_start, period_end, version,
                             fingerprint, figures, changes, restates_id, run_id)
        VALUES (${data.id}::uuid, ${partnershipId}::uuid, ${data.scope}::report_scope, ${data.periodLabel},
                ${data.periodStart}::date, ${data.periodEnd}::date, ${data.version}::int, ${data.fingerprint},
                ${data.figuresJson}::jsonb,
                ${data.changes === null ? null : JSON.stringify(data.changes)}::jsonb,
                ${data.restatesId}::uuid, ${data.runId}::uuid)
        RETURNING id
      )${Prisma.join(ctes, '')}
      SELECT ${written} AS written FROM report`;
    return rows[0].written;
  }

  find(partnershipId: string, id: string): Promise<Report | null> {
    return this.db.client.report.findUnique({ where: { partnershipId_id: { partnershipId, id } } });
  }

  /** Versions, newest first, without their figures. */
  list(
    partnershipId: string,
    filter: { scope?: ReportScope; periodLabel?: string },
    page: { limit: number; offset: number },
  ): Promise<Omit<Report, 'figures'>[]> {
    return this.db.client.report.findMany({
      where: {
        partnershipId,
        ...(filter.scope ? { scope: filter.scope } : {}),
        ...(filter.periodLabel ? { periodLabel: filter.periodLabel } : {}),
      },
      omit: { figures: true },
      orderBy: [{ periodStart: 'desc' }, { scope: 'asc' }, { version: 'desc' }],
      take: page.limit,
      skip: page.offset,
    });
  }
}
