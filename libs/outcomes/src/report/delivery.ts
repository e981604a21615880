import type { Decimal } from 'decimal.js';

import { ZERO, divide, toDecimal } from '../money/decimal';
import { aggregateTotals, type Aggregation } from '../targets/aggregation';
import { combineTotals } from '../targets/window';
import type { CountedDelivery, StatusQuantity, VerificationFigures } from './figures';
import type { QuarterDelivery, ReportOutcomeInput, StatusTotals } from './inputs';

/** No entries. */
export const NO_ENTRIES: StatusTotals = { count: 0, sum: '0', latest: null, latestAt: null };

/**
 * Two statuses' totals as one: counts and sums add (the sum kept as a Decimal, not formatted and
 * parsed again), the latest is the more recent entry. Either side empty: the other as it is.
 */
export function mergeStatuses(a: StatusTotals, b: StatusTotals): StatusTotals {
  if (b.count === 0) return a;
  if (a.count === 0) return b;
  const later = (b.latestAt ?? '') > (a.latestAt ?? '') ? b : a;
  return {
    count: a.count + b.count,
    sum: toDecimal(a.sum, 'sum').plus(toDecimal(b.sum, 'sum')),
    latest: later.latest,
    latestAt: later.latestAt,
  };
}

/**
 * The delivery that counts in headline figures: verified, and claimed unless the partnership
 * counts verified delivery only. Disputed delivery never counts.
 */
export function counted(quarter: QuarterDelivery, countUnverified: boolean): StatusTotals {
  return countUnverified ? mergeStatuses(quarter.verified, quarter.claimed) : quarter.verified;
}

export const countedDeliveryOf = (countUnverified: boolean): CountedDelivery =>
  countUnverified ? 'verified and claimed' : 'verified only';

/** The outcome's value of some quarters' totals, by its aggregation (null: no data for a level). */
export function valueOf(totals: readonly StatusTotals[], aggregation: Aggregation): Decimal | null {
  return aggregateTotals(combineTotals(totals), aggregation).value;
}

function statusQuantity(
  quarters: readonly QuarterDelivery[],
  status: keyof QuarterDelivery,
  aggregation: Aggregation,
): StatusQuantity {
  const totals = quarters.map((q) => q[status]);
  const entries = totals.reduce((n, t) => n + t.count, 0);
  const value = entries === 0 && aggregation !== 'sum' ? null : valueOf(totals, aggregation);
  return { entries, quantity: value === null ? null : value.toString() };
}

/** The window's delivery by review status, and which of it counts. */
export function verificationOf(
  quarters: readonly QuarterDelivery[],
  aggregation: Aggregation,
  countUnverified: boolean,
): VerificationFigures {
  return {
    counted: countedDeliveryOf(countUnverified),
    verified: statusQuantity(quarters, 'verified', aggregation),
    claimed: statusQuantity(quarters, 'claimed', aggregation),
    disputed: statusQuantity(quarters, 'disputed', aggregation),
  };
}

/**
 * The baseline for `quarters` quarters: a count's baseline is per quarter (a year-to-date window
 * of three quarters has three times it); a score's or stock level's is the level itself.
 */
export function baselineFor(
  outcome: Pick<ReportOutcomeInput, 'baseline' | 'aggregation'>,
  quarters: number,
): Decimal | null {
  if (outcome.baseline === null) return null;
  const baseline = toDecimal(outcome.baseline, 'baseline');
  return outcome.aggregation === 'sum' ? baseline.times(quarters) : baseline;
}

/** The claimed share of counted delivery (0 when only verified delivery counts). */
export function claimedShare(
  quarters: readonly QuarterDelivery[],
  countUnverified: boolean,
): Decimal {
  if (!countUnverified) return ZERO;
  const claimed = quarters.reduce((s, q) => s.plus(toDecimal(q.claimed.sum, 'sum')), ZERO);
  const all = claimed.plus(
    quarters.reduce((s, q) => s.plus(toDecimal(q.verified.sum, 'sum')), ZERO),
  );
  return all.isZero() ? ZERO : divide(claimed, all);
}
