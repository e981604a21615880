import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Db } from '../db';
import type { ReportScope, ReportStatus } from '../enums';
import type { InputJsonValue } from '../json';
import { Prisma, type Report as ReportRow } from '../prisma-client';
import { dateOfDay } from '../util/dates';
import {
  toReport,
  toReportSummary,
  type Report,
  type ReportKey,
  type ReportSummary,
} from './report.mapper';

/** The immutable report versions and which of them is current. */
@Injectable()
export class ReportRepository {
  constructor(private readonly db: Db) {}

  async create(
    partnershipId: string,
    data: {
      scope: ReportScope;
      periodLabel: string;
      /** YYYY-MM-DD. */
      periodStart: string;
      /** YYYY-MM-DD. */
      periodEnd: string;
      version: number;
      fingerprint: string;
      figures: InputJsonValue;
      changes: InputJsonValue | null;
      restatesId: string | null;
      runId: string | null;
      status?: ReportStatus;
    },
  ): Promise<Report> {
    const { changes, periodStart, periodEnd, ...rest } = data;
    const row = await this.db.client.report.create({
      data: {
        partnershipId,
        ...rest,
        periodStart: dateOfDay(periodStart),
        periodEnd: dateOfDay(periodEnd),
        ...(changes === null ? {} : { changes }),
      },
    });
    return toReport(row);
  }

  /**
   * Like {@link create}, for large figures (already serialised, not read back; the caller gives the
   * id), and the version made current. `alongside`: statements that must commit with it (the
   * `report.issued` outbox rows, the run marked done), run in the same prepared statement. Returns,
   * per statement alongside, how many rows it wrote. Why one statement: docs/adr/0018.
   */
  async createLarge(
    partnershipId: string,
    data: Omit<Parameters<ReportRepository['create']>[1], 'figures'> & {
      id: string;
      figuresJson: string;
      /** What a later version compares with (see ComparedFigures), as JSON. */
      comparedJson: string;
    },
    alongside: Prisma.Sql[] = [],
  ): Promise<number[]> {
    // The days go as Dates, as they always have: the statement's parameters stay the same.
    const periodStart = dateOfDay(data.periodStart);
    const periodEnd = dateOfDay(data.periodEnd);
    const name = (i: number) => Prisma.raw(`alongside_${i}`);
    const ctes = alongside.map((sql, i) => Prisma.sql`, ${name(i)} AS (${sql} RETURNING 1)`);
    const written = alongside.length
      ? Prisma.sql`ARRAY[${Prisma.join(alongside.map((_, i) => Prisma.sql`(SELECT count(*) FROM ${name(i)})`))}]::int[]`
      : Prisma.sql`'{}'::int[]`;
    const statement = Prisma.sql`
      WITH report AS (
        INSERT INTO reports (id, partnership_id, scope, period_label, period_start, period_end, version,
                             fingerprint, figures, compared, changes, restates_id, run_id, status)
        VALUES (${data.id}::uuid, ${partnershipId}::uuid, ${data.scope}::report_scope, ${data.periodLabel},
                ${periodStart}::date, ${periodEnd}::date, ${data.version}::int, ${data.fingerprint},
                ${data.figuresJson}::json, ${data.comparedJson}::jsonb,
                ${data.changes === null ? null : JSON.stringify(data.changes)}::jsonb,
                ${data.restatesId}::uuid, ${data.runId}::uuid, ${data.status ?? 'final'}::report_status)
        RETURNING id
      ), current AS (
        INSERT INTO current_reports (partnership_id, scope, period_start, period_end, report_id)
        SELECT ${partnershipId}::uuid, ${data.scope}::report_scope, ${periodStart}::date,
               ${periodEnd}::date, id FROM report
        ON CONFLICT (partnership_id, scope, period_start, period_end)
          DO UPDATE SET report_id = EXCLUDED.report_id, updated_at = now()
        RETURNING 1
      )${Prisma.join(ctes, '')}
      SELECT ${written} AS written FROM report`;
    const hash = createHash('sha256').update(statement.text).digest('hex').slice(0, 16);
    const rows = await this.db.prepared<{ written: number[] }>(
      `ReportRepository.createLarge:${hash}`,
      statement,
    );
    return rows[0].written;
  }

  /**
   * Makes an existing version the report's current one (its inputs are the current inputs again,
   * e.g. a setting switched away and back).
   */
  async setCurrent(partnershipId: string, key: ReportKey, reportId: string): Promise<void> {
    const [periodStart, periodEnd] = [dateOfDay(key.periodStart), dateOfDay(key.periodEnd)];
    await this.db.client.$executeRaw`
      INSERT INTO current_reports (partnership_id, scope, period_start, period_end, report_id)
      VALUES (${partnershipId}::uuid, ${key.scope}::report_scope, ${periodStart}::date,
              ${periodEnd}::date, ${reportId}::uuid)
      ON CONFLICT (partnership_id, scope, period_start, period_end)
        DO UPDATE SET report_id = EXCLUDED.report_id, updated_at = now()`;
  }

