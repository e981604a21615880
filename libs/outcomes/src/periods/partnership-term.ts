import { ValidationError } from '../errors';
import { addDays, compareIsoDates, parseIsoDate, type IsoDate } from './calendar-date';

/**
 * The calendar dates the product accepts in any input (partnership terms, delivery, baselines,
 * proxy validity, targets): wide enough for historical baselines and long contracts, narrow
 * enough that every date's quarters, financial years and discounting stay ordinary arithmetic.
 */
export const SUPPORTED_DATES = { first: '1900-01-01', last: '2199-12-31' } as const;

/**
 * The longest partnership term. Public-service partnerships run 5–10 years, some alliances 20;
 * since-start reports walk every quarter of the term, so the term is bounded.
 */
export const MAX_TERM_YEARS = 50;

/**
 * Whether `date`, in the form YYYY-MM-DD, lies within {@link SUPPORTED_DATES} (whether it is a
 * real date is {@link parseIsoDate}'s question).
 */
export function isSupportedDate(date: IsoDate): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(date) &&
    date >= SUPPORTED_DATES.first &&
    date <= SUPPORTED_DATES.last
  );
}

/**
 * Checks a partnership's term: both dates supported, the end after the start, and at most
 * {@link MAX_TERM_YEARS} years long. Throws a {@link ValidationError} naming the field.
 */
export function checkPartnershipTerm(startDate: IsoDate, endDate: IsoDate): void {
  for (const [field, date] of [
    ['startDate', startDate],
    ['endDate', endDate],
  ] as const) {
    if (!isSupportedDate(date)) {
      throw new ValidationError(
        field,
        date,
        `must be from ${SUPPORTED_DATES.first} to ${SUPPORTED_DATES.last}`,
      );
    }
    parseIsoDate(date, field);
  }
  if (compareIsoDates(endDate, startDate) <= 0) {
    throw new ValidationError('endDate', endDate, `must be after startDate (${startDate})`);
  }
  const start = parseIsoDate(startDate);
  const latestEnd = `${String(start.year + MAX_TERM_YEARS).padStart(4, '0')}${startDate.slice(4)}`;
  // Both dates are valid by now, so YYYY-MM-DD strings compare in date order; the latest end is
  // compared as a string because 29 February + 50 years is not always a date.
  if (endDate > latestEnd) {
    throw new ValidationError(
      'endDate',
      endDate,
      `must be at most ${MAX_TERM_YEARS} years after startDate (${startDate})`,
    );
  }
}

/**
 * The latest activity date delivery may carry on `todayUtc` (the server's UTC date): today
 * wherever the provider is. Somewhere on Earth it is already the day after UTC's date (up to 14
 * hours ahead), never two days after; delivery dated later has not happened yet.
 */
export function latestActivityDate(todayUtc: IsoDate): IsoDate {
  return addDays(todayUtc, 1);
}
