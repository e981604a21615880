/**
 * Worked example 1 — an employment support programme, Green Book defaults (3.5%, end of year).
 *
 * Impact map line: 20 people into sustained work, valued at £10,000 per person per year.
 * Deadweight 25%, displacement 10%, attribution 20%, drop-off 20% a year, duration 3 years
 * (years of benefit including the first). Investment £200,000.
 *
 * By hand:
 *   gross            = 20 × 10,000                           = 200,000.00
 *   impact (year 1)  = 200,000 × 0.75 × 0.90 × 0.80          = 108,000.00   (multiplied, not 1 − 0.55)
 *   year 2           = 108,000 × (1 − 0.20)                  =  86,400.00
 *   year 3           =  86,400 × (1 − 0.20)                  =  69,120.00
 *   PV year 1        = 108,000 / 1.035                       = 104,347.826087 → 104,347.83
 *   PV year 2        =  86,400 / 1.035² = 86,400 / 1.071225  =  80,655.324512 →  80,655.32
 *   PV year 3        =  69,120 / 1.035³ = 69,120 / 1.108717875 = 62,342.279816 → 62,342.28
 *   total PV         = 247,345.430414                        → 247,345.43
 *   NPV              = 247,345.43 − 200,000                  =  47,345.43
 *   SROI ratio       = 247,345.430414 / 200,000              = 1.2367 → 1.24:1
 *   net SROI ratio   = 47,345.430414 / 200,000               = 0.2367 → 0.24:1
 *   payback (SROI Guide) = 200,000 ÷ (first-year value 108,000 ÷ 12 = 9,000 a month)
 *                    = 22.22 months
 *   payback (cumulative, shown beside it) = cumulative undiscounted 108,000 (12 m), 194,400
 *                      (24 m); the remaining 5,600 of year 3's 69,120 → 24 + 12 × 5,600 / 69,120
 *                    = 24 + 0.9722                           = 24.97 months
 */
import { explain } from '../../explanation/steps';
import { toMoneyString, toRatioString } from '../../money/money';
import { computeSroiReport } from '../report';
import { monetised } from '../../../test-support/arbitraries';

describe('worked example: employment support programme', () => {
  const report = computeSroiReport({
    investment: '200000',
    lines: [
      {
        outcomeId: 'sustained-work',
        title: 'People into sustained work',
        theme: 'Jobs',
        unit: 'people',
        quantity: '20',
        proxy: {
          code: 'EMP-SUSTAINED',
          valuePerUnit: '10000',
          deadweight: '0.25',
          displacement: '0.10',
          attribution: '0.20',
          dropOff: '0.20',
          durationYears: 3,
        },
      },
    ],
  });
  const line = monetised(report.lines[0]);

  it('values the line year by year', () => {
    expect(line.gross.toString()).toBe('200000');
    expect(line.impact.toString()).toBe('108000');
    expect(line.years.map((year) => year.value.toString())).toEqual(['108000', '86400', '69120']);
    expect(line.years.map((year) => toMoneyString(year.presentValue))).toEqual([
      '104347.83',
      '80655.32',
      '62342.28',
    ]);
  });

  it('totals the report', () => {
    expect(toMoneyString(report.totalPresentValue)).toBe('247345.43');
    expect(report.totalPresentValue.toDecimalPlaces(6).toString()).toBe('247345.430414');
    expect(toMoneyString(report.netPresentValue)).toBe('47345.43');
    expect(toRatioString(report.sroiRatio!)).toBe('1.24:1');
    expect(report.sroiRatio!.toDecimalPlaces(4).toString()).toBe('1.2367');
    expect(report.netSroiRatio!.toDecimalPlaces(4).toString()).toBe('0.2367');
    expect(report.paybackMonths!.toDecimalPlaces(2).toString()).toBe('22.22');
    expect(report.paybackAlternative.method).toBe('cumulative');
    expect(report.paybackAlternative.months!.toDecimalPlaces(2).toString()).toBe('24.97');
  });

  it('shows the working a board pack can follow', () => {
    const text = explain(report);
    expect(text).toContain('Gross value = 20 × 10000.00 = 200000.00.');
    expect(text).toContain(
      'Impact (year 1 value) = 200000.00 × 0.75 × 0.9 × 0.8 = 108000.00 (deductions multiply).',
    );
    expect(text).toContain(
      'Year 3: value 86400.00 × (1 − 0.2) = 69120.00; discount factor 0.901943 (t = 3); present value 62342.28.',
    );
    expect(text).toContain('SROI ratio = 247345.43 ÷ 200000.00 = 1.24:1');
    expect(text).toContain('reaches the investment in year 3, after 25 months');
  });
});
