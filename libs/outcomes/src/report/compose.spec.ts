import { ValidationError } from '../errors';
import { chooseTarget, composeReport, discountOf, investmentOf } from './compose';
import type { ReportInputs, ReportOutcomeInput, ReportProxyVersion } from './inputs';

/**
 * A partnership's first two quarters (2026-27 Q1–Q2, financial year from April), composed by hand:
 *
 * JOBS (count, increase) targets 10 + 10 = 20; delivered 12 in Q1 and 8 in Q2 = 20: 100%, green.
 *   Q1 is valued with the proxy version in force at its end (£1,000, deadweight 20%, 1 year), Q2
 *   with the next (£1,500): 12 × 1,000 × 0.8 = 9,600 and 8 × 1,500 × 0.8 = 9,600; each discounted
 *   one year at 3.5% (end of year): 9,600 ÷ 1.035 = 9,275.36; present value 18,550.72.
 * WELL (score, mean of 2 responses: 6 and 8 = 7), not monetised: reported in points, no target.
 * Investment: no open-book returns, so the contract value pro rata: £1,000,000 × 183 days of the
 *   term's 1,826 = £100,219.06. SROI ratio 18,550.72 ÷ 100,219.06 = 0.185… → "0.19".
 */
const version = (id: string, valuePerUnit: string): ReportProxyVersion => ({
  versionId: id,
  source: 'library',
  code: 'EMP',
  valuePerUnit,
  deadweight: '0.2000',
  attribution: '0.0000',
  displacement: '0.0000',
  dropOff: '0.0000',
  durationYears: 1,
});

const outcome = (o: Partial<ReportOutcomeInput> & Pick<ReportOutcomeInput, 'id' | 'code'>) =>
  ({
    title: o.code,
    theme: 'Jobs',
    unit: 'people',
    direction: 'increase',
    aggregation: 'sum',
    parentId: null,
    isPrevention: false,
    baseline: null,
    greenThreshold: '1',
    amberThreshold: '0.9',
    monetised: false,
    targets: [],
    totals: [],
    verifiedQuantity: '0',
    proxies: [],
    ...o,
  }) satisfies ReportOutcomeInput;

const Q1 = { label: '2026-27 Q1', start: '2026-04-01', end: '2026-06-30' };
const Q2 = { label: '2026-27 Q2', start: '2026-07-01', end: '2026-09-30' };

const inputs: ReportInputs = {
  partnership: {
    id: 'p1',
    name: 'Northshire',
    currency: 'GBP',
    fyStartMonth: 4,
    startDate: '2026-04-01',
    endDate: '2031-03-31',
    discountRate: '0.0350',
    discountConvention: 'end_of_year',
    contractValue: '1000000.00',
  },
  window: { scope: 'year_to_date', label: '2026-27 to Q2', start: Q1.start, end: Q2.end },
  quarters: [Q1, Q2],
  trend: [],
  outcomes: [
    outcome({
      id: 'jobs',
      code: 'JOBS',
      monetised: true,
      targets: [
        { id: 't1', periodKind: 'quarter', periodStart: Q1.start, periodEnd: Q1.end, value: '10' },
        { id: 't2', periodKind: 'quarter', periodStart: Q2.start, periodEnd: Q2.end, value: '10' },
      ],
      totals: [
        { count: 6, sum: '12', latest: null },
        { count: 5, sum: '8', latest: null },
      ],
      verifiedQuantity: '12',
      proxies: [version('v1', '1000.0000'), version('v2', '1500.0000')],
    }),
    outcome({
      id: 'well',
      code: 'WELL',
      theme: 'Health',
      unit: 'points',
      aggregation: 'mean',
      totals: [
        { count: 2, sum: '14', latest: '8' },
        { count: 0, sum: '0', latest: null },
      ],
    }),
  ],
  book: { cost: '0', returns: 0 },
};