  /** The current version of a report (scope and period), or null when it has none. */
  async findCurrent(partnershipId: string, key: ReportKey): Promise<Report | null> {
    // One statement: the current pointer and its version (what a board's page reads most).
    const rows = await this.db.client.$queryRaw<ReportRow[]>`
      SELECT r.partnership_id::text AS "partnershipId", r.id::text AS id, r.scope::text AS scope,
             r.period_label AS "periodLabel", r.period_start AS "periodStart",
             r.period_end AS "periodEnd", r.version, r.fingerprint, r.figures, r.compared,
             r.changes, r.restates_id::text AS "restatesId", r.run_id::text AS "runId",
             r.status::text AS status, r.created_at AS "createdAt"
        FROM current_reports c
        JOIN reports r ON r.partnership_id = c.partnership_id AND r.id = c.report_id
       WHERE c.partnership_id = ${partnershipId}::uuid AND c.scope = ${key.scope}::report_scope
         AND c.period_start = ${key.periodStart}::date AND c.period_end = ${key.periodEnd}::date`;
    return rows[0] ? toReport(rows[0]) : null;
  }

  /** Which of these version ids are current. */
  async currentOf(partnershipId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.client.currentReport.findMany({
      where: { partnershipId, reportId: { in: ids } },
      select: { reportId: true },
    });
    return new Set(rows.map((r) => r.reportId));
  }

  /**
   * The reports (scope and period label) with a current version whose window covers any of these
   * dates: late data for them must restate them (a quarter, the years to date and the since-start
   * reports of later quarters).
   */
  covering(
    partnershipId: string,
    dates: string[],
  ): Promise<{ scope: ReportScope; periodLabel: string }[]> {
    if (dates.length === 0) return Promise.resolve([]);
    return this.db.client.$queryRaw<{ scope: ReportScope; periodLabel: string }[]>`
      SELECT DISTINCT r.scope, r.period_label AS "periodLabel"
        FROM current_reports c
        JOIN reports r ON r.partnership_id = c.partnership_id AND r.id = c.report_id
       WHERE c.partnership_id = ${partnershipId}::uuid
         AND EXISTS (SELECT 1 FROM unnest(${dates}::date[]) AS d(day)
                      WHERE d.day BETWEEN c.period_start AND c.period_end)
       ORDER BY 1, 2`;
  }

  /** Every report (scope and period) that has a current version. */
  currentAll(partnershipId: string): Promise<{ scope: ReportScope; periodLabel: string }[]> {
    return this.db.client.$queryRaw<{ scope: ReportScope; periodLabel: string }[]>`
      SELECT r.scope, r.period_label AS "periodLabel"
        FROM current_reports c
        JOIN reports r ON r.partnership_id = c.partnership_id AND r.id = c.report_id
       WHERE c.partnership_id = ${partnershipId}::uuid
       ORDER BY 1, 2`;
  }

  async find(partnershipId: string, id: string): Promise<Report | null> {
    const row = await this.db.client.report.findUnique({
      where: { partnershipId_id: { partnershipId, id } },
    });
    return row && toReport(row);
  }

  /**
   * Versions, newest first, without their figures, each marked whether it is its report's current
   * version: one statement for a report list.
   */
  async listMarked(
    partnershipId: string,
    filter: { scope?: ReportScope; periodLabel?: string },
    page: { limit: number; offset: number },
  ): Promise<(ReportSummary & { current: boolean })[]> {
    const rows = await this.db.client.$queryRaw<
      (Omit<ReportRow, 'figures'> & { current: boolean })[]
    >`
      SELECT r.partnership_id::text AS "partnershipId", r.id::text AS id, r.scope::text AS scope,
             r.period_label AS "periodLabel", r.period_start AS "periodStart",
             r.period_end AS "periodEnd", r.version, r.fingerprint, r.compared, r.changes,
             r.restates_id::text AS "restatesId", r.run_id::text AS "runId",
             r.status::text AS status, r.created_at AS "createdAt",
             (c.report_id IS NOT NULL) AS current
        FROM reports r
        LEFT JOIN current_reports c ON c.partnership_id = r.partnership_id AND c.report_id = r.id
       WHERE r.partnership_id = ${partnershipId}::uuid
         AND (${filter.scope ?? null}::report_scope IS NULL OR r.scope = ${filter.scope ?? null}::report_scope)
         AND (${filter.periodLabel ?? null}::text IS NULL OR r.period_label = ${filter.periodLabel ?? null}::text)
       ORDER BY r.period_start DESC, r.scope ASC, r.version DESC
       LIMIT ${page.limit} OFFSET ${page.offset}`;
    return rows.map((row) => ({ ...toReportSummary(row), current: row.current }));
  }

  /**
   * The current quarter versions' headline totals up to `until` (a quarter's end date), the last
   * `limit` quarters in order: read from each version's `compared` totals, not its figures.
   */
  trend(partnershipId: string, until: string | null, limit: number): Promise<ReportTrendRow[]> {
    return this.db.client.$queryRaw<ReportTrendRow[]>`
      SELECT period, "periodStart", "reportId", version, "presentValue", "sroiRatio" FROM (
        SELECT r.period_label AS period, to_char(c.period_start, 'YYYY-MM-DD') AS "periodStart",
               r.id::text AS "reportId", r.version,
               r.compared->'totals'->>'presentValue' AS "presentValue",
               r.compared->'totals'->>'sroiRatio' AS "sroiRatio"
          FROM current_reports c
          JOIN reports r ON r.partnership_id = c.partnership_id AND r.id = c.report_id
         WHERE c.partnership_id = ${partnershipId}::uuid AND c.scope = 'quarter'
           AND (${until}::date IS NULL OR c.period_end <= ${until}::date)
         ORDER BY c.period_start DESC
         LIMIT ${limit}
      ) AS q
      ORDER BY "periodStart"`;
  }
}

/** One quarter of a trend: its current version's headline totals (decimal strings). */
export interface ReportTrendRow {
  period: string;
  periodStart: string;
  reportId: string;
  version: number;
  presentValue: string | null;
  sroiRatio: string | null;
}
