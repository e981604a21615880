import { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';
import { OutcomesDecimal, sum, toDecimal, type DecimalInput } from './decimal';

/** Decimal places of a currency amount at the edge (pounds and pence). */
export const MONEY_DECIMAL_PLACES = 2;

function asDecimal(value: DecimalInput, field: string): Decimal {
  return toDecimal(value, field);
}

function withoutNegativeZero(text: string): string {
  return text.startsWith('-0') && /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/**
 * Rounds to `decimalPlaces` half-up (ties away from zero: 2.345 → 2.35, −2.345 → −2.35).
 * Use only at the edge: stored report figures and display.
 */
export function roundHalfUp(value: DecimalInput, decimalPlaces: number): Decimal {
  return asDecimal(value, 'value').toDecimalPlaces(decimalPlaces, Decimal.ROUND_HALF_UP);
}

/** Rounds a money amount to pence, half-up. `roundMoney("1234.505")` is 1234.51. */
export function roundMoney(value: DecimalInput): Decimal {
  return roundHalfUp(value, MONEY_DECIMAL_PLACES);
}

/**
 * Formats a money amount as a fixed 2-dp string, rounded half-up, as stored in a
 * `Decimal(18,2)` column: `toMoneyString("1234.5")` is `"1234.50"`. Never returns `"-0.00"`.
 */
export function toMoneyString(value: DecimalInput): string {
  return toFixedString(value, MONEY_DECIMAL_PLACES);
}

/**
 * Formats a decimal with exactly `decimalPlaces` places, rounded half-up, never `-0`.
 * `toFixedString("3.14159", 3)` is `"3.142"`.
 */
export function toFixedString(value: DecimalInput, decimalPlaces: number): string {
  const decimal = asDecimal(value, 'value');
  return (
    fixedHalfUp(decimal, decimalPlaces) ??
    withoutNegativeZero(decimal.toFixed(decimalPlaces, Decimal.ROUND_HALF_UP))
  );
}

/**
 * A value rounded half-up to `decimalPlaces`, without trailing zeros: what
 * `toDecimalPlaces(decimalPlaces, ROUND_HALF_UP).toString()` gives (e.g. a discount factor to 6
 * places in the working: `0.966184`, `1`).
 * @internal
 */
export function toRoundedString(value: Decimal, decimalPlaces: number): string {
  const fixed = toFixedString(value, decimalPlaces);
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/** Digits of a decimal.js word (base 10^7) after the first. */
const WORD_DIGITS = 7;

/** A string of decimal digits plus one ('' is 0): '129' → '130', '99' → '100'. */
function incremented(digits: string): string {
  let at = digits.length - 1;
  while (at >= 0 && digits.charCodeAt(at) === 57 /* 9 */) at -= 1;
  const zeros = '0'.repeat(digits.length - 1 - at);
  return at < 0
    ? `1${zeros}`
    : `${digits.slice(0, at)}${String.fromCharCode(digits.charCodeAt(at) + 1)}${zeros}`;
}

/**
 * `toFixed(places, ROUND_HALF_UP)` without `-0`, read from the value's own digits: its
 * coefficient in words of 7 decimal digits (`d`), the exponent of its first digit (`e`) and its
 * sign (`s`), as decimal.js documents them. Only the digits up to the rounding digit are read and
 * no Decimal is made (`toFixed` copies and rounds the whole value first; money is formatted
 * thousands of times per report). Undefined for what it does not handle (places not a small whole
 * number, a very long result), which the caller formats with decimal.js.
 */
function fixedHalfUp(value: Decimal, places: number): string | undefined {
  const words = value.d;
  const keep = value.e + 1 + places; // digits of the coefficient kept: integer part and places
  if (!Number.isInteger(places) || places < 0 || places > 100 || keep > 400) return undefined;
  // The kept digits are the value times 10^places, as a whole number rounded half up (ties
  // away from zero): up when the first digit dropped is 5 or more.
  let kept = '';
  if (keep >= 0) {
    let digits = String(words[0]);
    for (let i = 1; digits.length <= keep && i < words.length; i += 1) {
      digits += String(words[i]).padStart(WORD_DIGITS, '0');
    }
    kept =
      digits.length > keep
        ? digits.charCodeAt(keep) >= 53 /* 5 */
          ? incremented(digits.slice(0, keep))
          : digits.slice(0, keep)
        : digits.padEnd(keep, '0');
  }
  // Zero, or below 10^(−places − 1) (keep < 0): rounds to 0, without a sign. Otherwise the first
  // kept digit is the coefficient's first, never 0.
  if (kept === '' || words[0] === 0) return places === 0 ? '0' : `0.${'0'.repeat(places)}`;
  const whole = kept.length > places ? kept : kept.padStart(places + 1, '0');
  const sign = value.s < 0 ? '-' : '';
  const point = whole.length - places;
  return places === 0 ? `${sign}${whole}` : `${sign}${whole.slice(0, point)}.${whole.slice(point)}`;
}

/**
 * Formats a fraction as a percentage, rounded half-up: `toPercentString("0.255", 1)` is `"25.5%"`.
 */
export function toPercentString(fraction: DecimalInput, decimalPlaces = 1): string {
  return `${toFixedString(asDecimal(fraction, 'fraction').times(100), decimalPlaces)}%`;
}

/**
 * Formats an SROI-style ratio: `toRatioString("3.456")` is `"3.46:1"`.
 */
export function toRatioString(ratio: DecimalInput, decimalPlaces = 2): string {
  return `${toFixedString(ratio, decimalPlaces)}:1`;
}

/**
 * Rounds several full-precision parts to `decimalPlaces` so that the rounded parts add up
 * EXACTLY to the rounded total (largest-remainder method).
 *
 * Each part is first rounded down (towards −∞); the units left over (the rounded total minus the
 * rounded-down parts) go one each to the parts with the largest remainders. Ties go to the part
 * listed first, so the result is deterministic. Parts with no remainder never gain a unit.
 *
 * @param parts - full-precision amounts (any sign)
 * @param decimalPlaces - places to round to (2 for money)
 * @returns rounded parts in the same order; their sum equals `roundHalfUp(sum(parts))`
 */
export function allocateRounded(
  parts: readonly DecimalInput[],
  decimalPlaces = MONEY_DECIMAL_PLACES,
): Decimal[] {
  if (!Number.isInteger(decimalPlaces) || decimalPlaces < 0) {
    throw new ValidationError(
      'decimalPlaces',
      decimalPlaces,
      'must be a whole number of 0 or more',
    );
  }
  const exact = parts.map((part, index) => asDecimal(part, `parts[${index}]`));
  const unit = new OutcomesDecimal(10).pow(-decimalPlaces);
  const total = sum(exact).toDecimalPlaces(decimalPlaces, Decimal.ROUND_HALF_UP);
  const floored = exact.map((part) => part.toDecimalPlaces(decimalPlaces, Decimal.ROUND_FLOOR));
  const leftoverUnits = total.minus(sum(floored)).div(unit).toNumber();
  const order = exact
    .map((part, index) => ({ index, remainder: part.minus(floored[index]) }))
    .filter((entry) => !entry.remainder.isZero())
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  const result = [...floored];
  for (let k = 0; k < leftoverUnits; k += 1) {
    const target = order[k].index;
    result[target] = result[target].plus(unit);
  }
  return result;
}

/**
 * A fraction as a percentage at full precision without trailing zeros, for working text:
 * `percentText("0.035")` is `"3.5%"`.
 * @internal
 */
export function percentText(fraction: Decimal): string {
  return `${fraction.times(100).toString()}%`;
}

/**
 * Exact total of decimal amounts (money lines, quantities), e.g. the allowable cost of a return.
 *
 * @throws {@link ValidationError} naming the bad amount (`amounts[2]`)
 */
export function totalOf(amounts: readonly DecimalInput[]): Decimal {
  return sum(amounts.map((a, i) => toDecimal(a, `amounts[${i}]`)));
}
