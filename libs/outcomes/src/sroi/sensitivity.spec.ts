import fc from 'fast-check';

import { fractionArb, monetised, moneyArb, quantityArb } from '../../test-support/arbitraries';
import { ValidationError } from '../errors';
import { explain } from '../explanation/steps';
import { OutcomesDecimal } from '../money/decimal';
import { resolveDiscount, type ResolvedDiscount } from './discount';
import {
  valueLineWith,
  valueOutcomeLine,
  type FinancialProxyInput,
  type OutcomeLineInput,
} from './outcome-line';
import { computeSroiReport, type SroiReportInput } from './report';
import {
  analyseSensitivity,
  type BreakEven,
  type SensitivityCase,
  type SensitivityParameter,
} from './sensitivity';

const noDiscount = { convention: 'none' as const };

/** 10 × 1000 × (1 − 0.2) = 8000 for one year. */
const jobs: OutcomeLineInput = {
  outcomeId: 'jobs',
  quantity: '10',
  proxy: { valuePerUnit: '1000', deadweight: '0.2' },
};

/** 1000, 800, 640, 512, 409.6 over five years = 3361.6. */
const health: OutcomeLineInput = {
  outcomeId: 'health',
  quantity: '1',
  proxy: { valuePerUnit: '1000', dropOff: '0.2', durationYears: 5 },
};

const confidence: OutcomeLineInput = { outcomeId: 'confidence', quantity: '45' };

function input(lines: OutcomeLineInput[], investment: string): SroiReportInput {
  return { lines, investment, discount: noDiscount };
}

function one(report: SroiReportInput, entry: SensitivityCase) {
  return analyseSensitivity(report, [entry]).results[0];
}

function changeOf(breakEven: BreakEven): string {
  if (!breakEven.reachable) throw new Error(`not reachable: ${breakEven.reason}`);
  return breakEven.change.toString();
}

