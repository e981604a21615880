import { Injectable } from '@nestjs/common';
import type { ComparedFigures, ReportSensitivitySettings } from '@ol/outcomes';
import { createHash } from 'node:crypto';
import { Db } from '../db';
import {
  Prisma,
  type OutcomeAggregation,
  type OutcomeDirection,
  type Proxy,
  type Report,
  type ValuationBasis,
  type ReportScope,
  type ReportStatus,
  type TargetPeriodKind,
} from '../prisma-client';
import { groupBy } from '../util/group-by';
import { proxyResolver, type ProxyResolver, type ProxyVersionValues } from './proxy.repository';
import {
  SENSITIVITY_SETTINGS_SQL,
  sensitivityOf,
  type SensitivityTuple,
} from './sensitivity.mapper';

/**
 * A delivery record's review status as reports read it. A rejected record (a dispute upheld)
 * counts nowhere, like a reversed one: the aggregates leave it out.
 */
export type DeliveryStatusName = 'claimed' | 'verified' | 'disputed';

/**
 * The records in force (neither a reversal nor reversed) of one outcome in one financial quarter,
 * by review status, aggregated in SQL. Decimals as strings. A reversed record counts nowhere,
 * whatever its status, nor does a rejected one (no column sums it); an amendment counts with its
 * own.
 */
export interface QuarterAggregate {
  outcomeId: string;
  /** First day of the financial quarter (YYYY-MM-DD). */
  quarterStart: string;
  /**
   * The provider whose records these are, for the report's window quarters (value by provider);
   * null for the trend quarters before the window, aggregated over every provider.
   */
  providerId: string | null;
  verifiedRecords: number;
  verifiedSum: string;
  claimedRecords: number;
  claimedSum: string;
  disputedRecords: number;
  disputedSum: string;
}

/** For mean and latest outcomes: the same, with the latest entry in force. */
export interface EffectiveAggregate {
  outcomeId: string;
  quarterStart: string;
  status: DeliveryStatusName;
  count: number;
  sum: string;
  latest: string | null;
  /** The date of the latest entry (YYYY-MM-DD). */
  latestAt: string | null;
}

/** An outcome as a report reads it; decimals as strings. */
export interface ReportOutcome {
  id: string;
  code: string;
  title: string;
  theme: string;
  unit: string;
  direction: OutcomeDirection;
  aggregation: OutcomeAggregation;
  parentId: string | null;
  isPrevention: boolean;
  baseline: string | null;
  greenThreshold: string;
  amberThreshold: string;
  /** The proxy that values the outcome; null when it is not monetised. */
  proxyId: string | null;
  /** What the proxy values (null: a score linked before bases existed, not valued). */
  valuationBasis: ValuationBasis | null;
  countOutcomeId: string | null;
  valueDisbenefits: boolean;
  stakeholder: string | null;
}

/** A target as a report reads it: dates as YYYY-MM-DD, the value as a string. */
export interface ReportTarget {
  id: string;
  outcomeId: string;
  periodKind: TargetPeriodKind;
  periodStart: string;
  periodEnd: string;
  targetValue: string;
}

/**
 * What a new version of a report is compared with: the id of each stored version by the
 * fingerprint of its inputs (a version with the same inputs means nothing new to store), the
 * highest version number, and the current version with only the figures a restatement compares
 * (the totals and, per outcome, its id, code, actual, target, RAG and present value), cut out of
 * the stored JSON by PostgreSQL: a large report's figures are megabytes the comparison does not
 * need.
 */
export interface PriorVersions {
  byFingerprint: Map<string, string>;
  maxVersion: number;
  current: {
    id: string;
    version: number;
    status: ReportStatus;
    figures: ComparedFigures;
  } | null;
}

/** A report's reads other than the sums (see {@link ReportRepository.reportInputs}). */
export interface ReportReads {
  /** Ordered by theme, then code. */
  outcomes: ReportOutcome[];
  /** Each outcome's targets, by period start then kind. */
  targetsByOutcome: Map<string, ReportTarget[]>;
  resolveProxy: ProxyResolver;
  effective: EffectiveAggregate[];
  /** The open book for the window: allowable cost, returns counted, their ids and revisions. */
  book: { cost: string; returns: number; fingerprint: string };
  /** The index series the partnership uprates with (null: none) and all its values by year. */
  priceIndex: {
    series: { id: string; code: string; name: string } | null;
    values: { year: number; value: string }[];
  };
  prior: PriorVersions;
  /** The partnership's own sensitivity cases and grid. */
  sensitivity: ReportSensitivitySettings;
  /** The names of the partnership's member organisations, by id. */
  organisationNames: Map<string, string>;
}

