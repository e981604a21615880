import type { ProviderKey } from './alliance';

/** One outcome of the demo and its eight quarters (index 0 = 2024-25 Q3 … 7 = 2026-27 Q2). */
export interface DemoOutcome {
  code: string;
  parent?: string;
  theme: string;
  title: string;
  unit: string;
  stakeholder?: string;
  aggregation: 'sum' | 'mean';
  direction?: 'increase' | 'decrease';
  /** Decrease outcomes: the attendances (or evictions) a quarter would see without the alliance. */
  baseline?: string;
  prevention?: boolean;
  /** Who logs its delivery; null for a parent that has no data of its own (it rolls up). */
  provider: ProviderKey | null;
  proxy: string | null;
  basis?: 'achieved' | 'avoided' | 'count_outcome';
  countOutcome?: string;
  /** The provider's claimed evidence grade for every record (default: mostly documented). */
  evidence?: 'independently_verified';
  /** Per quarter: the target. */
  targets: readonly number[];
  /** Per quarter: each record's quantity. */
  records: (quarter: number) => string[];
  /** A quarter whose last month is still to be logged (the provider is late with it). */
  lateQuarter?: number;
}

/** One record per person (or household) counted. */
const each = (counts: readonly number[]) => (q: number) => Array<string>(counts[q]).fill('1');

/** A monthly return of a count (three records a quarter): the quarter's total split by month. */
const monthly = (totals: readonly number[]) => (q: number) => {
  const third = Math.floor(totals[q] / 3);
  const rest = totals[q] - 3 * third;
  return [0, 1, 2].map((m) => String(third + (m < rest ? 1 : 0)));
};

/** Survey responses (scores 0–10 to one decimal) spread around the quarter's mean (in tenths). */
const responses = (counts: readonly number[], meanTenths: readonly number[]) => (q: number) =>
  Array.from({ length: counts[q] }, (_, k) => {
    const tenths = Math.min(100, Math.max(0, meanTenths[q] + [-20, -10, 0, 10, 20][k % 5]));
    return `${Math.floor(tenths / 10)}.${tenths % 10}`;
  });

/** Volunteering sessions of 2 to 5 hours. */
const sessions = (counts: readonly number[]) => (q: number) =>
  Array.from({ length: counts[q] }, (_, k) => String(2 + (k % 4)));

/**
 * Illustrative outcomes of every kind a board meets, delivered by the alliance's three providers:
 * counts to raise (jobs, qualifications, tenancies, volunteering hours); counts to bring down
 * against a baseline, valued on what they avoid (A&E attendances; evictions, not monetised); a
 * survey score (WELL) valued only through the count of residents whose score improved (WELL-UP);
 * outcomes with no proxy, reported in their own units; and a three-level hierarchy: SETTLED (the
 * mission) rolls up its places, SETTLED-CENTRAL rolls up its two neighbourhoods, and each
 * tenancy is valued once, at its own level.
 */
