import type { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';
import { ZERO, divide, sum, toDecimal, type DecimalInput } from '../money/decimal';
import { parseIsoDate, type IsoDate } from '../periods/calendar-date';

/**
 * How an outcome's entries for a period are combined: `sum` for counts, `mean` for scores
 * (satisfaction, resilience, capability, influence), `latest` for stock levels.
 */
export type Aggregation = 'sum' | 'mean' | 'latest';

/** All aggregations. */
export const AGGREGATIONS: readonly Aggregation[] = ['sum', 'mean', 'latest'];

/** One measurement or delivery entry for an outcome in a period. */
export interface PeriodEntry {
  /** Date of the entry (ISO `YYYY-MM-DD`). */
  readonly date: IsoDate;
  /** The value (count, score or level); negative only for corrections under `sum`. */
  readonly value: DecimalInput;
}

/** The result of aggregating a period's entries. */
export interface AggregatedValue {
  /** The aggregation used. */
  readonly aggregation: Aggregation;
  /** Number of entries. */
  readonly entryCount: number;
  /**
   * The aggregate, or null when there is no data: `mean` and `latest` of no entries are null
   * ("no data", not zero); `sum` of no entries is 0 (nothing delivered).
   */
  readonly value: Decimal | null;
}

/**
 * Aggregates a period's entries:
 * - `sum`: exact total (corrections included); 0 when there are no entries;
 * - `mean`: total ÷ number of entries (40 significant digits); null when there are no entries;
 * - `latest`: the value of the entry with the latest date; among entries on that date, the one
 *   listed last (append order); null when there are no entries.
 *
 * @throws {@link ValidationError} naming the entry (e.g. `entries[3].date`) for bad values or dates
 */
export function aggregateEntries(
  entries: readonly PeriodEntry[],
  aggregation: Aggregation,
): AggregatedValue {
  if (!AGGREGATIONS.includes(aggregation)) {
    throw new ValidationError(
      'aggregation',
      aggregation,
      `must be one of ${AGGREGATIONS.join(', ')}`,
    );
  }
  const parsed = entries.map((entry, index) => {
    parseIsoDate(entry.date, `entries[${index}].date`);
    return { date: entry.date, value: toDecimal(entry.value, `entries[${index}].value`) };
  });
  const entryCount = parsed.length;
  const total = sum(parsed.map((entry) => entry.value));
  if (aggregation === 'sum') return { aggregation, entryCount, value: total };
  if (entryCount === 0) return { aggregation, entryCount, value: null };
  if (aggregation === 'mean') {
    return { aggregation, entryCount, value: divide(total, ZERO.plus(entryCount)) };
  }
  let latest = parsed[0];
  for (const entry of parsed) if (entry.date >= latest.date) latest = entry;
  return { aggregation, entryCount, value: latest.value };
}

/** Totals of a period's entries computed where the data lives (SQL GROUP BY). */
export interface PeriodTotals {
  /** Number of entries. */
  readonly count: number;
  /** Sum of the entries' values (corrections included). */
  readonly sum: DecimalInput;
  /** Value of the latest entry (by date, then append order), or null when there are none. */
  readonly latest: DecimalInput | null;
}

/**
 * The same result as {@link aggregateEntries}, from totals aggregated in the database rather than
 * from every entry: `sum` is the total, `mean` is total ÷ count, `latest` is the latest value.
 *
 * @throws {@link ValidationError} for a negative or fractional count, or bad values
 */
export function aggregateTotals(totals: PeriodTotals, aggregation: Aggregation): AggregatedValue {
  if (!AGGREGATIONS.includes(aggregation)) {
    throw new ValidationError(
      'aggregation',
      aggregation,
      `must be one of ${AGGREGATIONS.join(', ')}`,
    );
  }
  if (!Number.isInteger(totals.count) || totals.count < 0) {
    throw new ValidationError('totals.count', totals.count, 'must be a whole number ≥ 0');
  }
  const entryCount = totals.count;
  const total = toDecimal(totals.sum, 'totals.sum');
  if (aggregation === 'sum') return { aggregation, entryCount, value: total };
  if (entryCount === 0) return { aggregation, entryCount, value: null };
  if (aggregation === 'mean')
    return { aggregation, entryCount, value: divide(total, ZERO.plus(entryCount)) };
  if (totals.latest === null)
    throw new ValidationError('totals.latest', null, 'is required when there are entries');
  return { aggregation, entryCount, value: toDecimal(totals.latest, 'totals.latest') };
}