type Json<T extends unknown[]> = T[];

interface InputsRow {
  outcomes: Json<
    [
      string,
      string,
      string,
      string,
      string,
      OutcomeDirection,
      OutcomeAggregation,
      string | null,
      boolean,
      string | null,
      string,
      string,
      string | null,
      ValuationBasis | null,
      string | null,
      boolean,
      string | null,
    ]
  >;
  targets: Json<[string, string, TargetPeriodKind, string, string, string]>;
  proxies: Json<[string, string, string, string, string, string, string]>;
  versions: Json<VersionTuple>;
  overrides: Json<VersionTuple>;
  cost: string | null;
  returns: number;
  book: string | null;
  indexSeries: [string, string, string] | null;
  indexValues: Json<[number, string]>;
  fingerprints: Record<string, string>;
  maxVersion: number | null;
  currentId: string | null;
  currentVersion: number | null;
  currentStatus: ReportStatus | null;
  currentFigures: ComparedFigures | null;
  sensitivity: SensitivityTuple;
  members: Json<[string, string]>;
}

type VersionTuple = [
  string,
  string,
  string,
  string | null,
  string,
  string,
  number,
  string,
  string,
  string,
  string,
  number,
];

const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

function versionOf(v: VersionTuple): ProxyVersionValues {
  return {
    id: v[0],
    proxyId: v[1],
    validFrom: day(v[2]),
    validTo: v[3] === null ? null : day(v[3]),
    valuePerUnit: v[4],
    currency: v[5],
    priceYear: v[6],
    deadweight: v[7],
    attribution: v[8],
    displacement: v[9],
    dropOff: v[10],
    durationYears: v[11],
  };
}

function inputsOf(row: InputsRow): Omit<ReportReads, 'effective'> {
  const targets = row.targets.map((t): ReportTarget => ({
    id: t[0],
    outcomeId: t[1],
    periodKind: t[2],
    periodStart: t[3],
    periodEnd: t[4],
    targetValue: t[5],
  }));
  const proxies: Proxy[] = row.proxies.map((p) => ({
    id: p[0],
    code: p[1],
    name: p[2],
    unit: p[3],
    sourceCitation: p[4],
    licence: p[5],
    createdAt: new Date(p[6]),
  }));
  return {
    outcomes: row.outcomes.map((o) => ({
      id: o[0],
      code: o[1],
      title: o[2],
      theme: o[3],
      unit: o[4],
      direction: o[5],
      aggregation: o[6],
      parentId: o[7],
      isPrevention: o[8],
      baseline: o[9],
      greenThreshold: o[10],
      amberThreshold: o[11],
      proxyId: o[12],
      valuationBasis: o[13],
      countOutcomeId: o[14],
      valueDisbenefits: o[15],
      stakeholder: o[16],
    })),
    targetsByOutcome: groupBy(targets, (t) => t.outcomeId),
    resolveProxy: proxyResolver(proxies, row.versions.map(versionOf), row.overrides.map(versionOf)),
    book: { cost: row.cost ?? '0', returns: row.returns, fingerprint: row.book ?? '' },
    priceIndex: {
      series:
        row.indexSeries === null
          ? null
          : { id: row.indexSeries[0], code: row.indexSeries[1], name: row.indexSeries[2] },
      values: row.indexValues.map(([year, value]) => ({ year, value })),
    },
    sensitivity: sensitivityOf(row.sensitivity),
    organisationNames: new Map(row.members.map(([id, name]) => [id, name])),
    prior: {
      byFingerprint: new Map(Object.entries(row.fingerprints)),
      maxVersion: row.maxVersion ?? 0,
      current:
        row.currentId === null
          ? null
          : {
              id: row.currentId,
              version: row.currentVersion!,
              status: row.currentStatus!,
              figures: row.currentFigures!,
            },
    },
  };
}

/** A library version or a partnership override as a {@link VersionTuple}. */
const VERSION_TUPLE = `json_build_array(id, proxy_id, to_char(valid_from, 'YYYY-MM-DD'),
  to_char(valid_to, 'YYYY-MM-DD'), value_per_unit::text, currency, price_year, deadweight::text,
  attribution::text, displacement::text, drop_off::text, duration_years)`;

