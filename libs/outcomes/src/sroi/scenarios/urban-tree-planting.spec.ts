/**
 * Worked example 3 — urban tree planting valued over 35 years, crossing the Green Book step
 * from 3.5% to 3.0% after year 30 (end-of-year convention).
 *
 * Line: 100 trees, carbon and amenity proxy £50 per tree per year, attribution 50% (the
 * volunteers' partners share the credit), no deadweight, no drop-off, duration 35 years.
 * Investment £20,000.
 *
 * By hand:
 *   yearly value   = 100 × 50 × 0.5                              = 2,500.00 every year
 *   years 1–30     = 2,500 × annuity(30 years, 3.5%)
 *                  = 2,500 × (1 − 1.035^−30) / 0.035 = 2,500 × 18.392045 = 45,980.11
 *   years 31–35    = 2,500 × 1.035^−30 × annuity(5 years, 3.0%)
 *                  = 2,500 × 0.356278 × 4.579707                 =  4,079.13
 *   total PV       = 2,500 × 20.023694 = 50,059.24
 *   SROI ratio     = 50,059.24 / 20,000                          = 2.50:1
 *   payback        = 20,000 / (2,500 / 12)                       = 96 months (year 8)
 */
import { toMoneyString, toRatioString } from '../../money/money';
import { computeSroiReport } from '../report';
import { monetised } from '../../../test-support/arbitraries';

describe('worked example: urban tree planting over 35 years', () => {
  const report = computeSroiReport({
    investment: '20000',
    lines: [
      {
        outcomeId: 'trees',
        title: 'Street trees planted and maintained',
        theme: 'Environment',
        unit: 'trees',
        quantity: '100',
        proxy: { valuePerUnit: '50', attribution: '0.5', durationYears: 35 },
      },
    ],
  });
  const line = monetised(report.lines[0]);

  it('discounts years 1–30 at 3.5% and years 31–35 at 3.0%', () => {
    const first30 = line.years
      .slice(0, 30)
      .reduce((total, year) => total.plus(year.presentValue), line.gross.times(0));
    const last5 = line.years
      .slice(30)
      .reduce((total, year) => total.plus(year.presentValue), line.gross.times(0));
    expect(toMoneyString(first30)).toBe('45980.11');
    expect(toMoneyString(last5)).toBe('4079.13');
    const step = (year: number) =>
      line.years[year - 2].discountFactor
        .div(line.years[year - 1].discountFactor)
        .toDecimalPlaces(20)
        .toString();
    expect([step(30), step(31), step(35)]).toEqual(['1.035', '1.03', '1.03']);
  });

  it('totals the report', () => {
    expect(line.years.every((year) => year.value.eq(2500))).toBe(true);
    expect(toMoneyString(report.totalPresentValue)).toBe('50059.24');
    expect(toRatioString(report.sroiRatio!)).toBe('2.50:1');
    expect(report.paybackMonths!.toString()).toBe('96');
  });
});
