import type { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';
import { ZERO, divide, sum, toDecimal, type DecimalInput } from '../money/decimal';
import type { Aggregation, PeriodTotals } from './aggregation';

/**
 * Combines the totals of consecutive periods (in date order) into the totals of the whole
 * window: counts and sums add up; the latest value is that of the last period with entries.
 */
export function combineTotals(periods: readonly PeriodTotals[]): PeriodTotals {
  let count = 0;
  let latest: DecimalInput | null = null;
  periods.forEach((p, i) => {
    if (!Number.isInteger(p.count) || p.count < 0) {
      throw new ValidationError(`periods[${i}].count`, p.count, 'must be a whole number ≥ 0');
    }
    count += p.count;
    if (p.count > 0) latest = p.latest;
  });
  return { count, sum: sum(periods.map((p, i) => toDecimal(p.sum, `periods[${i}].sum`))), latest };
}

/**
 * The target of a window made of several quarters:
 * - `sum` outcomes: the sum of the quarters' targets, only when every quarter has one;
 * - `mean` and `latest` outcomes: the target of the last quarter (where the window ends).
 * Returns null when the window has no complete target.
 */
export function windowTarget(
  aggregation: Aggregation,
  quarterTargets: readonly (DecimalInput | null)[],
): Decimal | null {
  if (quarterTargets.length === 0) return null;
  if (aggregation === 'sum') {
    if (quarterTargets.some((t) => t === null)) return null;
    return sum(quarterTargets.map((t, i) => toDecimal(t as DecimalInput, `quarterTargets[${i}]`)));
  }
  const last = quarterTargets[quarterTargets.length - 1];
  return last === null ? null : toDecimal(last, `quarterTargets[${quarterTargets.length - 1}]`);
}

/**
 * Investment for a window when there is no open book: the contract value spread evenly over the
 * contract's days (`contractValue × windowDays ÷ contractDays`), full precision.
 */
export function proRataInvestment(
  contractValue: DecimalInput,
  windowDays: number,
  contractDays: number,
): Decimal {
  const value = toDecimal(contractValue, 'contractValue');
  if (value.isNegative())
    throw new ValidationError('contractValue', value.toString(), 'must not be negative');
  if (!Number.isInteger(contractDays) || contractDays <= 0) {
    throw new ValidationError('contractDays', contractDays, 'must be a whole number > 0');
  }
  if (!Number.isInteger(windowDays) || windowDays < 0 || windowDays > contractDays) {
    throw new ValidationError(
      'windowDays',
      windowDays,
      `must be a whole number from 0 to ${contractDays}`,
    );
  }
  return divide(value.times(windowDays), ZERO.plus(contractDays));
}
