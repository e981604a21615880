import type { ReportChanges, ReportDifference } from './diff';
import type { ReportFigures, WithheldFigures } from './figures';

/** Why figures are withheld from a reader who may not see the open book. */
export const OPEN_BOOK_WITHHELD_REASON =
  'withheld: the investment is the open book’s total (every provider’s allowable cost), which this partnership shares only with its board, finance, auditors and admins; every figure it could be worked back from (ratios, net present value, payback, break-even points) is withheld with it';

/** The figures a withheld view leaves out (null), as paths. */
export const OPEN_BOOK_FIELDS: readonly string[] = [
  'totals.investment',
  'totals.investmentBasis',
  'totals.netPresentValue',
  'totals.sroiRatio',
  'totals.sroiRatioText',
  'totals.netSroiRatio',
  'totals.netSroiRatioText',
  'totals.ratioUnavailableReason',
  'totals.paybackMonths',
  'totals.paybackUnavailableReason',
  'totals.paybackAlternative.months',
  'totals.paybackAlternative.unavailableReason',
  'byTheme[].ratio',
  'byTheme[].ratioText',
  'byStakeholder[].ratio',
  'byStakeholder[].ratioText',
  'byProvider[].ratio',
  'byProvider[].ratioText',
  'sensitivity.baseRatio',
  'sensitivity.results[].ratio',
  'sensitivity.results[].breakEven',
  'sensitivity.grid',
  'explanation[net-present-value, sroi-ratio, payback, payback-alternative]',
];

/** The totals' working steps that state the investment or a figure worked from it. */
const OPEN_BOOK_STEPS = new Set([
  'net-present-value',
  'sroi-ratio',
  'payback',
  'payback-alternative',
]);

/** The totals a restatement compares that are the investment or worked from it. */
const OPEN_BOOK_DIFFERENCES = new Set([
  'totals.investment',
  'totals.netPresentValue',
  'totals.sroiRatio',
  'totals.paybackMonths',
]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const objects = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

function withoutRatio(groups: unknown): unknown {
  if (!Array.isArray(groups)) return groups;
  return (groups as unknown[]).map((g) =>
    isObject(g) ? { ...g, ratio: null, ratioText: null } : g,
  );
}

/**
 * A report's figures as a reader who may not see the open book reads them: the investment and
 * every figure it could be worked back from are null (break-even points say they are withheld),
 * the totals' working keeps only the steps that state value, and `withheld` says what and why.
 * Value figures (present values, shares of the total, lines, outcomes) are as stored.
 *
 * Works on any stored version (older methods lack some sections; what is absent stays absent).
 */
export function withholdOpenBook(figures: ReportFigures): ReportFigures;
export function withholdOpenBook(figures: unknown): unknown;
export function withholdOpenBook(figures: unknown): unknown {
  if (!isObject(figures)) return figures;
  const f: Json = { ...figures };
  if (isObject(f.totals)) {
    const alternative = isObject(f.totals.paybackAlternative)
      ? { ...f.totals.paybackAlternative, months: null, unavailableReason: 'withheld' }
      : f.totals.paybackAlternative;
    f.totals = {
      ...f.totals,
      investment: null,
      investmentBasis: OPEN_BOOK_WITHHELD_REASON,
      netPresentValue: null,
      sroiRatio: null,
      sroiRatioText: null,
      netSroiRatio: null,
      netSroiRatioText: null,
      ratioUnavailableReason: 'withheld',
      paybackMonths: null,
      paybackUnavailableReason: 'withheld',
      ...(alternative === undefined ? {} : { paybackAlternative: alternative }),
    };
  }
  for (const key of ['byTheme', 'byStakeholder', 'byProvider']) {
    if (key in f) f[key] = withoutRatio(f[key]);
  }
  if (isObject(f.sensitivity)) {
    const breakEven = { reachable: false, reason: 'withheld', text: OPEN_BOOK_WITHHELD_REASON };
    f.sensitivity = {
      ...f.sensitivity,
      baseRatio: null,
      results: objects(f.sensitivity.results).map((r) => ({ ...r, ratio: null, breakEven })),
      grid: null,
    };
  }
  if (Array.isArray(f.explanation)) {
    f.explanation = f.explanation.filter(
      (s) => !(isObject(s) && typeof s.code === 'string' && OPEN_BOOK_STEPS.has(s.code)),
    );
  }
  const withheld: WithheldFigures = { fields: OPEN_BOOK_FIELDS, reason: OPEN_BOOK_WITHHELD_REASON };
  f.withheld = withheld;
  return f;
}

/** What changed between versions, without the differences in figures a withheld view leaves out. */
export function withholdOpenBookChanges(changes: ReportChanges): ReportChanges;
export function withholdOpenBookChanges(changes: unknown): unknown;
export function withholdOpenBookChanges(changes: unknown): unknown {
  if (!isObject(changes) || !Array.isArray(changes.differences)) return changes;
  return {
    ...changes,
    differences: (changes.differences as unknown[]).filter(
      (d) =>
        !(isObject(d) && OPEN_BOOK_DIFFERENCES.has(String((d as Partial<ReportDifference>).field))),
    ),
  };
}
