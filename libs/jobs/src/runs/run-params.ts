import type { ReportScope } from '@ol/outcomes';
import type { JobRun, RunKind } from '@ol/persistence';

/** A report run: which report (scope) for, or ending at, which quarter. */
export interface ReportRunParams {
  scope: ReportScope;
  /** The quarter the report is for, or ends at: "2025-26 Q3". */
  quarter: string;
}

/** A share-evaluation run: which rule, provider and financial year (its first day). */
export interface ShareRunParams {
  ruleId: string;
  providerOrgId: string;
  /** First day of the financial year evaluated (year to date). */
  fyStart: string;
}

/** Which view of a report version a board pack renders: all of it, or without the open book. */
export type BoardPackView = 'full' | 'withheld';

/** A board-pack run: the report version rendered as a PDF for one view. */
export interface BoardPackRunParams {
  reportId: string;
  view: BoardPackView;
}

/** The parameters of each run kind: written and read through the same type. */
export interface RunParams {
  report: ReportRunParams;
  share_evaluation: ShareRunParams;
  board_pack: BoardPackRunParams;
}

/** What a run request writes: its kind, its parameters and the dedupe key derived from them. */
export interface RunOrder<K extends RunKind = RunKind> {
  kind: K;
  /** Equal for the same work: a second request joins the pending run. */
  dedupeKey: string;
  params: RunParams[K];
}

/** A report run for a scope and quarter (dedupe key `<scope>:<quarter>`). */
export function reportRun(params: ReportRunParams): RunOrder<'report'> {
  return {
    kind: 'report',
    dedupeKey: `${params.scope}:${params.quarter}`,
    params: { scope: params.scope, quarter: params.quarter },
  };
}

/** A share evaluation for a rule, provider and year (dedupe key `<rule>:<provider>:<fyStart>`). */
export function shareEvaluationRun(params: ShareRunParams): RunOrder<'share_evaluation'> {
  return {
    kind: 'share_evaluation',
    dedupeKey: `${params.ruleId}:${params.providerOrgId}:${params.fyStart}`,
    params: { ruleId: params.ruleId, providerOrgId: params.providerOrgId, fyStart: params.fyStart },
  };
}

/** A board pack of a report version and view (dedupe key `<report>:<view>`). */
export function boardPackRun(params: BoardPackRunParams): RunOrder<'board_pack'> {
  return {
    kind: 'board_pack',
    dedupeKey: `${params.reportId}:${params.view}`,
    params: { reportId: params.reportId, view: params.view },
  };
}

const FIELDS: { [K in RunKind]: readonly (keyof RunParams[K])[] } = {
  report: ['scope', 'quarter'],
  share_evaluation: ['ruleId', 'providerOrgId', 'fyStart'],
  board_pack: ['reportId', 'view'],
};

/**
 * A stored run's parameters as its kind's type. Throws when the run is of another kind or its
 * stored parameters lack a field (a run written by hand or by an older version): the job fails
 * with the reason instead of reading undefined.
 */
export function paramsOf<K extends RunKind>(
  run: Pick<JobRun, 'id' | 'kind' | 'params'>,
  kind: K,
): RunParams[K] {
  if (run.kind !== kind) throw new Error(`run ${run.id} is a ${run.kind} run, not ${kind}`);
  const params = run.params as Record<string, unknown> | null;
  for (const field of FIELDS[kind]) {
    if (typeof params?.[field as string] !== 'string') {
      throw new Error(`run ${run.id}: params.${String(field)} is missing`);
    }
  }
  return params as unknown as RunParams[K];
}
