import type { ReportFigures } from './figures';
import type { ReportVersionStatus } from './inputs';

/** The part of a version a restatement compares (what a board compares); any ReportFigures is one. */
export interface ComparedFigures {
  readonly totals?: Partial<Record<ComparedTotal, string | null>>;
  readonly outcomes?: readonly {
    readonly outcomeId: string;
    readonly code: string;
    readonly actual?: string | null;
    readonly target?: string | null;
    readonly rag?: string | null;
    readonly presentValue?: string | null;
  }[];
}

/** One figure that changed between two versions. */
export interface ReportDifference {
  /** `totals.presentValue`, or `outcomes[<code>].actual`. */
  readonly field: string;
  readonly from: string | null;
  readonly to: string | null;
}

/** What a version stores about the version it was compared with (null for a first version). */
export interface ReportChanges {
  readonly previousVersion: number;
  readonly previousReportId: string;
  /**
   * The compared version's status, and whether this version restates it (it was final) rather
   * than superseding a provisional one. Versions stored before statuses existed have neither.
   */
  readonly previousStatus?: ReportVersionStatus;
  readonly restatement?: boolean;
  readonly differences: readonly ReportDifference[];
}

const COMPARED_TOTALS = [
  'presentValue',
  'investment',
  'netPresentValue',
  'sroiRatio',
  'paybackMethod',
  'paybackMonths',
] as const;
type ComparedTotal = (typeof COMPARED_TOTALS)[number];
const COMPARED_OUTCOME_FIELDS = ['actual', 'target', 'rag', 'presentValue'] as const;

/** The part of a version's figures a later version is compared with (stored beside them). */
export function comparedFiguresOf(figures: ReportFigures): ComparedFigures {
  return {
    totals: figures.totals,
    outcomes: figures.outcomes.map((o) => ({
      outcomeId: o.outcomeId,
      code: o.code,
      actual: o.actual,
      target: o.target,
      rag: o.rag,
      presentValue: o.presentValue,
    })),
  };
}

/**
 * What changed from one version of a report to the next: the headline totals, and each outcome's
 * actual, target, RAG and present value (an outcome new in the later version shows `from: null`).
 */
export function diffReports(before: ComparedFigures, after: ComparedFigures): ReportDifference[] {
  const out: ReportDifference[] = [];
  for (const key of COMPARED_TOTALS) {
    const from = before.totals?.[key] ?? null;
    const to = after.totals?.[key] ?? null;
    if (from !== to) out.push({ field: `totals.${key}`, from, to });
  }
  const previous = new Map((before.outcomes ?? []).map((o) => [o.outcomeId, o]));
  for (const o of after.outcomes ?? []) {
    const p = previous.get(o.outcomeId);
    for (const key of COMPARED_OUTCOME_FIELDS) {
      const from = p?.[key] ?? null;
      const to = o[key] ?? null;
      if (from !== to) out.push({ field: `outcomes[${o.code}].${key}`, from, to });
    }
  }
  return out;
}
