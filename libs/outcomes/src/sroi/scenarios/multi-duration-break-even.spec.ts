/**
 * Worked example: the duration break-even of the demo partnership's year (2025-26), whose
 * proxies last 3, 2, 2 and 1 years (prisma/proxies/example-proxies.csv; illustrative values).
 * Delivery counted over the year (verified and claimed; the disputed record of Q3 left out):
 *
 *   EX-EMPLOY     97 people    × 10,000 × (1 − 0.25)(1 − 0.05)(1 − 0.10) = 622,012.50 a year,
 *                 drop-off 30%, 3 years
 *   EX-WELLBEING  36 people    × 1,500 × (1 − 0.30)(1 − 0.20)          =  30,240.00, 50%, 2 years
 *   EX-AE-AVOID   13 avoided   × 177.46 × (1 − 0.20)(1 − 0.30)          =   1,291.91, 1 year
 *   EX-TENANCY    41 households × 6,000 × (1 − 0.20)(1 − 0.15)         = 167,280.00, 20%, 2 years
 *
 * Discounted at a constant 3.5%, end of year (factors 0.966184, 0.933511, 0.901943):
 *
 *   year                 1             2             3
 *   EX-EMPLOY      600,978.26    406,458.73    274,899.62   = 1,282,336.61
 *   EX-WELLBEING    29,217.39     14,114.68                 =    43,332.07
 *   EX-AE-AVOID      1,248.22                               =     1,248.22
 *   EX-TENANCY     161,623.19    124,926.14                 =   286,549.32
 *   total                                                   = 1,613,466.23
 *
 * Investment £1,100,000 (the demo's four open-book returns of £275,000): ratio 1.47:1.
 *
 * Duration −1 year: EX-EMPLOY 2 years, the others 1 (A&E avoided is already at its one year and
 *   stays there): 600,978.26 + 406,458.73 + 29,217.39 + 1,248.22 + 161,623.19 = 1,199,525.79,
 *   ratio 1.09:1.
 * Duration −2 years: every line at one year (the two-year lines too, and A&E, which would go
 *   below one): 600,978.26 + 29,217.39 + 1,248.22 + 161,623.19 = 793,067.06, ratio 0.72:1.
 * So the break-even is −2 years. Before the fix the search stopped at the shortest line (A&E,
 *   one year, nothing to shorten) and said "not reachable".
 */
import { toMoneyString, toRatioString } from '../../money/money';
import type { OutcomeLineInput } from '../outcome-line';
import { computeSroiReport, type SroiReportInput } from '../report';
import { analyseSensitivity } from '../sensitivity';
import { valueWithChanges } from '../sensitivity-grid';

const line = (
  code: string,
  quantity: string,
  valuePerUnit: string,
  [deadweight, attribution, displacement, dropOff]: string[],
  durationYears: number,
): OutcomeLineInput => ({
  outcomeId: code,
  quantity,
  proxy: { code, valuePerUnit, deadweight, attribution, displacement, dropOff, durationYears },
});

const demoYear: SroiReportInput = {
  investment: '1100000.00',
  discount: { rate: '0.035', convention: 'end-of-year' },
  lines: [
    line('EX-EMPLOY', '97', '10000.00', ['0.25', '0.10', '0.05', '0.30'], 3),
    line('EX-WELLBEING', '36', '1500.00', ['0.30', '0.20', '0', '0.50'], 2),
    line('EX-AE-AVOID', '13', '177.46', ['0.20', '0.30', '0', '0'], 1),
    line('EX-TENANCY', '41', '6000.00', ['0.20', '0.15', '0', '0.20'], 2),
  ],
};

describe('worked example: duration break-even over lines of 3, 2, 2 and 1 years (the demo)', () => {
  const report = computeSroiReport(demoYear);
  const analysis = analyseSensitivity(demoYear, [
    { parameter: 'duration', change: '-1' },
    { parameter: 'duration', change: '-2' },
  ]);

  it('values the year at 1.47:1', () => {
    expect(toMoneyString(report.totalPresentValue)).toBe('1613466.23');
    expect(toRatioString(report.sroiRatio!)).toBe('1.47:1');
  });

  it('shortening by 1 and 2 years gives 1.09:1 and 0.72:1 (lines stay at one year)', () => {
    const [minusOne, minusTwo] = analysis.results;
    expect(toMoneyString(minusOne.presentValue)).toBe('1199525.79');
    expect(toRatioString(minusOne.ratio!)).toBe('1.09:1');
    expect(toMoneyString(minusTwo.presentValue)).toBe('793067.06');
    expect(toRatioString(minusTwo.ratio!)).toBe('0.72:1');
    // A&E avoided cannot go below its one year: both cases say they were clamped.
    expect(minusOne.clamped).toBe(true);
    expect(minusTwo.clamped).toBe(true);
  });

  it('breaks even at −2 years, the ratio the changed lines valued in full give', () => {
    const { breakEven } = analysis.results[0];
    expect(breakEven.reachable).toBe(true);
    if (!breakEven.reachable) return;
    expect(breakEven.change.toString()).toBe('-2');
    expect(breakEven.text).toBe(
      'Break-even (duration): a change of -2 brings the ratio to 0.7210:1.',
    );
    const full = valueWithChanges(demoYear, [{ parameter: 'duration', change: '-2' }]);
    expect(breakEven.ratioAtChange.toString()).toBe(full.ratio!.toString());
    const oneYearLess = valueWithChanges(demoYear, [{ parameter: 'duration', change: '-1' }]);
    expect(oneYearLess.ratio!.gt(1)).toBe(true);
  });

  it('is out of reach only when every line at one year still pays back', () => {
    // Every line at one year is worth 793,067.06: an investment of 700,000 is covered even then.
    const cheaper = analyseSensitivity({ ...demoYear, investment: '700000.00' }, [
      { parameter: 'duration', change: '-1' },
    ]);
    expect(cheaper.results[0].breakEven).toMatchObject({
      reachable: false,
      reason: 'not-reachable-within-valid-bounds',
    });
  });
});
