import type { ComparedFigures } from '@ol/outcomes';
import type {
  OutcomeAggregation,
  OutcomeDirection,
  ReportStatus,
  TargetPeriodKind,
  ValuationBasis,
} from '../prisma-client';
import { groupBy } from '../util/group-by';
import { toProxy, type ProxyVersionValues } from './proxy.mapper';
import { proxyResolver } from './proxy.repository';
import type { ReportReads, ReportTarget } from './report-reads';
import {
  SENSITIVITY_SETTINGS_SQL,
  sensitivityOf,
  type SensitivityTuple,
} from './sensitivity.mapper';

// The one statement behind ReportInputsRepository.reportInputs and its row mapper. The statement's
// text is what bench:report measures: change it only with a new measurement.

type Json<T extends unknown[]> = T[];

export interface InputsRow {
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

function versionOf(v: VersionTuple): ProxyVersionValues {
  return {
    id: v[0],
    proxyId: v[1],
    validFrom: v[2],
    validTo: v[3],
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

export function inputsOf(row: InputsRow): Omit<ReportReads, 'effective'> {
  const targets = row.targets.map((t): ReportTarget => ({
    id: t[0],
    outcomeId: t[1],
    periodKind: t[2],
    periodStart: t[3],
    periodEnd: t[4],
    targetValue: t[5],
  }));
  const proxies = row.proxies.map((p) =>
    toProxy({
      id: p[0],
      code: p[1],
      name: p[2],
      unit: p[3],
      sourceCitation: p[4],
      licence: p[5],
      createdAt: p[6],
    }),
  );
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

/** See {@link ReportInputsRepository.reportInputs}: $1 partnership, $2 window start, $3 window end, $4 scope. */
export const REPORT_INPUTS = `
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
