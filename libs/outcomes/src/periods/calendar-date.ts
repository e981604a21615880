import { ValidationError } from '../errors';

/**
 * A calendar date as an ISO 8601 string `YYYY-MM-DD` (years 0001–9998). Calendar dates have no
 * time and no time zone, so a record dated 31 March is in the same quarter wherever the code runs.
 */
export type IsoDate = string;

/** A calendar date split into its parts (month 1–12, day 1–31). */
export interface CalendarDate {
  /** Year, 1–9998. */
  readonly year: number;
  /** Month, 1 (January) – 12 (December). */
  readonly month: number;
  /** Day of the month, 1–31. */
  readonly day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Smallest and largest supported year (a financial year starting in 9998 ends in 9999). */
export const MIN_YEAR = 1;
/** @see MIN_YEAR */
export const MAX_YEAR = 9998;

/** True for Gregorian leap years: divisible by 4, except centuries not divisible by 400. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month of a year (February has 29 in leap years). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses and validates an ISO date `YYYY-MM-DD`.
 *
 * @param field - the input's name for the error
 * @throws {@link ValidationError} when malformed or not a real date (e.g. `2025-02-29`)
 */
export function parseIsoDate(value: IsoDate, field = 'date'): CalendarDate {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!match) throw new ValidationError(field, value, 'must be a date in the form YYYY-MM-DD');
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < MIN_YEAR || year > MAX_YEAR) {
    throw new ValidationError(field, value, `must have a year from ${MIN_YEAR} to ${MAX_YEAR}`);
  }
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new ValidationError(field, value, 'is not a real calendar date');
  }
  return { year, month, day };
}

/** Formats a calendar date as `YYYY-MM-DD`. */
export function formatIsoDate(date: CalendarDate): IsoDate {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/**
 * Compares two ISO dates: negative when `a` is earlier, 0 when equal, positive when later.
 *
 * @throws {@link ValidationError} when either is not a valid date
 */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  parseIsoDate(a, 'a');
  parseIsoDate(b, 'b');
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Days since 1970-01-01 in the proleptic Gregorian calendar (pure integer arithmetic, no `Date`).
 * @internal
 */
export function toDayNumber(date: CalendarDate): number {
  const y = date.month <= 2 ? date.year - 1 : date.year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthIndex = (date.month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthIndex + 2) / 5) + date.day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Inverse of {@link toDayNumber}. @internal */
export function fromDayNumber(dayNumber: number): CalendarDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/**
 * Adds (or with a negative number subtracts) whole days to an ISO date.
 *
 * @throws {@link ValidationError} when `date` is invalid or the result leaves the supported years
 */
export function addDays(date: IsoDate, days: number): IsoDate {
  const parsed = parseIsoDate(date);
  if (!Number.isInteger(days)) throw new ValidationError('days', days, 'must be a whole number');
  const result = fromDayNumber(toDayNumber(parsed) + days);
  if (result.year < MIN_YEAR || result.year > MAX_YEAR) {
    throw new ValidationError('days', days, 'moves the date outside the supported years');
  }
  return formatIsoDate(result);
}

/** Number of days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(parseIsoDate(to, 'to')) - toDayNumber(parseIsoDate(from, 'from'));
}