describe(analyseSensitivity.name, () => {
  describe('linear parameters (base ratio 2: PV 8000 on investment 4000)', () => {
    const report = input([jobs, confidence], '4000');

    it.each([
      // deadweight 0.2 → 0.3: 10000 × 0.7 = 7000, ratio 1.75; break-even 0.2 + 0.4 = 0.6 → 4000
      ['deadweight', '0.1', '7000', '1.75', '0.4'],
      // attribution 0 → 0.1: 8000 × 0.9 = 7200; break-even 0.5 → 4000
      ['attribution', '0.1', '7200', '1.8', '0.5'],
      ['displacement', '0.25', '6000', '1.5', '0.5'],
      ['leakage', '0.5', '4000', '1', '0.5'],
      // proxy value −10%: 7200; break-even −50%
      ['proxyValue', '-0.1', '7200', '1.8', '-0.5'],
      ['proxyValue', '0.25', '10000', '2.5', '-0.5'],
    ] as const)(
      'varies %s by %s: PV %s, ratio %s, break-even change %s',
      (parameter, change, presentValue, ratio, breakEven) => {
        const result = one(report, { parameter, change });
        expect(result.presentValue.toString()).toBe(presentValue);
        expect(result.ratio?.toString()).toBe(ratio);
        expect(result.ratioChange?.toString()).toBe(result.ratio?.minus(2).toString());
        expect(result.clamped).toBe(false);
        expect(changeOf(result.breakEven)).toBe(breakEven);
        expect(result.breakEven.reachable && result.breakEven.ratioAtChange.toString()).toBe('1');
      },
    );

    it('clamps a change that would leave 0–1 and says so', () => {
      const result = one(report, { parameter: 'deadweight', change: '0.9' });
      expect(result.clamped).toBe(true);
      expect(result.presentValue.toString()).toBe('0');
      expect(
        explain(analyseSensitivity(report, [{ parameter: 'deadweight', change: '0.9' }])),
      ).toContain('(clamped to valid bounds)');
      expect(one(report, { parameter: 'proxyValue', change: '-2' }).clamped).toBe(true);
      expect(one(report, { parameter: 'duration', change: '-3' }).clamped).toBe(true);
    });

    it('says drop-off has no effect on a one-year outcome', () => {
      const result = one(report, { parameter: 'dropOff', change: '0.1' });
      expect(result.presentValue.toString()).toBe('8000');
      expect(result.breakEven).toMatchObject({ reachable: false, reason: 'no-effect' });
    });

    it('says duration cannot go below one year', () => {
      expect(one(report, { parameter: 'duration', change: '1' }).breakEven).toMatchObject({
        reachable: false,
        reason: 'not-reachable-within-valid-bounds',
      });
    });

    it('gives a zero change when the ratio is already 1:1', () => {
      const atPar = input([jobs], '8000');
      for (const parameter of [
        'deadweight',
        'proxyValue',
        'dropOff',
        'duration',
      ] as SensitivityParameter[]) {
        expect(changeOf(one(atPar, { parameter, change: '0' }).breakEven)).toBe('0');
      }
    });

    it('reports a deduction break-even outside 0–1 as not reachable', () => {
      // investment 1: attribution 0 + 0.999875 leaves 8000 × 0.000125 = 1 → reachable
      const nearlyAll = one(input([jobs], '1'), { parameter: 'attribution', change: '0' });
      expect(changeOf(nearlyAll.breakEven)).toBe('0.999875');
      // investment 9000 > 8000: attribution would have to be −0.125
      const unreachable = one(input([jobs], '9000'), { parameter: 'attribution', change: '0' });
      expect(unreachable.breakEven).toMatchObject({
        reachable: false,
        reason: 'not-reachable-within-valid-bounds',
      });
      expect(unreachable.breakEven.text).toBe(
        'Break-even (attribution): not reachable — no valid value of attribution brings the ratio to 1:1.',
      );
    });

    it('requires a global change to keep every line within 0–1', () => {
      // deadweights 0.2 and 0.9: break-even needs +0.4 on both, but 0.9 + 0.4 > 1
      const heavy: OutcomeLineInput = {
        outcomeId: 'heavy',
        quantity: '1',
        proxy: { valuePerUnit: '1000', deadweight: '0.9' },
      };
      expect(
        one(input([jobs, heavy], '4100'), { parameter: 'deadweight', change: '0' }).breakEven,
      ).toMatchObject({
        reachable: false,
        reason: 'not-reachable-within-valid-bounds',
      });
    });

    it('reports a proxy value break-even below zero as not reachable', () => {
      // another outcome alone already exceeds the investment
      const other: OutcomeLineInput = {
        outcomeId: 'other',
        quantity: '1',
        proxy: { valuePerUnit: '5000' },
      };
      const result = one(input([jobs, other], '4000'), {
        parameter: 'proxyValue',
        change: '0.1',
        outcomeId: 'jobs',
      });
      expect(result.presentValue.toString()).toBe('13800');
      expect(result.breakEven).toMatchObject({
        reachable: false,
        reason: 'not-reachable-within-valid-bounds',
      });
    });

    it('says when the varied lines carry no value', () => {
      const worthless: OutcomeLineInput = {
        outcomeId: 'worthless',
        quantity: '3',
        proxy: { valuePerUnit: '100', attribution: '1' },
      };
      const report2 = input([jobs, worthless], '4000');
      expect(
        one(report2, { parameter: 'deadweight', change: '0', outcomeId: 'worthless' }).breakEven,
      ).toMatchObject({
        reachable: false,
        reason: 'no-effect',
      });
      expect(
        one(report2, { parameter: 'proxyValue', change: '0', outcomeId: 'worthless' }).breakEven,
      ).toMatchObject({
        reachable: false,
        reason: 'no-effect',
      });
    });
  });

  it('finds the drop-off break-even exactly as a bisection on full valuations does (quick sign tests change nothing)', () => {
    const lineArb = fc.record({
      quantity: quantityArb,
      valuePerUnit: moneyArb,
      deadweight: fractionArb,
      dropOff: fractionArb,
      durationYears: fc.integer({ min: 2, max: 8 }),
    });
    const conventionArb = fc.constantFrom('end-of-year' as const, 'mid-year' as const);
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 3 }),
        conventionArb,
        fc.integer({ min: 101, max: 150 }),
        (specs, convention, percent) => {
          const lines: OutcomeLineInput[] = specs.map(({ quantity, ...proxy }, index) => ({
            outcomeId: `o${index}`,
            quantity,
            proxy,
          }));
          const discount = { convention };
          // Value every line in full with drop-off changed by `change`, as a user would.
          const gapAt = (change: InstanceType<typeof OutcomesDecimal>, investment: string) =>
            lines
              .map((line) => {
                const dropOff = OutcomesDecimal.min(
                  1,
                  OutcomesDecimal.max(0, new OutcomesDecimal(line.proxy!.dropOff!).plus(change)),
                );
                const valued = valueOutcomeLine(
                  { ...line, proxy: { ...line.proxy!, dropOff: dropOff.toString() } },
                  { discount },
                );
                return valued.presentValue!;
              })
              .reduce((a, b) => a.plus(b))
              .minus(investment);
          const base = gapAt(new OutcomesDecimal(0), '0');
          if (base.isZero()) return;
          // An investment below the present value with no drop-off: the ratio crosses 1 as drop-off rises.
          const investment = base.times(100).div(percent).toDecimalPlaces(2).toString();
          const result = one(
            { lines, investment, discount },
            { parameter: 'dropOff', change: '0' },
          );
          const fractions = lines.map((l) => new OutcomesDecimal(l.proxy!.dropOff!));
          let low = OutcomesDecimal.min(...fractions).negated();
          let high = new OutcomesDecimal(1).minus(OutcomesDecimal.max(...fractions));
          const gapLow = gapAt(low, investment);
          const gapHigh = gapAt(high, investment);
          if (gapLow.isZero() || gapHigh.isZero() || gapLow.isPositive() === gapHigh.isPositive())
            return;
          let expected: string | null = null;
          while (high.minus(low).gt('1e-12')) {
            const middle = low.plus(high).div(2).toDecimalPlaces(15);
            const gap = gapAt(middle, investment);
            if (gap.isZero()) {
              expected = middle.toString();
              break;
            }
            if (gap.isPositive() === gapLow.isPositive()) low = middle;
            else high = middle;
          }
          expected ??= low.plus(high).div(2).toDecimalPlaces(15).toString();
          expect(changeOf(result.breakEven)).toBe(expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  describe('drop-off and duration (health: 3361.60 over five years)', () => {
    it('finds the drop-off break-even by bisection', () => {
      // 1000 × (1 + q + q² + q³ + q⁴) = 2000 with q = 1 − d → q ≈ 0.5188, d ≈ 0.4812, change ≈ +0.2812
      const result = one(input([health], '2000'), { parameter: 'dropOff', change: '0.1' });
      expect(result.presentValue.toString()).toBe('2773.1'); // d = 0.3: 1000 + 700 + 490 + 343 + 240.1
      const breakEven = result.breakEven;
      if (!breakEven.reachable) throw new Error('expected reachable');
      expect(breakEven.change.toDecimalPlaces(4).toString()).toBe('0.2812');
      expect(breakEven.ratioAtChange.minus(1).abs().lt('1e-10')).toBe(true);
    });

    it('lands exactly on a drop-off break-even when bisection hits it', () => {
      // two years: 1000 + 1000(1 − d) = 1500 at d = 0.5; bisection on [−0.2, 0.8] tries 0.3 first
      const twoYears: OutcomeLineInput = {
        ...health,
        proxy: { ...health.proxy!, durationYears: 2 },
      };
      expect(
        changeOf(one(input([twoYears], '1500'), { parameter: 'dropOff', change: '0' }).breakEven),
      ).toBe('0.3');
    });

    it.each([
      ['5000', '-0.2'], // no drop-off at all: 5 × 1000
      ['1000', '0.8'], // 100% drop-off: first year only
    ])(
      'finds a drop-off break-even at the edge of the valid range (investment %s)',
      (investment, change) => {
        expect(
          changeOf(
            one(input([health], investment), { parameter: 'dropOff', change: '0' }).breakEven,
          ),
        ).toBe(change);
      },
    );

    it('says when no drop-off reaches 1:1', () => {
      expect(
        one(input([health], '6000'), { parameter: 'dropOff', change: '0' }).breakEven,
      ).toMatchObject({
        reachable: false,
        reason: 'not-reachable-within-valid-bounds',
      });
    });

    it('finds the smallest shortening that brings the ratio to 1:1 or below', () => {
      // 2 years: 1800 ≤ 2000 < 3 years: 2440 → change −3, ratio 0.9
      const result = one(input([health], '2000'), { parameter: 'duration', change: '-1' });
      expect(result.presentValue.toString()).toBe('2952'); // four years
      const breakEven = result.breakEven;
      if (!breakEven.reachable) throw new Error('expected reachable');
      expect(breakEven.change.toString()).toBe('-3');
      expect(breakEven.ratioAtChange.toString()).toBe('0.9');
      expect(breakEven.text).toBe(
        'Break-even (duration): a change of -3 brings the ratio to 0.9000:1.',
      );
    });

    it('finds the smallest lengthening that brings the ratio to 1:1 or above', () => {
      // 7 years: 3951.424 < 4000 ≤ 8 years: 4161.1392 → change +3
      expect(
        changeOf(one(input([health], '4000'), { parameter: 'duration', change: '0' }).breakEven),
      ).toBe('3');
    });

    it('says when no duration reaches 1:1 (value converges below the investment)', () => {
      // at most 1000 / 0.2 = 5000 however long it lasts
      expect(
        one(input([health], '6000'), { parameter: 'duration', change: '0' }).breakEven,
      ).toMatchObject({
        reachable: false,
        reason: 'not-reachable-within-valid-bounds',
      });
    });

    it('says when duration has no effect (100% drop-off)', () => {
      const gone: OutcomeLineInput = { ...health, proxy: { ...health.proxy!, dropOff: '1' } };
      expect(
        one(input([gone], '6000'), { parameter: 'duration', change: '1' }).breakEven,
      ).toMatchObject({
        reachable: false,
        reason: 'no-effect',
      });
    });

    it('says when shortening has no effect (nothing is left after the first year)', () => {
      const gone: OutcomeLineInput = { ...health, proxy: { ...health.proxy!, dropOff: '1' } };
      // 1000 in year 1 and nothing after, on an investment of 500: ratio 2, whatever the duration.
      expect(
        one(input([gone], '500'), { parameter: 'duration', change: '-1' }).breakEven,
      ).toMatchObject({ reachable: false, reason: 'no-effect' });
    });

    it('finds the first lengthening reaching 1:1 even when a correction line makes longer durations worth less', () => {
      // 1000 halving each year, and a correction of −10 a year: 2 years 1480, 3 years 1720,
      // 4 years 1835, … then falling (500 years: about −3000). Investment 1800: +2 years.
      const halving: OutcomeLineInput = {
        outcomeId: 'halving',
        quantity: '1',
        proxy: { valuePerUnit: '1000', dropOff: '0.5', durationYears: 2 },
      };
      const correction: OutcomeLineInput = {
        outcomeId: 'correction',
        quantity: '-1',
        isCorrection: true,
        proxy: { valuePerUnit: '10', durationYears: 2 },
      };
      const result = one(input([halving, correction], '1800'), {
        parameter: 'duration',
        change: '1',
      });
      expect(result.presentValue.toString()).toBe('1720');
      const breakEven = result.breakEven;
      if (!breakEven.reachable) throw new Error('expected reachable');
      expect(breakEven.change.toString()).toBe('2');
      expect(breakEven.ratioAtChange.toString()).toBe(
        new OutcomesDecimal(1835).div(1800).toSignificantDigits(40).toString(),
      );
    });

    it('stops lengthening once the years left cannot reach 1:1, with or without drop-off', () => {
      // Without drop-off 1000 a year: 500 years give 500,000, short of 600,000. With the line
      // already at the maximum beside it, only the other line can add years.
      const flat: OutcomeLineInput = {
        outcomeId: 'flat',
        quantity: '1',
        proxy: { valuePerUnit: '1000', durationYears: 5 },
      };
      const longest: OutcomeLineInput = {
        ...health,
        outcomeId: 'longest',
        proxy: { ...health.proxy!, durationYears: 500 },
      };
      for (const lines of [[flat], [flat, longest], [health, longest]]) {
        expect(
          one(input(lines, '600000'), { parameter: 'duration', change: '1' }).breakEven,
        ).toMatchObject({ reachable: false, reason: 'not-reachable-within-valid-bounds' });
      }
      // The same line reaches 1:1 when the investment allows: 1000 a year, 600 years are too many
      // but 400 are enough.
      expect(
        changeOf(one(input([flat], '400000'), { parameter: 'duration', change: '1' }).breakEven),
      ).toBe('395');
    });

    it('cannot lengthen beyond the maximum duration', () => {
      const longest: OutcomeLineInput = {
        ...health,
        proxy: { ...health.proxy!, durationYears: 500 },
      };
      expect(
        one(input([longest], '6000'), { parameter: 'duration', change: '1' }).breakEven,
      ).toMatchObject({
        reachable: false,
        reason: 'not-reachable-within-valid-bounds',
      });
    });
  });

  it('varies a single outcome or every monetised line', () => {
    const report = input([jobs, health, confidence], '4000');
    const analysis = analyseSensitivity(report, [
      { parameter: 'proxyValue', change: '0.1', outcomeId: 'health' },
      { parameter: 'proxyValue', change: '0.1' },
    ]);
    expect(analysis.basePresentValue.toString()).toBe('11361.6');
    expect(analysis.baseRatio?.toString()).toBe('2.8404');
    expect(analysis.results.map((result) => result.presentValue.toString())).toEqual([
      '11697.76',
      '12497.76',
    ]);
    expect(analysis.results.map((result) => result.outcomeId)).toEqual(['health', null]);
    expect(analysis.steps).toHaveLength(4);
    expect(explain(analysis)).toContain('proxyValue changed by 0.1 on outcome health');
  });

  it('gives no ratio and no break-even for zero investment', () => {
    const result = one(input([jobs], '0'), { parameter: 'deadweight', change: '0.1' });
    expect(result.ratio).toBeNull();
    expect(result.ratioChange).toBeNull();
    expect(result.breakEven).toEqual({
      reachable: false,
      reason: 'zero-investment',
      text: 'Break-even: not defined because the investment is zero.',
    });
  });

  it('discounts the varied values like the report does', () => {
    const discounted = analyseSensitivity({ lines: [jobs], investment: '4000' }, [
      { parameter: 'proxyValue', change: '0' },
    ]);
    expect(discounted.basePresentValue.toDecimalPlaces(2).toString()).toBe('7729.47');
  });

  it.each([
    [{ parameter: 'weather' as SensitivityParameter, change: '0.1' }, 'cases[0].parameter'],
    [{ parameter: 'duration' as const, change: '1.5' }, 'cases[0].change'],
    [{ parameter: 'deadweight' as const, change: 0.1 as unknown as string }, 'cases[0].change'],
    [{ parameter: 'deadweight' as const, change: '0.1', outcomeId: 'nope' }, 'cases[0].outcomeId'],
    [
      { parameter: 'deadweight' as const, change: '0.1', outcomeId: 'confidence' },
      'cases[0].outcomeId',
    ],
  ])('rejects the case %j naming %s', (entry, field) => {
    expect.assertions(2);
    try {
      analyseSensitivity(input([jobs, confidence], '100'), [entry]);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
  });

  it('gives the figure valuing the changed line in full gives, also where that figure is rounded (a line of 245 years)', () => {
    // (1 − 0.0125)^244 has 976 decimal places: the valuation rounds to 1,000 digits here, so
    // scaling the line's present value would not give the same Decimal; the line is valued in full.
    const line: OutcomeLineInput = {
      outcomeId: 'long',
      quantity: '100',
      proxy: { valuePerUnit: '1000', deadweight: '0.25', dropOff: '0.0125', durationYears: 245 },
    };
    const report: SroiReportInput = { lines: [line], investment: '1000' };
    const full = (proxy: Partial<FinancialProxyInput>) =>
      valueOutcomeLine({ ...line, proxy: { ...line.proxy!, ...proxy } }).presentValue!.toString();
    const analysis = analyseSensitivity(report, [
      { parameter: 'deadweight', change: '0.1' },
      { parameter: 'proxyValue', change: '0' },
      { parameter: 'proxyValue', change: '-0.2' },
      { parameter: 'dropOff', change: '0.0005' },
    ]);
    expect(analysis.results.map((result) => result.presentValue.toString())).toEqual([
      full({ deadweight: '0.35' }),
      analysis.basePresentValue.toString(),
      full({ valuePerUnit: '800' }),
      full({ dropOff: '0.013' }),
    ]);
    // The same with a short line beside it, of the same deadweight (one group, valued line by line).
    const short: OutcomeLineInput = {
      outcomeId: 'short',
      quantity: '3',
      proxy: { valuePerUnit: '10', deadweight: '0.25', dropOff: '0.5', durationYears: 2 },
    };
    const both = analyseSensitivity({ lines: [line, short], investment: '1000' }, [
      { parameter: 'deadweight', change: '0.1' },
      { parameter: 'dropOff', change: '0.0005' },
    ]);
    // Two lines each exact alone whose sum needs more than 1,000 digits (600 integer digits and
    // 450 decimal places): the sum is rounded, so the lines are added one by one, as in full.
    const big: OutcomeLineInput = {
      outcomeId: 'big',
      quantity: `1${'0'.repeat(600)}`,
      proxy: { valuePerUnit: '3', deadweight: '0.25', dropOff: '0.5', durationYears: 2 },
    };
    const fine: OutcomeLineInput = {
      outcomeId: 'fine',
      quantity: `0.${'3'.repeat(450)}`,
      proxy: { valuePerUnit: '7', deadweight: '0.25', dropOff: '0.5', durationYears: 2 },
    };
    const wide = analyseSensitivity({ lines: [big, fine], investment: '1000' }, [
      { parameter: 'deadweight', change: '0.1' },
      { parameter: 'dropOff', change: '0.1' },
    ]);
    const fullOf = (l: OutcomeLineInput, proxy: Partial<FinancialProxyInput>) =>
      valueOutcomeLine({ ...l, proxy: { ...l.proxy!, ...proxy } }).presentValue!;
    expect(wide.results.map((result) => result.presentValue.toString())).toEqual([
      fullOf(big, { deadweight: '0.35' })
        .plus(fullOf(fine, { deadweight: '0.35' }))
        .toString(),
      fullOf(big, { dropOff: '0.6' })
        .plus(fullOf(fine, { dropOff: '0.6' }))
        .toString(),
    ]);
    const shortAt = (proxy: Partial<FinancialProxyInput>) =>
      valueOutcomeLine({ ...short, proxy: { ...short.proxy!, ...proxy } }).presentValue!;
    expect(both.results.map((result) => result.presentValue.toString())).toEqual([
      shortAt({ deadweight: '0.35' })
        .plus(full({ deadweight: '0.35' }))
        .toString(),
      shortAt({ dropOff: '0.5005' })
        .plus(full({ dropOff: '0.013' }))
        .toString(),
    ]);
  });

  describe('agrees with valuing the changed lines in full (the definition)', () => {
    type Dec = InstanceType<typeof OutcomesDecimal>;
    type Discount = SroiReportInput['discount'];
    const D = (value: string | number | Dec) => new OutcomesDecimal(value);
    const clamp01 = (value: Dec) => OutcomesDecimal.min(1, OutcomesDecimal.max(0, value));
    const Quotient = OutcomesDecimal.clone({
      precision: 40,
      rounding: OutcomesDecimal.ROUND_HALF_UP,
    });
    const div40 = (a: Dec, b: Dec) => D(new Quotient(a).div(b));

    /**
     * A line's present value by valueOutcomeLine. For the duration, whose break-even may try up
     * to 500 years one at a time, a valuation for N years gives every shorter duration too (its
     * first years): the line is valued again, for twice as long, only when a longer one is asked.
     */
    const totals = new Map<string, Dec[]>();
    const resolvedDiscounts = new Map<string, ResolvedDiscount>();
    function valued(line: OutcomeLineInput, discount: Discount, byYears: boolean): Dec {
      if (!byYears) return valueOutcomeLine(line, { discount }).presentValue!;
      // One resolved discount per convention: its factors are computed once for every line.
      const resolved = resolvedDiscounts.get(discount!.convention!) ?? resolveDiscount(discount);
      resolvedDiscounts.set(discount!.convention!, resolved);
      const { durationYears = 1, ...rest } = line.proxy!;
      const key = JSON.stringify([line.quantity, rest, discount]);
      let known = totals.get(key) ?? [];
      if (durationYears >= known.length) {
        const years = Math.min(500, Math.max(durationYears, 2 * known.length, 16));
        const valuation = monetised(
          valueLineWith({ ...line, proxy: { ...rest, durationYears: years } }, resolved, 'line'),
        );
        // known[n]: the present value of the first n years.
        known = [D(0)];
        for (const year of valuation.years)
          known.push(known[year.year - 1].plus(year.presentValue));
        totals.set(key, known);
      }
      return known[durationYears];
    }

    /** A proxy with the case's change applied, kept within bounds (and whether it had to be). */
    function changed(
      proxy: FinancialProxyInput,
      parameter: SensitivityParameter,
      change: Dec,
    ): { proxy: FinancialProxyInput; clamped: boolean } {
      if (parameter === 'duration') {
        const wanted = (proxy.durationYears ?? 1) + change.toNumber();
        const durationYears = Math.min(500, Math.max(1, wanted));
        return { proxy: { ...proxy, durationYears }, clamped: durationYears !== wanted };
      }
      if (parameter === 'proxyValue') {
        const wanted = D(proxy.valuePerUnit).times(D(1).plus(change));
        const value = OutcomesDecimal.max(0, wanted);
        return { proxy: { ...proxy, valuePerUnit: value.toString() }, clamped: !value.eq(wanted) };
      }
      const wanted = D(proxy[parameter as 'deadweight'] ?? '0').plus(change);
      const rate = clamp01(wanted);
      return { proxy: { ...proxy, [parameter]: rate.toString() }, clamped: !rate.eq(wanted) };
    }

    /** Σ of the monetised lines' present values, each selected line's proxy edited first. */
    function total(
      lines: readonly OutcomeLineInput[],
      discount: Discount,
      parameter: SensitivityParameter,
      edit: (proxy: FinancialProxyInput) => { proxy: FinancialProxyInput; clamped: boolean },
      selected: (line: OutcomeLineInput) => boolean,
    ): { presentValue: Dec; clamped: boolean } {
      let clamped = false;
      let presentValue = D(0);
      for (const line of lines) {
        if (!line.proxy) continue;
        let proxy = line.proxy;
        if (selected(line)) {
          const result = edit(proxy);
          proxy = result.proxy;
          clamped ||= result.clamped;
        }
        presentValue = presentValue.plus(
          valued({ ...line, proxy }, discount, parameter === 'duration'),
        );
      }
      return { presentValue, clamped };
    }

    /** The break-even by its definition (see BreakEven), from full valuations. */
    function expectedBreakEven(
      lines: readonly OutcomeLineInput[],
      discount: Discount,
      parameter: SensitivityParameter,
      selected: (line: OutcomeLineInput) => boolean,
      investment: Dec,
    ): string {
      const all = () => true;
      const none = () => false;
      const keep = (proxy: FinancialProxyInput) => ({ proxy, clamped: false });
      const gapAt = (change: Dec) =>
        total(
          lines,
          discount,
          parameter,
          (p) => changed(p, parameter, change),
          selected,
        ).presentValue.minus(investment);
      const at = (change: Dec) =>
        `${change.toString()} → ${div40(gapAt(change).plus(investment), investment).toString()}`;
      const varied = lines.filter((line) => line.proxy && selected(line));
      const only = (wanted: boolean) => (line: OutcomeLineInput) => selected(line) === wanted;
      const others = total(lines.filter(only(false)), discount, parameter, keep, all).presentValue;
      const base = gapAt(D(0));
      if (base.isZero()) return at(D(0));
      if (parameter === 'duration') {
        const durations = varied.map((line) => line.proxy!.durationYears ?? 1);
        const shorten = base.isPositive();
        // Until every line varied is at its bound (one year, or 500).
        const limit = shorten ? 1 - Math.max(...durations) : 500 - Math.min(...durations);
        const reached = (gap: Dec) => (shorten ? !gap.isPositive() : !gap.isNegative());
        for (let step = 1; step <= Math.abs(limit); step += 1) {
          const change = D(shorten ? -step : step);
          if (reached(gapAt(change))) return at(change);
        }
        return limit !== 0 && gapAt(D(limit)).eq(base)
          ? 'no-effect'
          : 'not-reachable-within-valid-bounds';
      }
      if (parameter === 'proxyValue') {
        // Value is proportional to the proxy value: PV(δ) = others + selected × (1 + δ).
        const ofSelected = total(lines.filter(only(true)), discount, parameter, keep, none);
        if (ofSelected.presentValue.isZero()) return 'no-effect';
        const change = div40(investment.minus(others), ofSelected.presentValue).minus(1);
        return change.lt(-1) ? 'not-reachable-within-valid-bounds' : at(change);
      }
      // A deduction: value is linear in its rate, PV(Δ) = PV − Δ × (selected lines without it).
      const without = total(
        lines.filter(only(true)),
        discount,
        parameter,
        (proxy) => ({ proxy: { ...proxy, [parameter]: '0' }, clamped: false }),
        all,
      ).presentValue;
      if (without.isZero()) return 'no-effect';
      const change = div40(base, without);
      const rates = varied.map((line) => D(line.proxy![parameter as 'deadweight'] ?? '0'));
      const lowest = OutcomesDecimal.min(...rates);
      const highest = OutcomesDecimal.max(...rates);
      return lowest.plus(change).lt(0) || highest.plus(change).gt(1)
        ? 'not-reachable-within-valid-bounds'
        : at(change);
    }

    const lineArb = fc.record({
      quantity: quantityArb,
      correction: fc.boolean(),
      valuePerUnit: moneyArb,
      deadweight: fractionArb,
      displacement: fractionArb,
      attribution: fractionArb,
      leakage: fc.option(fractionArb, { nil: undefined }),
      dropOff: fractionArb,
      durationYears: fc.integer({ min: 1, max: 12 }),
      benefitStart: fc.constantFrom('activity-year' as const, 'following-year' as const),
    });
    const parameters = [
      'deadweight',
      'displacement',
      'attribution',
      'leakage',
      'proxyValue',
      'duration',
    ] as const;

    it.each(['deadweight', 'attribution', 'leakage', 'dropOff'] as const)(
      '%s, lines sharing rates, drop-offs and durations: present value, clamping, ratio at break-even',
      (parameter) => {
        // Few distinct terms, as a report's lines read from a partnership's proxies have: lines
        // with the same term change together (grouped), which must give the line-by-line figure.
        const shared = fc.constantFrom('0', '0.1', '0.25', '0.3333', '1');
        const sharedLineArb = fc.record({
          quantity: quantityArb,
          correction: fc.boolean(),
          valuePerUnit: moneyArb,
          deadweight: shared,
          displacement: fractionArb,
          attribution: shared,
          leakage: fc.option(shared, { nil: undefined }),
          dropOff: shared,
          durationYears: fc.constantFrom(1, 3, 5),
          benefitStart: fc.constantFrom('activity-year' as const, 'following-year' as const),
        });
        fc.assert(
          fc.property(
            fc.array(sharedLineArb, { minLength: 2, maxLength: 8 }),
            fc.constantFrom('end-of-year' as const, 'mid-year' as const, 'none' as const),
            fc.integer({ min: 1, max: 400 }),
            fc.integer({ min: -20, max: 20 }),
            (specs, convention, percent, points) => {
              const lines: OutcomeLineInput[] = specs.map(
                ({ quantity, correction, ...proxy }, index) => ({
                  outcomeId: `o${index}`,
                  quantity: correction && index > 0 ? `-${quantity}` : quantity,
                  isCorrection: correction && index > 0,
                  proxy,
                }),
              );
              const discount = { convention };
              const all = () => true;
              const keep = (proxy: FinancialProxyInput) => ({ proxy, clamped: false });
              const noChange = total(lines, discount, parameter, keep, all).presentValue;
              const investment = noChange.abs().times(percent).div(100).toDecimalPlaces(2);
              if (investment.isZero()) return;
              const change = D(points).div(40);
              const result = one(
                { lines, investment: investment.toString(), discount },
                { parameter, change: change.toString() },
              );
              const at = (delta: Dec) =>
                total(lines, discount, parameter, (p) => changed(p, parameter, delta), all);
              const expected = at(change);
              expect(result.presentValue.toString()).toBe(expected.presentValue.toString());
              expect(result.clamped).toBe(expected.clamped);
              const breakEven = result.breakEven;
              if (breakEven.reachable) {
                expect(breakEven.ratioAtChange.toString()).toBe(
                  div40(at(breakEven.change).presentValue, investment).toString(),
                );
              }
            },
          ),
          { numRuns: Number(process.env.RUNS ?? 60) },
        );
      },
    );

    it('dropOff: present value, clamping, and the ratio where it breaks even', () => {
      // The break-even change itself is checked against a bisection on full valuations above.
      fc.assert(
        fc.property(
          fc.array(lineArb, { minLength: 1, maxLength: 4 }),
          fc.constantFrom('end-of-year' as const, 'mid-year' as const, 'none' as const),
          fc.integer({ min: 1, max: 400 }),
          fc.integer({ min: -20, max: 20 }),
          fc.boolean(),
          (specs, convention, percent, points, oneOutcome) => {
            const lines: OutcomeLineInput[] = specs.map(
              ({ quantity, correction, ...proxy }, index) => ({
                outcomeId: `o${index}`,
                quantity: correction && index > 0 ? `-${quantity}` : quantity,
                isCorrection: correction && index > 0,
                proxy,
              }),
            );
            const discount = { convention };
            const selected = (line: OutcomeLineInput) => !oneOutcome || line.outcomeId === 'o0';
            const keep = (proxy: FinancialProxyInput) => ({ proxy, clamped: false });
            const noChange = total(lines, discount, 'dropOff', keep, selected).presentValue;
            const investment = noChange.abs().times(percent).div(100).toDecimalPlaces(2);
            if (investment.isZero()) return;
            const change = D(points).div(40);
            const result = one(
              { lines, investment: investment.toString(), discount },
              {
                parameter: 'dropOff',
                change: change.toString(),
                ...(oneOutcome ? { outcomeId: 'o0' } : {}),
              },
            );
            const expected = total(
              lines,
              discount,
              'dropOff',
              (proxy) => changed(proxy, 'dropOff', change),
              selected,
            );
            expect(result.presentValue.toString()).toBe(expected.presentValue.toString());
            expect(result.clamped).toBe(expected.clamped);
            const breakEven = result.breakEven;
            if (breakEven.reachable) {
              const at = total(
                lines,
                discount,
                'dropOff',
                (proxy) => changed(proxy, 'dropOff', breakEven.change),
                selected,
              ).presentValue;
              expect(breakEven.ratioAtChange.toString()).toBe(div40(at, investment).toString());
            }
          },
        ),
        { numRuns: Number(process.env.RUNS ?? 60) },
      );
    });

    it.each(parameters)('%s: present value, clamping and break-even', (parameter) => {
      fc.assert(
        fc.property(
          fc.array(lineArb, { minLength: 1, maxLength: 4 }),
          fc.constantFrom('end-of-year' as const, 'mid-year' as const, 'none' as const),
          fc.integer({ min: 1, max: 400 }),
          fc.integer({ min: -3, max: 3 }),
          fc.boolean(),
          (specs, convention, percent, steps, oneOutcome) => {
            // Later lines may be corrections (negative quantities): value then need not be
            // monotone in the parameter.
            const lines: OutcomeLineInput[] = [
              ...specs.map(({ quantity, correction, ...proxy }, index) => ({
                outcomeId: `o${index}`,
                quantity: correction && index > 0 ? `-${quantity}` : quantity,
                isCorrection: correction && index > 0,
                proxy,
              })),
              confidence,
            ];
            const discount = { convention };
            const selected = (line: OutcomeLineInput) => !oneOutcome || line.outcomeId === 'o0';
            const keep = (proxy: FinancialProxyInput) => ({ proxy, clamped: false });
            const noChange = total(lines, discount, parameter, keep, selected).presentValue;
            // An investment of 1–400% of the present value: ratios either side of 1:1.
            const investment = noChange.abs().times(percent).div(100).toDecimalPlaces(2);
            if (investment.isZero()) return;
            const change = parameter === 'duration' ? D(steps) : D(steps).div(20);
            const result = one(
              { lines, investment: investment.toString(), discount },
              { parameter, change: change.toString(), ...(oneOutcome ? { outcomeId: 'o0' } : {}) },
            );
            const expected = total(
              lines,
              discount,
              parameter,
              (proxy) => changed(proxy, parameter, change),
              selected,
            );
            expect(result.presentValue.toString()).toBe(expected.presentValue.toString());
            expect(result.clamped).toBe(expected.clamped);
            expect(result.ratio?.toString()).toBe(
              div40(expected.presentValue, investment).toString(),
            );
            const breakEven = result.breakEven.reachable
              ? `${result.breakEven.change.toString()} → ${result.breakEven.ratioAtChange.toString()}`
              : result.breakEven.reason;
            expect(breakEven).toBe(
              expectedBreakEven(lines, discount, parameter, selected, investment),
            );
          },
        ),
        { numRuns: Number(process.env.RUNS ?? 60) },
      );
    });
  });

  it("gives the same analysis when it reuses the SROI report's valuations", () => {
    const lineArb = fc.record({
      quantity: quantityArb,
      valuePerUnit: moneyArb,
      deadweight: fractionArb,
      attribution: fractionArb,
      dropOff: fractionArb,
      durationYears: fc.integer({ min: 1, max: 6 }),
    });
    const cases: SensitivityCase[] = (
      ['deadweight', 'attribution', 'dropOff', 'proxyValue', 'duration'] as const
    ).flatMap((parameter) => [
      { parameter, change: parameter === 'duration' ? '1' : '0.1' },
      { parameter, change: parameter === 'duration' ? '-1' : '-0.1', outcomeId: 'o0' },
    ]);
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 4 }),
        moneyArb,
        fc.constantFrom('end-of-year' as const, 'mid-year' as const, 'none' as const),
        (specs, investment, convention) => {
          const lines: OutcomeLineInput[] = [
            ...specs.map(({ quantity, ...proxy }, index) => ({
              outcomeId: `o${index}`,
              quantity,
              proxy,
            })),
            confidence,
          ];
          const report: SroiReportInput = { lines, investment, discount: { convention } };
          const reused = analyseSensitivity(report, cases, { report: computeSroiReport(report) });
          expect(reused).toEqual(analyseSensitivity(report, cases));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects a report of other lines', () => {
    const report = input([jobs, health], '1000');
    const cases: SensitivityCase[] = [{ parameter: 'deadweight', change: '0.1' }];
    const other = computeSroiReport(input([health, jobs], '1000'));
    const fewer = computeSroiReport(input([jobs], '1000'));
    for (const wrong of [other, fewer]) {
      expect(() => analyseSensitivity(report, cases, { report: wrong })).toThrow(
        /options\.report must be the SROI report of the same lines/,
      );
    }
  });

  it('rejects invalid report inputs', () => {
    expect(() => analyseSensitivity(input([jobs], '-5'), [])).toThrow(/investment/);
    expect(() =>
      analyseSensitivity(
        { lines: undefined as unknown as OutcomeLineInput[], investment: '1' },
        [],
      ),
    ).toThrow(/lines/);
  });
});

describe('investment cases', () => {
  // PV 8000 (jobs) on an investment of 4000: ratio 2.
  const report = input([jobs, confidence], '4000');

  it.each([
    // +25%: 8000 ÷ 5000 = 1.6; −50%: 8000 ÷ 2000 = 4
    ['0.25', '5000', '1.6', false],
    ['-0.5', '2000', '4', false],
    // −150% would be negative: clamped to zero, no ratio
    ['-1.5', '0', null, true],
  ])('investment %s: ratio on %s is %s', (change, _investment, ratio, clamped) => {
    const result = one(report, { parameter: 'investment', change });
    expect(result.presentValue.toString()).toBe('8000');
    expect(result.ratio?.toString() ?? null).toBe(ratio);
    expect(result.clamped).toBe(clamped);
  });

  it('breaks even where the investment equals the present value (+100%)', () => {
    const result = one(report, { parameter: 'investment', change: '0.1' });
    expect(changeOf(result.breakEven)).toBe('1');
    expect(result.breakEven.text).toBe(
      'Break-even (investment): a change of 1 (an investment of 8000.00) brings the ratio to 1.0000:1.',
    );
    expect(explain(result)).toContain('investment changed by 0.1 on the investment (4400.00)');
  });

  it('is out of reach when nothing has value', () => {
    const nothing: OutcomeLineInput = { ...jobs, quantity: '0' };
    const result = one(input([nothing], '4000'), { parameter: 'investment', change: '-0.1' });
    expect(result.breakEven).toMatchObject({
      reachable: false,
      reason: 'not-reachable-within-valid-bounds',
    });
  });

  it('is not defined for zero investment', () => {
    const result = one(input([jobs], '0'), { parameter: 'investment', change: '0.1' });
    expect(result.ratio).toBeNull();
    expect(result.breakEven).toMatchObject({ reachable: false, reason: 'zero-investment' });
  });

  it('refuses an outcome for the investment', () => {
    expect(() =>
      one(report, { parameter: 'investment', change: '0.1', outcomeId: 'jobs' }),
    ).toThrow(expect.objectContaining({ field: 'cases[0].outcomeId' }) as Error);
  });
});