/** See {@link ReportRepository.reportInputs}: $1 partnership, $2 window start, $3 window end, $4 scope. */
const REPORT_INPUTS = `
  WITH o AS (
    SELECT o.id, o.code, o.title, o.theme, o.unit, o.direction, o.aggregation, o.parent_id,
           o.is_prevention, o.baseline_value, o.green_threshold, o.amber_threshold, v.proxy_id,
           v.basis, v.count_outcome_id, o.value_disbenefits, o.stakeholder
      FROM outcomes o
      LEFT JOIN outcome_valuations v ON v.partnership_id = o.partnership_id AND v.outcome_id = o.id
     WHERE o.partnership_id = $1::uuid
  ),
  -- The latest counting revision of each provider's period: accepted, or awaiting a decision where
  -- the partnership counts those as provisional (libs/outcomes countingReturnStatuses).
  latest AS (
    SELECT DISTINCT ON (provider_org_id, period_start) id, revision
      FROM financial_returns
     WHERE partnership_id = $1::uuid AND period_start >= $2::date AND period_end <= $3::date
       AND (review_status = 'accepted'
            OR (review_status IN ('submitted', 'queried', 'resubmitted')
                AND (SELECT provisional_returns_count FROM partnerships WHERE id = $1::uuid)))
     ORDER BY provider_org_id, period_start, revision DESC
  ),
  versions AS (
    SELECT id, version, status, fingerprint, figures, compared
      FROM reports
     WHERE partnership_id = $1::uuid AND scope = $4::report_scope
       AND period_start = $2::date AND period_end = $3::date
  )
  SELECT
    (SELECT coalesce(json_agg(json_build_array(id, code, title, theme, unit, direction, aggregation,
              parent_id, is_prevention, trim_scale(baseline_value)::text,
              trim_scale(green_threshold)::text, trim_scale(amber_threshold)::text, proxy_id,
              basis, count_outcome_id, value_disbenefits, stakeholder)
              ORDER BY theme, code), '[]') FROM o) AS outcomes,
    (SELECT coalesce(json_agg(json_build_array(id, outcome_id, period_kind,
              to_char(period_start, 'YYYY-MM-DD'), to_char(period_end, 'YYYY-MM-DD'),
              trim_scale(target_value)::text) ORDER BY period_start, period_kind), '[]')
       FROM targets WHERE partnership_id = $1::uuid) AS targets,
    (SELECT coalesce(json_agg(json_build_array(id, code, name, unit, source_citation, licence,
              created_at)), '[]')
       FROM proxies WHERE id IN (SELECT proxy_id FROM o)) AS proxies,
    (SELECT coalesce(json_agg(${VERSION_TUPLE}), '[]')
       FROM proxy_versions WHERE proxy_id IN (SELECT proxy_id FROM o)) AS versions,
    (SELECT coalesce(json_agg(${VERSION_TUPLE}), '[]')
       FROM partnership_proxy_overrides
      WHERE partnership_id = $1::uuid AND proxy_id IN (SELECT proxy_id FROM o)) AS overrides,
    (SELECT sum(l.amount) FILTER (WHERE l.allowable)::text
       FROM latest JOIN financial_return_lines l
            ON l.partnership_id = $1::uuid AND l.return_id = latest.id) AS cost,
    (SELECT count(*)::int FROM latest) AS returns,
    (SELECT string_agg(id::text || ':' || revision, ',' ORDER BY id) FROM latest) AS book,
    (SELECT json_build_array(s.id, s.code, s.name)
       FROM partnerships p JOIN index_series s ON s.id = p.price_index_series_id
      WHERE p.id = $1::uuid) AS "indexSeries",
    (SELECT coalesce(json_agg(json_build_array(x.year, trim_scale(x.value)::text) ORDER BY x.year), '[]')
       FROM partnerships p JOIN index_series_values x ON x.series_id = p.price_index_series_id
      WHERE p.id = $1::uuid) AS "indexValues",
    coalesce((SELECT jsonb_object_agg(fingerprint, id::text) FROM versions), '{}'::jsonb) AS fingerprints,
    (SELECT max(version) FROM versions) AS "maxVersion",
    ${SENSITIVITY_SETTINGS_SQL} AS sensitivity,
    (SELECT coalesce(json_agg(json_build_array(org.id, org.name)), '[]')
       FROM organisations org
      WHERE org.id IN (SELECT organisation_id FROM members WHERE partnership_id = $1::uuid)) AS members,
    l.id::text AS "currentId", l.version AS "currentVersion", l.status AS "currentStatus",
    CASE WHEN l.id IS NULL THEN NULL ELSE coalesce(l.compared, jsonb_build_object(
      'totals', l.figures::jsonb->'totals',
      'outcomes', coalesce((
        SELECT jsonb_agg(jsonb_build_object(
                 'outcomeId', o->'outcomeId', 'code', o->'code', 'actual', o->'actual',
                 'target', o->'target', 'rag', o->'rag', 'presentValue', o->'presentValue')
               ORDER BY n)
          FROM jsonb_array_elements(l.figures::jsonb->'outcomes') WITH ORDINALITY AS e(o, n)), '[]'::jsonb)
    )) END AS "currentFigures"
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (
      SELECT v.id, v.version, v.status, v.figures, v.compared
        FROM current_reports c JOIN versions v ON v.id = c.report_id
       WHERE c.partnership_id = $1::uuid AND c.scope = $4::report_scope
         AND c.period_start = $2::date AND c.period_end = $3::date
    ) AS l ON true`;

