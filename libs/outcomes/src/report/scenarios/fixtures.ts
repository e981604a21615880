import type {
  QuarterDelivery,
  ReportInputs,
  ReportOutcomeInput,
  ReportProxyVersion,
  StatusTotals,
} from '../inputs';

/** Test fixtures for report scenarios (not part of the library's surface). */

export const Q1 = { label: '2026-27 Q1', start: '2026-04-01', end: '2026-06-30' };
export const Q2 = { label: '2026-27 Q2', start: '2026-07-01', end: '2026-09-30' };

const totals = (
  entry?: [sum: string, count: number, latest?: string, at?: string],
): StatusTotals =>
  entry
    ? { count: entry[1], sum: entry[0], latest: entry[2] ?? null, latestAt: entry[3] ?? null }
    : { count: 0, sum: '0', latest: null, latestAt: null };

/** A quarter's delivery: [sum, entries, latest?, latestAt?] per review status. */
export function quarter(
  by: Partial<Record<keyof QuarterDelivery, [string, number, string?, string?]>> = {},
): QuarterDelivery {
  return {
    verified: totals(by.verified),
    claimed: totals(by.claimed),
    disputed: totals(by.disputed),
  };
}

/** A proxy version in 2026 prices (the report year of a 2026-27 window) unless `more` says. */
export function proxyVersion(
  id: string,
  valuePerUnit: string,
  more: Partial<ReportProxyVersion> = {},
): ReportProxyVersion {
  return {
    versionId: id,
    source: 'library',
    code: 'PROXY',
    valuePerUnit,
    priceYear: 2026,
    deadweight: '0.0000',
    attribution: '0.0000',
    displacement: '0.0000',
    dropOff: '0.0000',
    durationYears: 1,
    ...more,
  };
}

export function outcome(
  o: Partial<ReportOutcomeInput> & Pick<ReportOutcomeInput, 'id' | 'code'>,
): ReportOutcomeInput {
  return {
    title: o.code,
    theme: 'Jobs',
    unit: 'people',
    direction: 'increase',
    aggregation: 'sum',
    stakeholder: null,
    parentId: null,
    isPrevention: false,
    baseline: null,
    valueDisbenefits: true,
    greenThreshold: '1',
    amberThreshold: '0.9',
    valuation: null,
    targets: [],
    delivery: [],
    expectedProviders: [],
    ...o,
  };
}

/** A quarter report (2026-27 Q1) or a two-quarter year to date, no discounting, no investment. */
export function inputsOf(
  outcomes: ReportOutcomeInput[],
  more: Partial<ReportInputs> & { countUnverified?: boolean } = {},
): ReportInputs {
  const { countUnverified = true, ...rest } = more;
  return {
    status: 'final',
    partnership: {
      id: 'p',
      name: 'Scenario',
      currency: 'GBP',
      fyStartMonth: 4,
      startDate: '2026-04-01',
      endDate: '2031-03-31',
      discountRate: '0.0000',
      discountConvention: 'none',
      discountSchedule: 'constant',
      paybackMethod: 'sroi_guide',
      contractValue: null,
      countUnverified,
      reportPriceYear: null,
    },
    window: { scope: 'quarter', label: Q1.label, start: Q1.start, end: Q1.end },
    quarters: [Q1],
    trend: [],
    outcomes,
    book: { cost: '0', returns: 0 },
    priceIndex: { series: null, values: [] },
    sensitivity: { cases: [], grid: null },
    ...rest,
  };
}
