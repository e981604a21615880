import fc from 'fast-check';

import { fractionArb, moneyArb, quantityArb } from '../../test-support/arbitraries';
import type { OutcomeLineInput } from './outcome-line';
import type { SroiReportInput } from './report';
import { analyseSensitivity, type BreakEven } from './sensitivity';
import { valueWithChanges } from './sensitivity-grid';

/**
 * The duration break-even against its definition, with lines of different durations: the smallest
 * whole-year change (towards 1:1) at which the ratio of the report valued in full with every line's
 * duration changed (a line never going below one year) reaches 1:1.
 */
const ratioAt = (input: SroiReportInput, years: number) =>
  valueWithChanges(input, [{ parameter: 'duration', change: String(years) }]).ratio!;

function durationBreakEven(input: SroiReportInput): BreakEven {
  return analyseSensitivity(input, [{ parameter: 'duration', change: '-1' }]).results[0].breakEven;
}

const lines = (specs: { quantity: string; durationYears: number }[], more = {}) =>
  specs.map(({ quantity, durationYears }, index): OutcomeLineInput => ({
    outcomeId: `o${index}`,
    quantity,
    proxy: { valuePerUnit: '1000', durationYears, ...more },
  }));

describe('duration break-even with lines of different durations', () => {
  it('shortens past the shortest line (kept at one year) while longer lines still shorten', () => {
    // No discounting. A: 10 × 1000 for 5 years = 50000; B: 10 × 1000 for 1 year = 10000.
    // Investment 35000, ratio 60000 / 35000 = 1.71. −1: 40000 + 10000 = 50000 (1.43);
    // −2: 30000 + 10000 = 40000 (1.14); −3: 20000 + 10000 = 30000 (0.86): break-even −3,
    // though B has been at its one year from the start.
    const input: SroiReportInput = {
      lines: lines([
        { quantity: '10', durationYears: 5 },
        { quantity: '10', durationYears: 1 },
      ]),
      investment: '35000',
      discount: { convention: 'none' },
    };
    const breakEven = durationBreakEven(input);
    expect(breakEven).toMatchObject({ reachable: true });
    if (!breakEven.reachable) return;
    expect(breakEven.change.toString()).toBe('-3');
    expect(breakEven.ratioAtChange.toDecimalPlaces(4).toString()).toBe('0.8571');
  });

  it('is out of reach only when every line at one year still pays back', () => {
    // At one year each: 10000 + 10000 = 20000 > 15000.
    const input: SroiReportInput = {
      lines: lines([
        { quantity: '10', durationYears: 5 },
        { quantity: '10', durationYears: 1 },
      ]),
      investment: '15000',
      discount: { convention: 'none' },
    };
    expect(durationBreakEven(input)).toMatchObject({
      reachable: false,
      reason: 'not-reachable-within-valid-bounds',
    });
  });

  it('lengthens the shorter lines past the longest one reaching the maximum', () => {
    // A at 499 years and B at 1 year, 1000 a year each, no discounting: +1 takes A to 500 (its
    // bound) and B to 2, and B keeps lengthening: PV(+k) = 1000 × min(499 + k, 500) + 1000 × (1 + k).
    // Investment 505000: +3 gives 504000, +4 gives 505000 (1:1).
    const input: SroiReportInput = {
      lines: lines([
        { quantity: '1', durationYears: 499 },
        { quantity: '1', durationYears: 1 },
      ]),
      investment: '505000',
      discount: { convention: 'none' },
    };
    const breakEven = durationBreakEven(input);
    expect(breakEven.reachable && breakEven.change.toString()).toBe('4');
  });

  const lineArb = fc.record({
    quantity: quantityArb,
    valuePerUnit: moneyArb,
    deadweight: fractionArb,
    attribution: fractionArb,
    dropOff: fractionArb,
    // Short lines next to long ones: a change that shortens the long ones takes the short ones
    // to zero years or below (they stay at one).
    durationYears: fc.integer({ min: 1, max: 8 }),
  });

  it('matches valuing the changed lines in full when shortening (property)', () => {
    // Lengthening is checked against full valuations by the sensitivity spec's properties; the
    // lines here are never negative, so the report pays back with every line at its full
    // duration (an investment of 1–99% of the present value) and the break-even shortens.
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 1, max: 99 }),
        fc.constantFrom('end-of-year' as const, 'mid-year' as const, 'none' as const),
        (specs, percent, convention) => {
          const unpriced: SroiReportInput = {
            lines: specs.map(({ quantity, ...proxy }, index) => ({
              outcomeId: `o${index}`,
              quantity,
              proxy,
            })),
            investment: '1',
            discount: { convention },
          };
          const base = valueWithChanges(unpriced, []).presentValue;
          const investment = base.times(percent).div(100).toDecimalPlaces(2);
          if (investment.isZero() || investment.gte(base)) return;
          const input = { ...unpriced, investment: investment.toString() };
          const longest = Math.max(...specs.map((spec) => spec.durationYears));
          const breakEven = durationBreakEven(input);
          if (breakEven.reachable) {
            const change = breakEven.change.toNumber();
            expect(change).toBeLessThan(0);
            expect(change).toBeGreaterThanOrEqual(1 - longest);
            // The ratio at the change, recomputed from the lines valued in full, reaches 1:1 ...
            const atChange = ratioAt(input, change);
            expect(atChange.lte(1)).toBe(true);
            expect(breakEven.ratioAtChange.toString()).toBe(atChange.toString());
            // ... and no smaller change does.
            for (let years = -1; years > change; years -= 1) {
              expect(ratioAt(input, years).gt(1)).toBe(true);
            }
          } else {
            // Every change, to every line at one year and beyond (lines going to zero years or
            // below stay at one), still pays back; "no effect" when nothing can shorten.
            for (let years = 1; years <= longest + 1; years += 1) {
              expect(ratioAt(input, -years).gt(1)).toBe(true);
            }
            expect(breakEven.reason).toBe(
              longest === 1 || ratioAt(input, 1 - longest).eq(ratioAt(input, 0))
                ? 'no-effect'
                : 'not-reachable-within-valid-bounds',
            );
          }
        },
      ),
      { numRuns: Number(process.env.RUNS ?? 100) },
    );
  });
});