/** SQL aggregation of delivery records for reports, and the immutable report versions. */
@Injectable()
export class ReportRepository {
  constructor(private readonly db: Db) {}

  /**
   * Per outcome and financial quarter (financial year starting in month `fyStartMonth`) — in the
   * window, per provider too —, by review status: count and sum of the records in force between `from` and `to` (a reversal and the
   * record it reverses count nowhere). One GROUP BY with an anti-join on the few reversals; no
   * rows reach JS.
   * Unnamed ({@link Db.query}): planned for this partnership's own data, from a few hundred
   * records to millions. Outside any transaction.
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
   * Everything else a report reads, to run alongside {@link quarterSums}: the partnership's
   * outcomes (archived too) with the proxy that values each, every target, the proxies those
   * outcomes use with their library versions and the partnership's overrides, the open book's
   * allowable cost for the window and the stored versions of the report (see
   * {@link PriorVersions}) in one statement; then, when it has mean or latest outcomes, their
   * records in force per quarter between `from` and `end` ({@link effectiveAggregates}).
   *
   * The first statement is a prepared statement ({@link Db.prepared}, outside any transaction):
   * its lookups have the same plan for every partnership, so PostgreSQL plans it once per
   * connection instead of on every report, most of its cost for a small report. The aggregate
   * is planned for each partnership's own data. Decimals come as the strings Prisma's Decimal
   * gives (`trim_scale`), proxy values with their four places, dates as YYYY-MM-DD: the
   * fingerprint of the inputs is the same as when each was read with its own query.
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
      status?: ReportStatus;
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
   *
   * The version becomes the report's current one in the same statement.
   *
   * It runs as a prepared statement ({@link Db.prepared}, outside any transaction; its name comes
   * from its text, which only the statements alongside vary): inserts and lookups by key, so
   * PostgreSQL plans it once per connection rather than for every version.
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
                ${data.periodStart}::date, ${data.periodEnd}::date, ${data.version}::int, ${data.fingerprint},
                ${data.figuresJson}::json, ${data.comparedJson}::jsonb,
                ${data.changes === null ? null : JSON.stringify(data.changes)}::jsonb,
                ${data.restatesId}::uuid, ${data.runId}::uuid, ${data.status ?? 'final'}::report_status)
        RETURNING id
      ), current AS (
        INSERT INTO current_reports (partnership_id, scope, period_start, period_end, report_id)
        SELECT ${partnershipId}::uuid, ${data.scope}::report_scope, ${data.periodStart}::date,
               ${data.periodEnd}::date, id FROM report
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
  async setCurrent(
    partnershipId: string,
    key: { scope: ReportScope; periodStart: Date; periodEnd: Date },
    reportId: string,
  ): Promise<void> {
    await this.db.client.$executeRaw`
      INSERT INTO current_reports (partnership_id, scope, period_start, period_end, report_id)
      VALUES (${partnershipId}::uuid, ${key.scope}::report_scope, ${key.periodStart}::date,
              ${key.periodEnd}::date, ${reportId}::uuid)
      ON CONFLICT (partnership_id, scope, period_start, period_end)
        DO UPDATE SET report_id = EXCLUDED.report_id, updated_at = now()`;
  }

  /** The current version of a report (scope and period), or null when it has none. */
  async findCurrent(
    partnershipId: string,
    key: { scope: ReportScope; periodStart: Date; periodEnd: Date },
  ): Promise<Report | null> {
    const current = await this.db.client.currentReport.findUnique({
      where: {
        partnershipId_scope_periodStart_periodEnd: { partnershipId, ...key },
      },
    });
    return current ? this.find(partnershipId, current.reportId) : null;
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
