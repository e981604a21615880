import { ValidationError } from '../errors';
import { chooseTarget, composeReport, discountOf, investmentOf } from './compose';
import type { MonetisedLineFigures } from './figures';
import type { ReportInputs } from './inputs';
import { Q1, Q2, inputsOf, outcome, proxyVersion, quarter } from './scenarios/fixtures';

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
const version = (id: string, valuePerUnit: string) =>
  proxyVersion(id, valuePerUnit, { code: 'EMP', deadweight: '0.2000' });

const inputs: ReportInputs = {
  ...inputsOf([
    outcome({
      id: 'jobs',
      code: 'JOBS',
      valuation: {
        basis: 'achieved',
        countOutcomeId: null,
        proxies: [version('v1', '1000.0000'), version('v2', '1500.0000')],
      },
      targets: [
        { id: 't1', periodKind: 'quarter', periodStart: Q1.start, periodEnd: Q1.end, value: '10' },
        { id: 't2', periodKind: 'quarter', periodStart: Q2.start, periodEnd: Q2.end, value: '10' },
      ],
      delivery: [quarter({ verified: ['12', 6] }), quarter({ claimed: ['8', 5] })],
    }),
    outcome({
      id: 'well',
      code: 'WELL',
      theme: 'Health',
      unit: 'points',
      aggregation: 'mean',
      delivery: [quarter({ claimed: ['14', 2, '8', '2026-06-01:1'] }), quarter()],
    }),
  ]),
  partnership: {
    id: 'p1',
    name: 'Northshire',
    currency: 'GBP',
    fyStartMonth: 4,
    startDate: '2026-04-01',
    endDate: '2031-03-31',
    discountRate: '0.0350',
    discountConvention: 'end_of_year',
    discountSchedule: 'green_book_declining',
    paybackMethod: 'sroi_guide',
    contractValue: '1000000.00',
    countUnverified: true,
    reportPriceYear: null,
  },
  window: { scope: 'year_to_date', label: '2026-27 to Q2', start: Q1.start, end: Q2.end },
  quarters: [Q1, Q2],
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
      verification: {
        counted: 'verified and claimed',
        verified: { entries: 6, quantity: '12' },
        claimed: { entries: 5, quantity: '8' },
        disputed: { entries: 0, quantity: '0' },
      },
      valuationBasis: 'achieved',
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
    expect(lines.map((l) => [l.quantity, l.valuePerUnit, l.presentValue, l.basisText])).toEqual([
      ['12', '1000', '9275.36', '12 people achieved.'],
      ['8', '1500', '9275.36', '8 people achieved.'],
    ]);
    // Q2's 8 are claimed, not yet verified: its whole line rests on claims.
    expect(lines.map((l) => l.presentValueFromClaims)).toEqual(['0.00', '9275.36']);
    expect(figures.totals.presentValueFromClaims).toBe('9275.36');
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
          delivery: [quarter({ claimed: ['3', 1] }), quarter()],
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

  it('refuses delivery that does not cover every quarter', () => {
    const short = { ...inputs, outcomes: [outcome({ id: 'x', code: 'X', delivery: [] })] };
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
  it('uses the Green Book schedule only when the partnership chose it, else its rate every year', () => {
    expect(discountOf(inputs.partnership)).toEqual({ convention: 'end-of-year' });
    expect(
      discountOf({
        ...inputs.partnership,
        discountRate: '0.0400',
        discountConvention: 'mid_year',
        discountSchedule: 'constant',
      }),
    ).toEqual({ convention: 'mid-year', rate: '0.0400' });
  });

  it('keeps a flat 3.5% beyond year 30 when the schedule is constant', () => {
    const line = (schedule: 'constant' | 'green_book_declining') =>
      composeReport({
        ...inputs,
        partnership: { ...inputs.partnership, discountSchedule: schedule },
        outcomes: [
          outcome({
            id: 'trees',
            code: 'TREES',
            valuation: {
              basis: 'achieved',
              countOutcomeId: null,
              proxies: [
                proxyVersion('t', '100.0000', { durationYears: 32 }),
                proxyVersion('t', '100.0000', { durationYears: 32 }),
              ],
            },
            delivery: [quarter({ verified: ['1', 1] }), quarter()],
          }),
        ],
      }).valuationLines[0] as MonetisedLineFigures;
    // Year 31 is the first year of the Green Book's 3.0% band: its factor is year 30's ÷ 1.03.
    const flat = line('constant');
    const declining = line('green_book_declining');
    expect(flat.years[30].discountFactor).toBe('0.344230'); // 1.035^-31
    expect(declining.years[30].discountFactor).toBe('0.345901'); // 1.035^-30 ÷ 1.03
    expect(flat.years[29].discountFactor).toBe(declining.years[29].discountFactor);
  });
});

describe("payback and the partnership's sensitivity settings", () => {
  const figures = composeReport(inputs);

  it('gives the SROI Guide payback with the cumulative one beside it, and says which', () => {
    // Year 1 value 19200 (both quarters' lines), investment 100219.06: 100219.06 × 12 ÷ 19200.
    expect(figures.totals).toMatchObject({
      paybackMethod: 'sroi_guide',
      paybackMonths: '62.6',
      paybackUnavailableReason: null,
      paybackAlternative: {
        method: 'cumulative',
        months: null,
        unavailableReason: 'not-paid-back-within-duration',
      },
    });
    expect(figures.partnership).toMatchObject({
      discountSchedule: 'green_book_declining',
      paybackMethod: 'sroi_guide',
    });
    expect(figures.explanation.map((s) => s.code)).toContain('payback-alternative');
  });

  it('gives the cumulative payback as the headline when the partnership chose it', () => {
    const cumulative = composeReport({
      ...inputs,
      partnership: { ...inputs.partnership, paybackMethod: 'cumulative' },
    });
    expect(cumulative.totals.paybackMethod).toBe('cumulative');
    expect(cumulative.totals.paybackMonths).toBeNull();
    expect(cumulative.totals.paybackAlternative).toEqual({
      method: 'sroi_guide',
      months: '62.6',
      unavailableReason: null,
    });
  });

  it("runs the partnership's own cases after the standard ones, and its grid", () => {
    const custom = composeReport({
      ...inputs,
      sensitivity: {
        cases: [
          { parameter: 'investment', change: '-0.5' },
          { parameter: 'deadweight', change: '-0.05' },
        ],
        grid: {
          rows: { parameter: 'investment', changes: ['-0.5', '0'] },
          columns: { parameter: 'proxyValue', changes: ['0', '1'] },
        },
      },
    });
    const results = custom.sensitivity!.results;
    expect(results).toHaveLength(14);
    expect(results.slice(0, 12).every((r) => r.source === 'standard')).toBe(true);
    // Investment halved: 18550.72 ÷ 50109.53 = 0.37.
    expect(results[12]).toMatchObject({
      source: 'partnership',
      parameter: 'investment',
      change: '-0.5',
      presentValue: '18550.72',
      ratio: '0.37',
    });
    expect(results[13]).toMatchObject({ source: 'partnership', parameter: 'deadweight' });
    // PV 18550.72 (×2 with the value per unit doubled) on 50109.53 or 100219.06.
    expect(custom.sensitivity!.grid!.cells.map((row) => row.map((c) => c.ratio))).toEqual([
      ['0.37', '0.74'],
      ['0.19', '0.37'],
    ]);
    expect(custom.sensitivity!.grid!.rows).toEqual({
      parameter: 'investment',
      changes: ['-0.5', '0'],
    });
    expect(custom.sensitivity!.grid!.explanation[0].code).toBe('sensitivity.grid');
    expect(figures.sensitivity!.grid).toBeNull();
  });
});

describe('valuation of a stock level (change in stock)', () => {
  const stock = (
    direction: 'increase' | 'decrease',
    latest: string,
    baseline: string | null = '120',
  ) =>
    outcome({
      id: 'homes',
      code: 'HOMES',
      unit: 'homes',
      aggregation: 'latest',
      direction,
      baseline,
      valuation: {
        basis: 'change_in_stock',
        countOutcomeId: null,
        proxies: [proxyVersion('v', '100.0000')],
      },
      delivery: [quarter({ verified: [latest, 1, latest, '2026-06-30:1'] })],
    });

  it.each([
    ['increase', '150', '30', '30 homes gained: latest level 150 − baseline 120.', '3000.00'],
    ['decrease', '100', '20', '20 homes gained: baseline 120 − latest level 100.', '2000.00'],
    [
      'increase',
      '110',
      '-10',
      '10 homes short of the baseline, a disbenefit: latest level 110 − baseline 120.',
      '-1000.00',
    ],
  ] as const)(
    'values the change, never the level (%s to %s)',
    (direction, latest, quantity, basisText, pv) => {
      const f = composeReport(inputsOf([stock(direction, latest)]));
      expect(f.valuationLines[0]).toMatchObject({ quantity, basisText, presentValue: pv });
    },
  );

  it('values nothing without data, and nothing without a baseline', () => {
    const none = composeReport(inputsOf([{ ...stock('increase', '150'), delivery: [quarter()] }]));
    expect(none.valuationLines).toEqual([]);
    expect(none.outcomes[0]).toMatchObject({ actual: null, rag: 'no_data' });
    const noBaseline = composeReport(
      inputsOf([{ ...stock('increase', '150', null), delivery: [quarter()] }]),
    );
    expect(noBaseline.valuationLines).toEqual([]);
  });

  it('says which quarters had no proxy version in force', () => {
    const f = composeReport(
      inputsOf([
        outcome({
          id: 'jobs',
          code: 'JOBS',
          valuation: { basis: 'achieved', countOutcomeId: null, proxies: [null] },
          delivery: [quarter({ verified: ['3', 3] })],
        }),
      ]),
    );
    expect(f.valuationLines[0]).toMatchObject({
      monetised: false,
      reason: 'no version of its proxy in force for these quarters: not valued',
    });
  });
});
