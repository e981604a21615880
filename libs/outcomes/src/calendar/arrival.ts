import { ValidationError } from '../errors';
import { parseIsoDate, type IsoDate } from '../periods/calendar-date';
import type { Quarter } from '../periods/financial-periods';

/** How much of what is owed for a quarter has arrived. */
export const ARRIVALS = ['none', 'partial', 'complete'] as const;
export type Arrival = (typeof ARRIVALS)[number];

/** Where an obligation stands on a day: arrived, not yet due, or past its deadline and not complete. */
export const OBLIGATION_STATUSES = ['complete', 'pending', 'overdue'] as const;
export type ObligationStatus = (typeof OBLIGATION_STATUSES)[number];

/** How a quarter's delivery data for one provider and outcome has arrived, month by month. */
export interface DeliveryArrival {
  readonly arrival: Arrival;
  /** Months of the quarter (`YYYY-MM`) with at least one record in force, in order. */
  readonly monthsWithData: readonly string[];
  /** Months of the quarter with none, in order. */
  readonly monthsMissing: readonly string[];
}

/** The quarter's three months as `YYYY-MM`, in order. */
export function monthsOfQuarter(quarter: Quarter): string[] {
  const start = parseIsoDate(quarter.start, 'quarter.start');
  return [0, 1, 2].map((offset) => {
    const index = start.month - 1 + offset;
    const year = start.year + Math.floor(index / 12);
    const month = (index % 12) + 1;
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
  });
}

/**
 * Delivery data arrives month by month: `complete` when records in force (not reversed, not
 * rejected) cover every month of the quarter, `partial` when some months, `none` when no month.
 * A board expects each month's activity to be logged; a provider that logs a quarter in one
 * record dated in its last month shows as partial until the other months have theirs.
 *
 * @param monthsWithData - months (`YYYY-MM`) with records; duplicates allowed
 * @throws {@link ValidationError} naming a month that is not one of the quarter's
 */
export function deliveryArrival(
  quarter: Quarter,
  monthsWithData: readonly string[],
): DeliveryArrival {
  const months = monthsOfQuarter(quarter);
  monthsWithData.forEach((month, i) => {
    if (!months.includes(month)) {
      throw new ValidationError(
        `monthsWithData[${i}]`,
        month,
        `must be a month of ${quarter.label} (${months.join(', ')})`,
      );
    }
  });
  const covered = months.filter((m) => monthsWithData.includes(m));
  const arrival: Arrival =
    covered.length === 0 ? 'none' : covered.length === months.length ? 'complete' : 'partial';
  return {
    arrival,
    monthsWithData: covered,
    monthsMissing: months.filter((m) => !covered.includes(m)),
  };
}

/**
 * A quarter's open-book return has arrived (`complete`) once any revision has been submitted,
 * whatever its review says (a queried or rejected return arrived; the review is another matter);
 * `none` before.
 */
export function returnArrival(revisions: number): Arrival {
  if (!Number.isInteger(revisions) || revisions < 0) {
    throw new ValidationError('revisions', revisions, 'must be a whole number, 0 or more');
  }
  return revisions > 0 ? 'complete' : 'none';
}

/**
 * Where an obligation stands on `asOf`: `complete` once complete (however late), `overdue` when
 * `asOf` is after the deadline and it is not complete, else `pending` (the deadline day itself is
 * still in time).
 */
export function obligationStatus(
  arrival: Arrival,
  dueBy: IsoDate,
  asOf: IsoDate,
): ObligationStatus {
  parseIsoDate(dueBy, 'dueBy');
  parseIsoDate(asOf, 'asOf');
  if (arrival === 'complete') return 'complete';
  return asOf > dueBy ? 'overdue' : 'pending';
}
