import { ValidationError } from '../errors';
import {
  formatIsoDate,
  fromDayNumber,
  parseIsoDate,
  toDayNumber,
  type IsoDate,
} from '../periods/calendar-date';

/** ISO day of the week: 1 Monday … 5 Friday, 6 Saturday, 7 Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A partnership's holidays (days off that are not weekends), as ISO dates. */
export type HolidayDates = ReadonlySet<IsoDate> | readonly IsoDate[];

/** Most working days a deadline may be counted out (about half a year). */
export const MAX_WORKING_DAYS = 130;

/** The ISO weekday of a date (1970-01-01, day 0, was a Thursday). */
export function weekdayOf(date: IsoDate): Weekday {
  const day = toDayNumber(parseIsoDate(date));
  return (((((day + 3) % 7) + 7) % 7) + 1) as Weekday;
}

function asSet(holidays: HolidayDates): ReadonlySet<IsoDate> {
  return holidays instanceof Set ? holidays : new Set(holidays as readonly IsoDate[]);
}

/** Monday to Friday and not one of the holidays. */
export function isWorkingDay(date: IsoDate, holidays: HolidayDates = []): boolean {
  return weekdayOf(date) <= 5 && !asSet(holidays).has(date);
}

/**
 * The `days`-th working day after `date` (`date` itself never counts, whatever day it is): with
 * `days` 1 the first working day after it. Weekends and holidays are skipped, so a holiday on
 * what would have been the deadline moves it to the next working day.
 *
 * @example addWorkingDays('2026-06-30', 1) // "2026-07-01" (Tuesday → Wednesday)
 * @example addWorkingDays('2026-07-03', 1) // "2026-07-06" (Friday → Monday)
 * @throws {@link ValidationError} for a date that is not one, or days not a whole 1–130
 */
export function addWorkingDays(date: IsoDate, days: number, holidays: HolidayDates = []): IsoDate {
  const start = toDayNumber(parseIsoDate(date));
  if (!Number.isInteger(days) || days < 1 || days > MAX_WORKING_DAYS) {
    throw new ValidationError('days', days, `must be a whole number from 1 to ${MAX_WORKING_DAYS}`);
  }
  const off = asSet(holidays);
  let day = start;
  let counted = 0;
  while (counted < days) {
    day += 1;
    const iso = formatIsoDate(fromDayNumber(day));
    if (isWorkingDay(iso, off)) counted += 1;
  }
  return formatIsoDate(fromDayNumber(day));
}

/**
 * Working days after `from` up to and including `to` (0 when `to` is not after `from`): how many
 * working days late something is on `to` when it was due on `from`.
 */
export function workingDaysBetween(
  from: IsoDate,
  to: IsoDate,
  holidays: HolidayDates = [],
): number {
  const first = toDayNumber(parseIsoDate(from, 'from'));
  const last = toDayNumber(parseIsoDate(to, 'to'));
  const off = asSet(holidays);
  let count = 0;
  for (let day = first + 1; day <= last; day++) {
    if (isWorkingDay(formatIsoDate(fromDayNumber(day)), off)) count += 1;
  }
  return count;
}
