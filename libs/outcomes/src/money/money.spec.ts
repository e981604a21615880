import fc from 'fast-check';

import { ValidationError } from '../errors';
import { decimalString } from '../../test-support/arbitraries';
import { Decimal } from 'decimal.js';
import { OutcomesDecimal, sum, toDecimal } from './decimal';
import {
  allocateRounded,
  percentText,
  roundHalfUp,
  roundMoney,
  toFixedString,
  toMoneyString,
  toPercentString,
  toRatioString,
  toRoundedString,
  totalOf,
} from './money';

describe(roundMoney.name, () => {
  it.each([
    ['1234.505', '1234.51'],
    ['1234.504999', '1234.5'],
    ['2.345', '2.35'],
    ['-2.345', '-2.35'],
    ['-2.344', '-2.34'],
    ['0.005', '0.01'],
    ['0.0049', '0'],
    ['7', '7'],
  ])('rounds %s half up (ties away from zero) to %s', (input, expected) => {
    expect(roundMoney(input).toString()).toBe(expected);
  });

  it('rounds to any number of places', () => {
    expect(roundHalfUp('3.14159', 3).toString()).toBe('3.142');
  });
});

describe(toMoneyString.name, () => {
  it.each([
    ['1234.5', '1234.50'],
    ['1234.505', '1234.51'],
    ['0', '0.00'],
    ['-0.001', '0.00'],
    ['-0.004', '0.00'],
    ['-0.005', '-0.01'],
    ['-12.3', '-12.30'],
    ['123456789012345.675', '123456789012345.68'],
  ])('formats %s as %s', (input, expected) => {
    expect(toMoneyString(input)).toBe(expected);
  });

  it('rejects a float', () => {
    expect(() => toMoneyString(12.5 as unknown as string)).toThrow(ValidationError);
  });
});

describe('formatting helpers', () => {
  it('formats fixed places, percentages and ratios half up', () => {
    expect(toFixedString('2.5', 0)).toBe('3');
    expect(toFixedString('-0', 2)).toBe('0.00');
    expect(toPercentString('0.255')).toBe('25.5%');
    expect(toPercentString('0.12345', 2)).toBe('12.35%');
    expect(toRatioString('3.456')).toBe('3.46:1');
    expect(toRatioString('3.4', 3)).toBe('3.400:1');
    expect(percentText(toDecimal('0.035', 'r'))).toBe('3.5%');
  });
});

