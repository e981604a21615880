import { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';
import {
  INTERNAL_PRECISION,
  OutcomesDecimal,
  divide,
  isList,
  maxDecimal,
  minDecimal,
  sum,
  toDecimal,
  toFraction,
  toNonNegativeDecimal,
  toWholeNumber,
} from './decimal';

function catchError(action: () => unknown): ValidationError {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe(toDecimal.name, () => {
  it.each(['0', '1234.50', '-3', '+7.25', '0.035', '000012.1000'])(
    'accepts the decimal string %s exactly',
    (text) => {
      expect(toDecimal(text, 'amount').eq(new Decimal(text))).toBe(true);
    },
  );

  it.each(['', ' 1', '1,000.00', '1e3', '.5', '5.', 'NaN', 'Infinity', '0x10', '£5'])(
    'rejects the malformed string %p naming the field',
    (text) => {
      const error = catchError(() => toDecimal(text, 'revenue'));
      expect(error.field).toBe('revenue');
      expect(error.value).toBe(text);
      expect(error.reason).toMatch(/decimal string/);
    },
  );

  it('rejects JavaScript numbers, because floats are not exact money', () => {
    const error = catchError(() => toDecimal(0.1 as unknown as string, 'valuePerUnit'));
    expect(error.field).toBe('valuePerUnit');
    expect(error.reason).toMatch(/not a JavaScript number/);
  });

  it.each<unknown>([null, undefined, {}, true])('rejects %p', (value) => {
    expect(() => toDecimal(value as string, 'x')).toThrow(ValidationError);
  });

  it('accepts a Decimal from any decimal.js constructor without losing digits', () => {
    const Short = Decimal.clone({ precision: 5 });
    const value = new Short('123456789.123456789');
    expect(toDecimal(value, 'x').toString()).toBe('123456789.123456789');
  });

  it("returns one of its own Decimals as it is, and makes another constructor's its own", () => {
    const own = new OutcomesDecimal('2.5');
    expect(toDecimal(own, 'x')).toBe(own);
    // Another constructor's precision must not carry into later arithmetic.
    const Short = Decimal.clone({ precision: 5 });
    const converted = toDecimal(new Short('3'), 'x');
    expect(converted.constructor).toBe(OutcomesDecimal);
    expect(converted.div(7).toString()).toBe(new OutcomesDecimal(3).div(7).toString());
  });

  it('gives the same value for a string however often it is read (its memory is bounded)', () => {
    const first = toDecimal('12.50', 'x');
    for (let i = 0; i < 20_100; i += 1) toDecimal(`${i}.5`, 'x');
    expect(toDecimal('12.50', 'x').toString()).toBe(first.toString());
    expect(toDecimal('19999.5', 'x').toString()).toBe('19999.5');
    expect(() => toDecimal('12,50', 'x')).toThrow(ValidationError);
  });

  it.each([
    new Decimal(NaN),
    new Decimal(Infinity),
    new Decimal(-Infinity),
    new OutcomesDecimal(NaN),
    new OutcomesDecimal(-Infinity),
  ])('rejects the non-finite Decimal %s', (value) => {
    expect(catchError(() => toDecimal(value, 'x')).reason).toMatch(/finite/);
  });

  it('is not affected by changes to the global decimal.js settings', () => {
    const before = Decimal.precision;
    Decimal.set({ precision: 3 });
    try {
      const third = divide(toDecimal('1', 'a'), toDecimal('3', 'b'));
      expect(third.toString()).toBe(`0.${'3'.repeat(40)}`);
      expect(toDecimal('1.23456', 'a').times('1.1').toString()).toBe('1.358016');
    } finally {
      Decimal.set({ precision: before });
    }
  });

  it('keeps sums and products exact at full precision', () => {
    const big = toDecimal('123456789012345678901234567890.123456789', 'a');
    expect(big.times(big).times(big).toString().replace('.', '').length).toBeLessThan(
      INTERNAL_PRECISION,
    );
    expect(big.plus('0.000000000000000000001').toString()).toBe(
      '123456789012345678901234567890.123456789000000000001',
    );
    expect(new OutcomesDecimal('1e-30').toString()).toBe(`0.${'0'.repeat(29)}1`);
  });
});

describe(toNonNegativeDecimal.name, () => {
  it.each(['0', '-0', '5.5'])('accepts %s', (text) => {
    expect(toNonNegativeDecimal(text, 'x').toString()).toBe(new Decimal(text).toString());
  });

  it('rejects a negative value naming the field', () => {
    const error = catchError(() => toNonNegativeDecimal('-0.01', 'investment'));
    expect(error.field).toBe('investment');
    expect(error.reason).toBe('must not be negative');
  });
});

describe(toFraction.name, () => {
  it.each(['0', '1', '0.5', '0.0001', '1.000'])('accepts %s', (text) => {
    expect(toFraction(text, 'x').eq(text)).toBe(true);
  });

  it.each(['-0.0001', '1.0001', '25'])('rejects %s', (text) => {
    expect(catchError(() => toFraction(text, 'proxy.deadweight')).field).toBe('proxy.deadweight');
  });
});

describe(toWholeNumber.name, () => {
  it.each([1, 5, 10])('accepts %p within bounds', (value) => {
    expect(toWholeNumber(value, 'years', 1, 10)).toBe(value);
  });

  it.each([0, 11, 1.5, NaN, '3'])('rejects %p', (value) => {
    const error = catchError(() => toWholeNumber(value as number, 'years', 1, 10));
    expect(error.reason).toBe('must be a whole number from 1 to 10');
  });
});

describe('helpers', () => {
  it('divides to 40 significant digits, rounding half up', () => {
    expect(divide(toDecimal('2', 'a'), toDecimal('3', 'b')).toString()).toBe(
      `0.${'6'.repeat(39)}7`,
    );
  });

  it('sums, and picks minimum and maximum', () => {
    const [a, b] = [toDecimal('1.5', 'a'), toDecimal('-2', 'b')];
    expect(sum([a, b]).toString()).toBe('-0.5');
    expect(sum([]).toString()).toBe('0');
    expect(minDecimal(a, b)).toBe(b);
    expect(maxDecimal(a, b)).toBe(a);
    expect(minDecimal(a, a)).toBe(a);
  });

  it('recognises lists', () => {
    expect(isList([])).toBe(true);
    expect(isList('abc')).toBe(false);
  });
});