export const DEMO_OUTCOMES: readonly DemoOutcome[] = [
  {
    code: 'JOBS-START',
    theme: 'Jobs',
    title: 'Residents starting paid work',
    unit: 'people',
    stakeholder: 'Residents out of work',
    aggregation: 'sum',
    provider: 'acorn',
    proxy: null,
    targets: [50, 55, 60, 60, 65, 65, 70, 75],
    records: each([48, 55, 61, 66, 70, 64, 72, 78]),
  },
  {
    code: 'JOBS-26W',
    theme: 'Jobs',
    title: 'Residents in work for 26 weeks',
    unit: 'people',
    stakeholder: 'Residents out of work',
    aggregation: 'sum',
    provider: 'acorn',
    proxy: 'EX-EMPLOY',
    basis: 'achieved',
    targets: [15, 20, 25, 28, 30, 32, 35, 40],
    records: each([14, 21, 26, 28, 31, 33, 36, 38]),
  },
  {
    code: 'SKILLS-L2',
    theme: 'Jobs',
    title: 'Adults gaining a first level 2 qualification',
    unit: 'people',
    stakeholder: 'Residents out of work',
    aggregation: 'sum',
    provider: 'acorn',
    proxy: 'EX-QUALIFY',
    basis: 'achieved',
    targets: [12, 14, 16, 18, 20, 22, 24, 26],
    records: each([10, 14, 18, 17, 22, 25, 24, 19]),
    lateQuarter: 7,
  },
  {
    code: 'AE',
    theme: 'Health',
    title: 'A&E attendances by residents on the programme',
    unit: 'attendances',
    stakeholder: 'NHS',
    aggregation: 'sum',
    direction: 'decrease',
    baseline: '400',
    prevention: true,
    provider: 'brightpath',
    proxy: 'EX-AE-AVOID',
    basis: 'avoided',
    evidence: 'independently_verified',
    targets: [395, 390, 385, 375, 365, 355, 345, 335],
    // The winter of 2024-25 Q4 rose above the baseline: a disbenefit line with negative value.
    records: monthly([398, 412, 384, 371, 366, 352, 341, 329]),
  },
  {
    code: 'WELL-UP',
    theme: 'Health',
    title: 'Residents whose wellbeing score improved by 2 points or more',
    unit: 'people',
    stakeholder: 'Residents with long-term conditions',
    aggregation: 'sum',
    provider: 'brightpath',
    proxy: null,
    targets: [12, 14, 16, 18, 20, 20, 22, 24],
    records: each([12, 15, 18, 19, 22, 21, 24, 26]),
  },
  {
    code: 'WELL',
    theme: 'Health',
    title: 'Average wellbeing score (0-10)',
    unit: 'score',
    stakeholder: 'Residents with long-term conditions',
    aggregation: 'mean',
    provider: 'brightpath',
    proxy: 'EX-WELLBEING',
    basis: 'count_outcome',
    countOutcome: 'WELL-UP',
    targets: [6, 6, 6.2, 6.4, 6.5, 6.6, 6.8, 7],
    records: responses([36, 42, 48, 50, 55, 52, 58, 60], [58, 60, 62, 63, 65, 66, 68, 70]),
  },
  {
    code: 'SOCIAL-RX',
    theme: 'Health',
    title: 'Residents connected to community activity by social prescribing',
    unit: 'people',
    stakeholder: 'Residents with long-term conditions',
    aggregation: 'sum',
    prevention: true,
    provider: 'brightpath',
    proxy: null,
    targets: [60, 70, 75, 80, 85, 85, 90, 95],
    records: each([60, 72, 80, 85, 90, 88, 95, 102]),
  },
  {
    code: 'VOLUNTEER',
    theme: 'Community',
    title: 'Hours volunteered by residents on the programme',
    unit: 'hours',
    stakeholder: 'Local community groups',
    aggregation: 'sum',
    provider: 'brightpath',
    proxy: 'EX-VOLUNTEER',
    basis: 'achieved',
    targets: [70, 80, 90, 100, 110, 110, 120, 130],
    records: sessions([20, 24, 28, 30, 34, 32, 36, 40]),
  },
  {
    code: 'SETTLED',
    theme: 'Housing',
    title: 'Households settled in a secure home (all Northshire)',
    unit: 'households',
    stakeholder: 'Households at risk of homelessness',
    aggregation: 'sum',
    provider: null,
    proxy: null,
    targets: [21, 23, 25, 27, 29, 30, 32, 33],
    records: () => [],
  },
  {
    code: 'SETTLED-CENTRAL',
    parent: 'SETTLED',
    theme: 'Housing',
    title: 'Households settled in a secure home (central Northshire)',
    unit: 'households',
    stakeholder: 'Households at risk of homelessness',
    aggregation: 'sum',
    provider: null,
    proxy: null,
    targets: [14, 15, 17, 18, 19, 20, 21, 22],
    records: () => [],
  },
  {
    code: 'TENANCY-DOCKS',
    parent: 'SETTLED-CENTRAL',
    theme: 'Housing',
    title: 'Tenancies sustained 12 months (Docks neighbourhood)',
    unit: 'households',
    stakeholder: 'Households at risk of homelessness',
    aggregation: 'sum',
    prevention: true,
    provider: 'riverside',
    proxy: 'EX-TENANCY',
    basis: 'achieved',
    targets: [8, 9, 10, 11, 11, 12, 12, 13],
    records: each([8, 9, 11, 12, 10, 13, 14, 12]),
  },
  {
    code: 'TENANCY-MILLFIELD',
    parent: 'SETTLED-CENTRAL',
    theme: 'Housing',
    title: 'Tenancies sustained 12 months (Millfield neighbourhood)',
    unit: 'households',
    stakeholder: 'Households at risk of homelessness',
    aggregation: 'sum',
    prevention: true,
    provider: 'riverside',
    proxy: 'EX-TENANCY',
    basis: 'achieved',
    targets: [6, 6, 7, 7, 8, 8, 9, 9],
    records: each([5, 7, 6, 8, 9, 8, 10, 11]),
  },
  {
    code: 'TENANCY-EAST',
    parent: 'SETTLED',
    theme: 'Housing',
    title: 'Tenancies sustained 12 months (east Northshire)',
    unit: 'households',
    stakeholder: 'Households at risk of homelessness',
    aggregation: 'sum',
    prevention: true,
    provider: 'riverside',
    proxy: 'EX-TENANCY',
    basis: 'achieved',
    targets: [7, 8, 8, 9, 10, 10, 11, 11],
    records: each([6, 9, 8, 11, 10, 12, 11, 13]),
  },
  {
    code: 'EVICT',
    theme: 'Housing',
    title: 'Evictions of households on the programme',
    unit: 'households',
    stakeholder: 'Households at risk of homelessness',
    aggregation: 'sum',
    direction: 'decrease',
    baseline: '15',
    prevention: true,
    provider: 'riverside',
    proxy: null,
    targets: [14, 13, 12, 11, 10, 10, 9, 9],
    records: each([14, 13, 12, 12, 10, 9, 9, 8]),
  },
];
