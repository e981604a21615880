/**
 * Worked example 2 — a tenancy sustainment service, partnership setting "start of year" (year 1
 * not discounted) at a constant 3.5%, with leakage and an outcome that is not monetised.
 *
 * Lines:
 *   A. 12 tenancies sustained, proxy £8,500 per tenancy; deadweight 30%, displacement 0,
 *      attribution 25%, leakage 10%; drop-off 50%; duration 2 years.
 *   B. 45 residents reporting more confidence: no proxy — reported in units only.
 * Investment £60,000.
 *
 * By hand:
 *   gross            = 12 × 8,500                            = 102,000.00
 *   impact (year 1)  = 102,000 × 0.70 × 1 × 0.75 × 0.90      =  48,195.00
 *   year 2           = 48,195 × (1 − 0.50)                   =  24,097.50
 *   PV year 1        = 48,195 (start of year: t = 0)          =  48,195.00
 *   PV year 2        = 24,097.50 / 1.035                     =  23,282.608696 → 23,282.61
 *   total PV         = 71,477.608696                          → 71,477.61
 *   SROI ratio       = 71,477.608696 / 60,000                = 1.191293 → 1.19:1
 *   payback (SROI Guide) = 60,000 ÷ (first-year value 48,195 ÷ 12) = 14.94 months
 *   payback (cumulative) = 12 + 12 × (60,000 − 48,195) / 24,097.50 = 12 + 5.8786 = 17.88 months
 *   not monetised    = 45 residents (never counted as £0)
 */
import { explain } from '../../explanation/steps';
import { toMoneyString, toRatioString } from '../../money/money';
import { computeSroiReport } from '../report';
import { monetised } from '../../../test-support/arbitraries';

describe('worked example: tenancy sustainment service', () => {
  const report = computeSroiReport({
    investment: '60000',
    discount: { rate: '0.035', convention: 'start-of-year' },
    lines: [
      {
        outcomeId: 'tenancies',
        title: 'Tenancies sustained',
        theme: 'Housing',
        unit: 'tenancies',
        quantity: '12',
        proxy: {
          valuePerUnit: '8500',
          deadweight: '0.30',
          displacement: '0',
          attribution: '0.25',
          leakage: '0.10',
          dropOff: '0.50',
          durationYears: 2,
        },
      },
      {
        outcomeId: 'confidence',
        title: 'Residents reporting more confidence',
        theme: 'Community',
        unit: 'residents',
        quantity: '45',
      },
    ],
  });

  it('values the tenancies with leakage, start-of-year discounting', () => {
    const line = monetised(report.lines[0]);
    expect(line.impact.toString()).toBe('48195');
    expect(line.years.map((year) => [year.discountTime, toMoneyString(year.presentValue)])).toEqual(
      [
        [0, '48195.00'],
        [1, '23282.61'],
      ],
    );
  });

  it('totals the report and keeps the confidence outcome in units', () => {
    expect(toMoneyString(report.totalPresentValue)).toBe('71477.61');
    expect(toRatioString(report.sroiRatio!)).toBe('1.19:1');
    expect(report.sroiRatio!.toDecimalPlaces(6).toString()).toBe('1.191293');
    expect(report.paybackMonths!.toDecimalPlaces(2).toString()).toBe('14.94');
    expect(report.paybackAlternative.months!.toDecimalPlaces(2).toString()).toBe('17.88');
    expect(
      report.notMonetised.map((entry) => [entry.outcomeId, entry.quantity.toString(), entry.unit]),
    ).toEqual([['confidence', '45', 'residents']]);
    expect(report.byTheme.map((theme) => [theme.theme, toMoneyString(theme.presentValue)])).toEqual(
      [
        ['Housing', '71477.61'],
        ['Community', '0.00'],
      ],
    );
  });

  it('states the convention on the report', () => {
    expect(report.discount.statement).toBe(
      'Discounted at the discount rate (3.5% every year), start-of-year convention (year 1 not discounted).',
    );
    expect(explain(report)).toContain('Leakage 10%: 53550.00 × (1 − 0.1) = 48195.00.');
  });
});