describe(composeReport.name, () => {
  const figures = composeReport(inputs);

  it('rates each outcome against its window target', () => {
    expect(figures.outcomes[0]).toMatchObject({
      code: 'JOBS',
      actual: '20',
      entries: 11,
      target: '20',
      progress: '1.0000',
      rag: 'green',
      met: true,
      quartersWithData: 2,
      verifiedQuantity: '12',
      monetised: true,
      presentValue: '18550.72',
    });
    expect(figures.outcomes[1]).toMatchObject({
      code: 'WELL',
      actual: '7',
      target: null,
      progress: null,
      progressNote: 'no target set for this period',
      monetised: false,
      presentValue: null,
      notMonetisedNote: 'not monetised: reported in its own units',
    });
  });

  it('values each quarter with the proxy version in force at its end', () => {
    const lines = figures.valuationLines.filter((l) => l.monetised);
    expect(lines.map((l) => [l.quantity, l.valuePerUnit, l.presentValue])).toEqual([
      ['12', '1000', '9275.36'],
      ['8', '1500', '9275.36'],
    ]);
    expect(figures.notMonetised).toEqual([
      { outcomeId: 'well', title: 'WELL', unit: 'points', quantity: '7' },
    ]);
  });

  it('totals the value against the contract pro rata, with the basis said', () => {
    expect(figures.totals).toMatchObject({
      presentValue: '18550.72',
      investment: '100219.06',
      investmentBasis:
        'contract value pro rata (183 of 1826 days): no open-book returns for the period',
      sroiRatio: '0.19',
    });
    expect(figures.byTheme.map((t) => [t.theme, t.presentValue])).toEqual([
      ['Jobs', '18550.72'],
      ['Health', '0.00'],
    ]);
    expect(figures.sensitivity?.results).toHaveLength(12);
    expect(figures.period.quarters).toEqual(['2026-27 Q1', '2026-27 Q2']);
  });

  it('leaves progress unmeasured, with a note, when a target is on the wrong side of the baseline', () => {
    const wrong = composeReport({
      ...inputs,
      outcomes: [
        outcome({
          id: 'ae',
          code: 'AE',
          direction: 'decrease',
          targets: [
            {
              id: 't',
              periodKind: 'quarter',
              periodStart: Q1.start,
              periodEnd: Q1.end,
              value: '7',
            },
            {
              id: 'u',
              periodKind: 'quarter',
              periodStart: Q2.start,
              periodEnd: Q2.end,
              value: '7',
            },
          ],
          totals: [
            { count: 1, sum: '3', latest: null },
            { count: 0, sum: '0', latest: null },
          ],
        }),
      ],
    });
    expect(wrong.outcomes[0]).toMatchObject({
      progress: null,
      progressNote:
        'progress not measured: target must be at or below the baseline (0) for a decrease outcome',
    });
    expect(wrong.sensitivity).toBeNull();
  });

  it('refuses totals that do not cover every quarter', () => {
    const short = { ...inputs, outcomes: [outcome({ id: 'x', code: 'X', totals: [] })] };
    expect(() => composeReport(short)).toThrow(ValidationError);
  });
});

describe(chooseTarget.name, () => {
  it('prefers a year target covering exactly the window', () => {
    const chosen = chooseTarget(
      {
        aggregation: 'sum',
        targets: [
          { id: 'q', periodKind: 'quarter', periodStart: Q1.start, periodEnd: Q1.end, value: '5' },
          { id: 'y', periodKind: 'year', periodStart: Q1.start, periodEnd: Q2.end, value: '30' },
        ],
      },
      [Q1, Q2],
      { start: Q1.start, end: Q2.end },
    );
    expect(chosen.target).toBe('30');
    expect(chosen.rows.map((r) => r.id)).toEqual(['q', 'y']);
  });

  it('has no target when a summed quarter has none', () => {
    const chosen = chooseTarget(
      {
        aggregation: 'sum',
        targets: [
          { id: 'q', periodKind: 'quarter', periodStart: Q1.start, periodEnd: Q1.end, value: '5' },
        ],
      },
      [Q1, Q2],
      { start: Q1.start, end: Q2.end },
    );
    expect(chosen.target).toBeNull();
  });
});

describe(investmentOf.name, () => {
  it('takes the open book when there are returns', () => {
    expect(investmentOf({ ...inputs, book: { cost: '5000.00', returns: 2 } })).toEqual({
      investment: '5000.00',
      basis: 'open-book allowable cost of returns in the period',
    });
  });

  it('says there is none without returns or a contract value', () => {
    const none = { ...inputs, partnership: { ...inputs.partnership, contractValue: null } };
    expect(investmentOf(none)).toEqual({
      investment: '0',
      basis: 'none: no open-book returns and no contract value',
    });
  });
});

describe(discountOf.name, () => {
  it('uses the Green Book schedule for the 3.5% default and a flat rate otherwise', () => {
    expect(discountOf(inputs.partnership)).toEqual({ convention: 'end-of-year' });
    expect(
      discountOf({ ...inputs.partnership, discountRate: '0.0400', discountConvention: 'mid_year' }),
    ).toEqual({ convention: 'mid-year', rate: '0.0400' });
  });
});
