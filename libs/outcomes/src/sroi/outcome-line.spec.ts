import fc from 'fast-check';

import { ValidationError } from '../errors';
import { explain } from '../explanation/steps';
import { OutcomesDecimal } from '../money/decimal';
import { toMoneyString } from '../money/money';
import { resolveDiscount } from './discount';
import {
  linePresentValue,
  prepareLine,
  preparedPresentValue,
  valueLineWith,
  valueOutcomeLine,
  type FinancialProxyInput,
  type OutcomeLineInput,
} from './outcome-line';
import { fractionArb, moneyArb, monetised, quantityArb } from '../../test-support/arbitraries';

const d = (value: string) => new OutcomesDecimal(value);

const proxy: FinancialProxyInput = {
  code: 'EMP-01',
  valuePerUnit: '1000',
  deadweight: '0.2',
  displacement: '0.1',
  attribution: '0.25',
  dropOff: '0.5',
  durationYears: 3,
};

const line: OutcomeLineInput = {
  outcomeId: 'jobs',
  title: 'Job starts',
  theme: 'Jobs',
  unit: 'people',
  quantity: '10',
  proxy,
};

function errorOf(action: () => unknown): ValidationError {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe(valueOutcomeLine.name, () => {
  it('multiplies the deductions (0.8 × 0.9 × 0.75), never adds them', () => {
    const result = monetised(valueOutcomeLine(line));
    // gross 10 × 1000 = 10000; 10000 × 0.8 × 0.9 × 0.75 = 5400 (adding would give 10000 × 0.45 = 4500)
    expect(result.gross.toString()).toBe('10000');
    expect(result.impact.toString()).toBe('5400');
    expect(result.deductions.map((entry) => [entry.name, entry.amount.toString()])).toEqual([
      ['deadweight', '2000'],
      ['displacement', '800'],
      ['attribution', '1800'],
    ]);
  });

  it('drops value off each later year and discounts each year once more (end-of-year)', () => {
    const result = monetised(valueOutcomeLine(line));
    expect(result.years.map((year) => year.value.toString())).toEqual(['5400', '2700', '1350']);
    expect(result.years.map((year) => year.discountTime)).toEqual([1, 2, 3]);
    // 5400/1.035 + 2700/1.035^2 + 1350/1.035^3 = 5217.39 + 2520.48 + 1217.62 = 8955.49
    expect(result.years.map((year) => toMoneyString(year.presentValue))).toEqual([
      '5217.39',
      '2520.48',
      '1217.62',
    ]);
    expect(toMoneyString(result.presentValue)).toBe('8955.49');
    expect(result.totalValue.toString()).toBe('9450');
    expect(result.durationYears).toBe(3);
  });

  it('explains every input, deduction and year', () => {
    const result = valueOutcomeLine(line);
    expect(result.steps.map((entry) => entry.code)).toEqual([
      'input',
      'gross',
      'deduction.deadweight',
      'deduction.displacement',
      'deduction.attribution',
      'impact',
      'year.1',
      'year.2',
      'year.3',
      'present-value',
    ]);
    const text = explain(result);
    expect(text).toContain(
      'Outcome jobs (Job starts): 10 people valued with proxy EMP-01 at 1000.00',
    );
    expect(text).toContain('Deadweight 20%: 10000.00 × (1 − 0.2) = 8000.00.');
    expect(text).toContain('Year 2: value 5400.00 × (1 − 0.5) = 2700.00');
    expect(text).toContain('end-of-year convention');
    expect(result.steps[1].values).toEqual({
      quantity: '10',
      valuePerUnit: '1000',
      gross: '10000',
    });
  });

  it('applies optional leakage after the other deductions', () => {
    const result = monetised(
      valueOutcomeLine({ ...line, proxy: { ...proxy, leakage: '0.1', durationYears: 1 } }),
    );
    expect(result.deductions.map((entry) => entry.name)).toContain('leakage');
    expect(result.impact.toString()).toBe('4860');
  });

  it('with a duration of 1 values only the first year', () => {
    const result = monetised(
      valueOutcomeLine(
        { ...line, proxy: { valuePerUnit: '1035' } },
        { discount: { rate: '0.035' } },
      ),
    );
    expect(result.years).toHaveLength(1);
    // 10 × 1035 = 10350, discounted once: 10350 / 1.035 = 10000. The factor 1/1.035 is kept to 40
    // significant digits (like a discount-factor table), so the figure is exact to ~35 digits.
    expect(result.presentValue.toDecimalPlaces(30).toString()).toBe('10000');
    expect(toMoneyString(result.presentValue)).toBe('10000.00');
    expect(result.proxyCode).toBeNull();
  });

  it('gives zero value for 100% deadweight, every year', () => {
    const result = monetised(valueOutcomeLine({ ...line, proxy: { ...proxy, deadweight: '1' } }));
    expect(result.impact.isZero()).toBe(true);
    expect(result.presentValue.isZero()).toBe(true);
    expect(result.years.every((year) => year.value.isZero())).toBe(true);
  });

  it('with 100% drop-off keeps only the first year', () => {
    const result = monetised(valueOutcomeLine({ ...line, proxy: { ...proxy, dropOff: '1' } }));
    expect(result.years.map((year) => year.value.toString())).toEqual(['5400', '0', '0']);
  });

  it('values a negative correction negatively', () => {
    const result = monetised(valueOutcomeLine({ ...line, quantity: '-2', isCorrection: true }));
    expect(result.isCorrection).toBe(true);
    expect(result.impact.toString()).toBe('-1080');
    expect(explain(result)).toContain('(correction)');
  });

  it.each([
    ['start-of-year', [0, 1, 2], '9268.94'],
    ['mid-year', [0.5, 1.5, 2.5], '9110.87'],
    ['none', [1, 2, 3], '9450.00'],
  ] as const)('uses the %s convention', (convention, times, presentValue) => {
    // start-of-year: 5400 + 2700/1.035 + 1350/1.035^2 = 5400 + 2608.6957 + 1260.2394 = 9268.9351
    // mid-year: the end-of-year figure × √1.035 = 8955.4932 × 1.0173495 = 9110.8664
    // none: 5400 + 2700 + 1350 = 9450
    const result = monetised(valueOutcomeLine(line, { discount: { convention } }));
    expect(result.years.map((year) => year.discountTime)).toEqual(times);
    expect(toMoneyString(result.presentValue)).toBe(presentValue);
  });

  it('discounts one year more when benefits start the year after the activity', () => {
    const sameYear = monetised(valueOutcomeLine(line));
    const nextYear = monetised(
      valueOutcomeLine({ ...line, proxy: { ...proxy, benefitStart: 'following-year' } }),
    );
    expect(nextYear.years.map((year) => year.discountTime)).toEqual([2, 3, 4]);
    expect(nextYear.presentValue.toDecimalPlaces(20).toString()).toBe(
      sameYear.presentValue.div('1.035').toDecimalPlaces(20).toString(),
    );
    expect(explain(nextYear)).toContain('benefits from the year after the activity');
  });

  it('reports an outcome without a proxy in its units, flagged as not monetised (never zero)', () => {
    const result = valueOutcomeLine({ outcomeId: 'confidence', unit: 'residents', quantity: '45' });
    expect(result.monetised).toBe(false);
    expect(result.presentValue).toBeNull();
    expect(result.quantity.toString()).toBe('45');
    expect(explain(result)).toBe(
      'Outcome confidence: 45 residents — no financial proxy: reported in its own units, not valued.',
    );
    expect(valueOutcomeLine({ outcomeId: 'x', quantity: '1', proxy: null }).monetised).toBe(false);
  });

  it.each([
    [{ quantity: '-1' }, 'line.quantity', /unless the line is a correction/],
    [{ quantity: 5 as unknown as string }, 'line.quantity', /not a JavaScript number/],
    [{ outcomeId: '' }, 'line.outcomeId', /non-empty/],
    [{ proxy: { ...proxy, deadweight: '1.2' } }, 'line.proxy.deadweight', /between 0 and 1/],
    [{ proxy: { ...proxy, displacement: '-0.1' } }, 'line.proxy.displacement', /between 0 and 1/],
    [{ proxy: { ...proxy, attribution: '2' } }, 'line.proxy.attribution', /between 0 and 1/],
    [{ proxy: { ...proxy, leakage: '1.5' } }, 'line.proxy.leakage', /between 0 and 1/],
    [{ proxy: { ...proxy, dropOff: '1.01' } }, 'line.proxy.dropOff', /between 0 and 1/],
    [{ proxy: { ...proxy, durationYears: 0 } }, 'line.proxy.durationYears', /whole number/],
    [{ proxy: { ...proxy, durationYears: 2.5 } }, 'line.proxy.durationYears', /whole number/],
    [{ proxy: { ...proxy, durationYears: 501 } }, 'line.proxy.durationYears', /whole number/],
    [{ proxy: { ...proxy, valuePerUnit: '-5' } }, 'line.proxy.valuePerUnit', /negative/],
    [
      { proxy: { ...proxy, valuePerUnit: 12.5 as unknown as string } },
      'line.proxy.valuePerUnit',
      /number/,
    ],
    [
      { proxy: { ...proxy, benefitStart: 'later' as 'activity-year' } },
      'line.proxy.benefitStart',
      /activity-year, following-year/,
    ],
  ])('rejects %j naming %s', (change, field, reason) => {
    const error = errorOf(() => valueOutcomeLine({ ...line, ...change }));
    expect(error.field).toBe(field);
    expect(error.reason).toMatch(reason);
  });

  it('rejects invalid discount settings', () => {
    expect(() => valueOutcomeLine(line, { discount: { rate: '-1' } })).toThrow(/discount.rate/);
  });

  describe('properties', () => {
    const proxyArb = fc.record({
      valuePerUnit: moneyArb,
      deadweight: fractionArb,
      displacement: fractionArb,
      attribution: fractionArb,
      dropOff: fractionArb,
      durationYears: fc.integer({ min: 1, max: 8 }),
      benefitStart: fc.constantFrom('activity-year' as const, 'following-year' as const),
    });
    const conventionArb = fc.constantFrom(
      'end-of-year' as const,
      'start-of-year' as const,
      'mid-year' as const,
      'none' as const,
    );

    it('linePresentValue gives exactly the present value of the full valuation', () => {
      fc.assert(
        fc.property(
          quantityArb,
          proxyArb,
          conventionArb,
          fc.option(fractionArb, { nil: undefined }),
          (quantity, p, convention, leakage) => {
            const discount = resolveDiscount({ convention });
            const input = { outcomeId: 'o', quantity, proxy: { ...p, leakage } };
            const full = monetised(valueLineWith(input, discount, 'line'));
            const fast = linePresentValue(input, discount, 'line');
            expect(fast.toString()).toBe(full.presentValue.toString());
          },
        ),
      );
    });

    it('a prepared line with one term changed is valued exactly as the changed line', () => {
      const changeArb = fc.oneof(
        moneyArb.map((v) => ({ input: { valuePerUnit: v }, change: { valuePerUnit: d(v) } })),
        fc
          .tuple(
            fc.constantFrom(...(['deadweight', 'displacement', 'attribution', 'leakage'] as const)),
            fractionArb,
          )
          .map(([name, rate]) => ({
            input: { [name]: rate },
            change: { deduction: name, rate: d(rate) },
          })),
        fractionArb.map((v) => ({ input: { dropOff: v }, change: { dropOff: d(v) } })),
        fc
          .integer({ min: 1, max: 12 })
          .map((n) => ({ input: { durationYears: n }, change: { durationYears: n } })),
      );
      fc.assert(
        fc.property(
          quantityArb,
          proxyArb,
          conventionArb,
          fc.option(fractionArb, { nil: undefined }),
          changeArb,
          (quantity, p, convention, leakage, { input, change }) => {
            const discount = resolveDiscount({ convention });
            const original = { outcomeId: 'o', quantity, proxy: { ...p, leakage } };
            const changed = { ...original, proxy: { ...original.proxy, ...input } };
            expect(
              preparedPresentValue(prepareLine(original, 'line'), discount, change).toString(),
            ).toBe(linePresentValue(changed, discount, 'line').toString());
          },
        ),
      );
    });

    it('linePresentValue validates like the full valuation', () => {
      const discount = resolveDiscount({});
      expect(() =>
        linePresentValue({ ...line, proxy: { ...proxy, dropOff: '2' } }, discount, 'line'),
      ).toThrow(/line.proxy.dropOff/);
      expect(() =>
        linePresentValue({ ...line, proxy: { ...proxy, deadweight: '-1' } }, discount, 'line'),
      ).toThrow(/line.proxy.deadweight/);
    });

    it('higher deadweight never raises the value', () => {
      fc.assert(
        fc.property(
          quantityArb,
          proxyArb,
          fractionArb,
          fractionArb,
          conventionArb,
          (quantity, p, a, b, convention) => {
            const [low, high] = a <= b ? [a, b] : [b, a];
            const value = (deadweight: string) =>
              monetised(
                valueOutcomeLine(
                  { outcomeId: 'o', quantity, proxy: { ...p, deadweight } },
                  { discount: { convention } },
                ),
              ).presentValue;
            expect(value(high).lte(value(low))).toBe(true);
          },
        ),
      );
    });

    it('with a discount rate of 0 the present value equals the sum of the yearly values', () => {
      fc.assert(
        fc.property(quantityArb, proxyArb, conventionArb, (quantity, p, convention) => {
          const result = monetised(
            valueOutcomeLine(
              { outcomeId: 'o', quantity, proxy: p },
              { discount: { rate: '0', convention } },
            ),
          );
          expect(result.presentValue.eq(result.totalValue)).toBe(true);
          expect(
            result.presentValue.eq(
              result.years.reduce((total, year) => total.plus(year.value), result.gross.times(0)),
            ),
          ).toBe(true);
        }),
      );
    });

    it('valuing a quantity in two parts equals valuing it whole, at full precision', () => {
      fc.assert(
        fc.property(
          quantityArb,
          quantityArb,
          proxyArb,
          conventionArb,
          (first, second, p, convention) => {
            const value = (quantity: string) =>
              monetised(
                valueOutcomeLine(
                  { outcomeId: 'o', quantity, proxy: p },
                  { discount: { convention } },
                ),
              );
            const whole = value(monetised(value(first)).quantity.plus(second).toString());
            const parts = [value(first), value(second)];
            expect(parts[0].presentValue.plus(parts[1].presentValue).eq(whole.presentValue)).toBe(
              true,
            );
            whole.years.forEach((year, index) => {
              expect(
                parts[0].years[index].value.plus(parts[1].years[index].value).eq(year.value),
              ).toBe(true);
            });
          },
        ),
      );
    });
  });
});
