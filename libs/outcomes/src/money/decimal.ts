import { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';

/**
 * Significant digits kept by the library's Decimal constructor.
 *
 * Large enough that sums and products of realistic inputs (money, quantities, rates, drop-off over
 * the duration) are exact; only divisions and discount factors are rounded (see
 * {@link QUOTIENT_SIGNIFICANT_DIGITS}).
 */
export const INTERNAL_PRECISION = 1000;

/**
 * Significant digits kept for quotients (ratios, means, margins, percentages, payback months) and
 * for discount factors. Rounded half-up.
 */
export const QUOTIENT_SIGNIFICANT_DIGITS = 40;

/**
 * The Decimal constructor used for every figure the library returns: an isolated clone of
 * decimal.js (so nobody else's `Decimal.set` changes our results) with
 * {@link INTERNAL_PRECISION} significant digits, half-up rounding and plain (non-exponential)
 * `toString()` output.
 *
 * Instances are ordinary decimal.js values: use `Decimal.isDecimal(x)` rather than
 * `x instanceof Decimal` to recognise them.
 */
export const OutcomesDecimal: Decimal.Constructor = Decimal.clone({
  precision: INTERNAL_PRECISION,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});

const QuotientDecimal: Decimal.Constructor = Decimal.clone({
  precision: QUOTIENT_SIGNIFICANT_DIGITS,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -9e15,
  toExpPos: 9e15,
});

/**
 * A money amount, rate, fraction or quantity as accepted by the library: a plain decimal string
 * (`"1234.50"`, `"-3"`, `"0.035"`; no exponent, no thousands separators) or a decimal.js value.
 * JavaScript numbers are rejected: floats cannot hold money exactly.
 */
export type DecimalInput = string | Decimal;

const DECIMAL_STRING = /^[+-]?\d+(\.\d+)?$/;

/** Zero in the library's Decimal. */
export const ZERO: Decimal = new OutcomesDecimal(0);
/** One in the library's Decimal. */
export const ONE: Decimal = new OutcomesDecimal(1);

/**
 * Strings already parsed, and their Decimals: a report reads the same inputs (sums, targets,
 * thresholds, rates) several times over. Decimals are immutable, so a shared one is as good as a
 * new one; the memory is bounded (emptied when full).
 */
const parsedStrings = new Map<string, Decimal>();
const MAX_PARSED_STRINGS = 20_000;

/**
 * Converts an input to the library's Decimal, rejecting anything that is not an exact decimal.
 *
 * @param value - a decimal string or Decimal
 * @param field - the input's path, named in the error
 * @throws {@link ValidationError} for numbers, malformed strings, NaN or infinities
 */
export function toDecimal(value: DecimalInput, field: string): Decimal {
  // One of ours, the most common input inside the library: returned as it is (Decimals are
  // immutable), without the general checks below.
  if (typeof value === 'object' && value !== null && value.constructor === OutcomesDecimal) {
    if (!value.isFinite()) throw new ValidationError(field, value, 'must be a finite decimal');
    return value;
  }
  if (typeof value === 'string') {
    let parsed = parsedStrings.get(value);
    if (parsed === undefined) {
      if (!DECIMAL_STRING.test(value)) {
        throw new ValidationError(field, value, 'must be a decimal string such as "1234.50"');
      }
      parsed = new OutcomesDecimal(value);
      if (parsedStrings.size >= MAX_PARSED_STRINGS) parsedStrings.clear();
      parsedStrings.set(value, parsed);
    }
    return parsed;
  }
  if (Decimal.isDecimal(value)) {
    if (!value.isFinite()) throw new ValidationError(field, value, 'must be a finite decimal');
    // Another constructor's (ours were returned above): made ours, so our settings apply to it.
    return new OutcomesDecimal(value);
  }
  if (typeof value === 'number') {
    throw new ValidationError(
      field,
      value,
      'must be a decimal string or Decimal, not a JavaScript number (floats are not exact)',
    );
  }
  throw new ValidationError(field, value, 'must be a decimal string or Decimal');
}

/**
 * Like {@link toDecimal} but also requires the value to be zero or more.
 *
 * @throws {@link ValidationError} naming `field` when the value is negative
 */
export function toNonNegativeDecimal(value: DecimalInput, field: string): Decimal {
  const decimal = toDecimal(value, field);
  if (decimal.isNegative() && !decimal.isZero()) {
    throw new ValidationError(field, value, 'must not be negative');
  }
  return decimal;
}

/**
 * Like {@link toDecimal} but requires a fraction between 0 and 1 inclusive (`"0.25"` is 25%).
 *
 * @throws {@link ValidationError} naming `field` when outside 0–1
 */
export function toFraction(value: DecimalInput, field: string): Decimal {
  const decimal = toDecimal(value, field);
  if (decimal.lt(0) || decimal.gt(1)) {
    throw new ValidationError(field, value, 'must be a fraction between 0 and 1 (e.g. "0.25")');
  }
  return decimal;
}

/**
 * Validates a whole number (years, months, counts).
 *
 * @throws {@link ValidationError} naming `field` when not an integer within `[min, max]`
 */
export function toWholeNumber(value: number, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(field, value, `must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/**
 * Divides at {@link QUOTIENT_SIGNIFICANT_DIGITS} significant digits (half-up). The divisor must not
 * be zero; callers check first and report a reason instead.
 */
export function divide(dividend: Decimal, divisor: Decimal): Decimal {
  return new OutcomesDecimal(new QuotientDecimal(dividend).div(divisor));
}

/** Sums decimals exactly (at {@link INTERNAL_PRECISION}). */
export function sum(values: readonly Decimal[]): Decimal {
  return values.reduce((total, value) => total.plus(value), ZERO);
}

/** Returns the smaller of two decimals. */
export function minDecimal(a: Decimal, b: Decimal): Decimal {
  return a.lte(b) ? a : b;
}

/** Returns the larger of two decimals. */
export function maxDecimal(a: Decimal, b: Decimal): Decimal {
  return a.gte(b) ? a : b;
}

/** True when the value is an array (no type narrowing, for validating untyped callers). @internal */
export function isList(value: unknown): boolean {
  return Array.isArray(value);
}
