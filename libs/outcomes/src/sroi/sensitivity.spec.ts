import fc from 'fast-check';

import { fractionArb, moneyArb, quantityArb } from '../../test-support/arbitraries';
import { ValidationError } from '../errors';
import { explain } from '../explanation/steps';
import { OutcomesDecimal } from '../money/decimal';
import { valueOutcomeLine, type OutcomeLineInput } from './outcome-line';
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
