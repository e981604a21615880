/**
 * Test helpers shared by the libs/outcomes specs (not part of the library).
 * @internal
 */
import fc from 'fast-check';

import type { MonetisedLineValuation, OutcomeLineValuation } from '../src/sroi/outcome-line';

/** Narrows a valuation to a monetised one, failing the test otherwise. */
export function monetised(valuation: OutcomeLineValuation): MonetisedLineValuation {
  if (!valuation.monetised) throw new Error(`expected ${valuation.outcomeId} to be monetised`);
  return valuation;
}

/** Builds a decimal string from an integer number of units of 10^-decimals: never a float. */
export function decimalString(units: number | bigint, decimals: number): string {
  const negative = units < 0;
  const digits = (negative ? -BigInt(units) : BigInt(units)).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${negative ? '-' : ''}${whole}${decimals > 0 ? `.${fraction}` : ''}`;
}

/** A fraction 0–1 with 4 decimal places, as a string. */
export const fractionArb = fc
  .integer({ min: 0, max: 10_000 })
  .map((units) => decimalString(units, 4));

/** A money amount 0–1,000,000.00 as a string. */
export const moneyArb = fc
  .integer({ min: 0, max: 100_000_000 })
  .map((units) => decimalString(units, 2));

/** A quantity 0–100,000.000 as a string. */
export const quantityArb = fc
  .integer({ min: 0, max: 100_000_000 })
  .map((units) => decimalString(units, 3));