describe(`${toFixedString.name} (read from the digits)`, () => {
  /** decimal.js's own formatting, without −0: what toFixedString gave before it read digits. */
  const reference = (value: Decimal, places: number): string => {
    const text = value.toFixed(places, Decimal.ROUND_HALF_UP);
    return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
  };

  it.each([
    ['0.5', 0, '1'],
    ['-0.5', 0, '-1'],
    ['0.49999999999999999999', 0, '0'],
    ['9.995', 2, '10.00'],
    ['-9.995', 2, '-10.00'],
    ['99999999.999999999', 2, '100000000.00'],
    ['0.005', 2, '0.01'],
    ['0.00499999', 2, '0.00'],
    ['0.0005', 2, '0.00'],
    ['-0.0049', 2, '0.00'],
    ['0.0000001', 6, '0.000000'],
    ['0.0000005', 6, '0.000001'],
    ['12345678.1234567', 4, '12345678.1235'],
    ['10000000', 2, '10000000.00'],
    ['100000000000000', 0, '100000000000000'],
  ])('formats %s to %i places as %s', (input, places, expected) => {
    expect(toFixedString(input, places)).toBe(expected);
    expect(reference(new OutcomesDecimal(input), places)).toBe(expected);
  });

  it('leaves very long results and unusual places to decimal.js', () => {
    const huge = new OutcomesDecimal('1.5e450');
    expect(toFixedString(huge, 2)).toBe(reference(huge, 2));
    expect(toFixedString('1.23456', 120)).toBe(reference(new OutcomesDecimal('1.23456'), 120));
    expect(() => toFixedString('1.5', 1.5)).toThrow();
    // No −0 either way.
    expect(toFixedString(new OutcomesDecimal('-1e-150'), 120)).toBe(`0.${'0'.repeat(120)}`);
  });

  it('gives what decimal.js toFixed half up gives, for any value and places', () => {
    // Digits with runs of 9s and 0s and 5s (carries, ties), any exponent, either sign.
    const digitsArb = fc
      .array(fc.constantFrom('0', '1', '4', '5', '9', '9', '9', '0', '3'), {
        minLength: 1,
        maxLength: 60,
      })
      .map((ds) => ds.join(''));
    fc.assert(
      fc.property(
        fc.boolean(),
        digitsArb,
        fc.integer({ min: -50, max: 30 }),
        fc.integer({ min: 0, max: 8 }),
        (negative, digits, exponent, places) => {
          const value = new OutcomesDecimal(`${negative ? '-' : ''}${digits}e${exponent}`);
          expect(toFixedString(value, places)).toBe(reference(value, places));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rounds without trailing zeros as toDecimalPlaces(places).toString() does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100_000_000, max: 100_000_000 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 0, max: 8 }),
        (units, scale, places) => {
          const value = new OutcomesDecimal(decimalString(units, scale)).div(7);
          expect(toRoundedString(value, places)).toBe(
            value.toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toString(),
          );
        },
      ),
      { numRuns: 1000 },
    );
    expect(toRoundedString(new OutcomesDecimal('0.9999996'), 6)).toBe('1');
    expect(toRoundedString(new OutcomesDecimal('120'), 0)).toBe('120');
    expect(toRoundedString(new OutcomesDecimal('-0.0000001'), 6)).toBe('0');
  });

  it('formats products and quotients at full precision as decimal.js does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100_000_000, max: 100_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (units, numerator, denominator) => {
          const factor = new OutcomesDecimal(numerator).div(denominator).toSignificantDigits(40);
          const value = new OutcomesDecimal(decimalString(units, 3)).times(factor);
          for (const places of [0, 1, 2, 4, 6]) {
            expect(toFixedString(value, places)).toBe(reference(value, places));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe(allocateRounded.name, () => {
  it.each([
    [
      ['0.335', '0.335', '0.33'],
      ['0.34', '0.33', '0.33'],
    ],
    [
      ['1.005', '2.005'],
      ['1.01', '2'],
    ],
    [
      ['10', '20'],
      ['10', '20'],
    ],
    [
      ['0.001', '0.001', '0.001'],
      ['0', '0', '0'],
    ],
    [
      ['0.004', '0.004'],
      ['0.01', '0'],
    ],
    [
      ['-1.005', '2.010'],
      ['-1', '2.01'],
    ],
    [[], []],
  ])('allocates %j as %j, summing exactly to the rounded total', (parts, expected) => {
    const result = allocateRounded(parts);
    expect(result.map((value) => value.toString())).toEqual(expected);
    expect(sum(result).eq(roundMoney(sum(parts.map((part) => toDecimal(part, 'p')))))).toBe(true);
  });

  it('breaks ties in favour of the part listed first', () => {
    expect(allocateRounded(['0.005', '0.005']).map(String)).toEqual(['0.01', '0']);
    expect(allocateRounded(['0.0025', '0.0025', '0.0025', '0.0025']).map(String)).toEqual([
      '0.01',
      '0',
      '0',
      '0',
    ]);
  });

  it('rounds to other places', () => {
    expect(allocateRounded(['0.5', '0.5'], 0).map(String)).toEqual(['1', '0']);
  });

  it.each([-1, 1.5])('rejects %p decimal places', (places) => {
    expect(() => allocateRounded(['1'], places)).toThrow(ValidationError);
  });

  it('names the bad part', () => {
    expect(() => allocateRounded(['1', 'x'])).toThrow(/parts\[1\]/);
  });

  it('always sums exactly to the rounded total, each part within a penny of its exact value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -10_000_000, max: 10_000_000 }), { maxLength: 8 }),
        (units) => {
          const parts = units.map((value) => decimalString(value, 4));
          const result = allocateRounded(parts);
          const exact = parts.map((part) => toDecimal(part, 'p'));
          expect(sum(result).eq(roundMoney(sum(exact)))).toBe(true);
          result.forEach((value, index) => {
            expect(value.minus(exact[index]).abs().lt('0.01')).toBe(true);
          });
        },
      ),
    );
  });
});

describe('totalOf', () => {
  it('adds decimal strings exactly (no float drift)', () => {
    expect(totalOf(['0.10', '0.20', '182500.00']).toFixed(2)).toBe('182500.30');
    expect(totalOf([]).toString()).toBe('0');
  });

  it('names the bad amount', () => {
    expect(() => totalOf(['1', 'x'])).toThrow(/amounts\[1\]/);
  });
});
