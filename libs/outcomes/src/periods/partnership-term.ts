import { DomainError, ValidationError, type FieldError } from '../errors';
import { addDays, compareIsoDates, parseIsoDate, type IsoDate } from './calendar-date';
import type { DateWindow } from './financial-periods';

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

/**
 * Whether `period` shares at least a day with the partnership's `term` (both ends inclusive); a
 * date is the period from it to itself. Dates are valid YYYY-MM-DD, so they compare as strings.
 */
export function overlapsTerm(term: DateWindow, period: DateWindow | IsoDate): boolean {
  const { start, end } = typeof period === 'string' ? { start: period, end: period } : period;
  return end >= term.start && start <= term.end;
}

/**
 * Why a period (a quarter, a financial year) is refused on `field` when it does not overlap the
 * term, naming it by `value` (its label); null when it overlaps.
 */
export function termProblem(
  term: DateWindow,
  period: DateWindow,
  field: string,
  value: string,
): FieldError | null {
  if (overlapsTerm(term, period)) return null;
  return {
    field,
    value,
    reason: `is outside the partnership's dates (${term.start} to ${term.end})`,
  };
}

/**
 * Why delivery dated `date` is refused: outside the partnership's term, or after `latest` (see
 * {@link latestActivityDate}; omitted: no limit); null when it is accepted.
 */
export function activityDateRefusal(
  date: IsoDate,
  term: DateWindow,
  latest?: IsoDate,
): string | null {
  if (!overlapsTerm(term, date)) {
    return `must be within the partnership (${term.start} to ${term.end})`;
  }
  if (latest !== undefined && date > latest) {
    return `must not be after today (${latest}): delivery cannot be dated in the future`;
  }
  return null;
}

/** A period or date outside the partnership's term (422 naming the field). */
export class OutsideTermError extends DomainError {
  readonly code = 'outside_partnership_term';

  /** @param what - what was refused, e.g. "A target period" */
  constructor(what: string, problem: FieldError) {
    super(`${what} lies outside the partnership.`, [problem]);
  }
}

/**
 * Throws {@link OutsideTermError} on `field` unless `period` overlaps the partnership's `term`:
 * a target's period, a quarter asked for. `what` names it in the message.
 */
export function checkWithinTerm(
  term: DateWindow,
  period: DateWindow,
  subject: { readonly field: string; readonly value: string; readonly what: string },
): void {
  const problem = termProblem(term, period, subject.field, subject.value);
  if (problem) throw new OutsideTermError(subject.what, problem);
}
