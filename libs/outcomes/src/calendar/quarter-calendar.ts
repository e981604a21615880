import { ValidationError } from '../errors';
import type { IsoDate } from '../periods/calendar-date';
import type { Quarter } from '../periods/financial-periods';
import { MAX_WORKING_DAYS, addWorkingDays, type HolidayDates } from './working-days';

/**
 * A partnership's quarterly rhythm, each date counted in working days (Monday–Friday less the
 * partnership's holidays) after the quarter's last day.
 */
export interface CalendarSettings {
  /** Delivery data for the quarter is due this many working days after it ends. */
  readonly deliveryDeadlineWorkingDays: number;
  /** The quarter's open-book return is due this many working days after it ends. */
  readonly returnDeadlineWorkingDays: number;
  /** The board reviews the quarter this many working days after it ends. */
  readonly boardReviewWorkingDays: number;
}

/** What a partnership has until it sets its own: two weeks, four weeks, six weeks. */
export const DEFAULT_CALENDAR_SETTINGS: CalendarSettings = {
  deliveryDeadlineWorkingDays: 10,
  returnDeadlineWorkingDays: 20,
  boardReviewWorkingDays: 30,
};

/** A quarter's dates under a partnership's calendar. */
export interface QuarterCalendar {
  readonly quarter: Quarter;
  /** Last day for the quarter's delivery data. */
  readonly deliveryDeadline: IsoDate;
  /** Last day for the quarter's open-book return. */
  readonly returnDeadline: IsoDate;
  /** The day the board reviews the quarter. */
  readonly boardReview: IsoDate;
}

const FIELDS = [
  'deliveryDeadlineWorkingDays',
  'returnDeadlineWorkingDays',
  'boardReviewWorkingDays',
] as const;

/**
 * The rules calendar settings keep, as field problems (empty when valid): each a whole number of
 * working days from 1 to {@link MAX_WORKING_DAYS}; the board review not before either deadline
 * (the board reviews what has arrived).
 */
export function calendarSettingsProblems(settings: CalendarSettings): ValidationError[] {
  const problems: ValidationError[] = [];
  for (const field of FIELDS) {
    const value = settings[field];
    if (!Number.isInteger(value) || value < 1 || value > MAX_WORKING_DAYS) {
      problems.push(
        new ValidationError(
          field,
          value,
          `must be a whole number of working days from 1 to ${MAX_WORKING_DAYS}`,
        ),
      );
    }
  }
  if (problems.length > 0) return problems;
  const latest = Math.max(settings.deliveryDeadlineWorkingDays, settings.returnDeadlineWorkingDays);
  if (settings.boardReviewWorkingDays < latest) {
    problems.push(
      new ValidationError(
        'boardReviewWorkingDays',
        settings.boardReviewWorkingDays,
        `must not be before the deadlines (at least ${latest} working days): the board reviews what has arrived`,
      ),
    );
  }
  return problems;
}

/**
 * The quarter's deadlines and board review date: each the settings' number of working days after
 * the quarter's last day (a quarter ending on a weekend or holiday counts from that day all the
 * same; the first working day after it is day 1).
 *
 * @throws {@link ValidationError} when the settings break a rule ({@link calendarSettingsProblems})
 */
export function quarterCalendar(
  quarter: Quarter,
  settings: CalendarSettings,
  holidays: HolidayDates = [],
): QuarterCalendar {
  const [problem] = calendarSettingsProblems(settings);
  if (problem) throw problem;
  const off = holidays instanceof Set ? holidays : new Set(holidays);
  return {
    quarter,
    deliveryDeadline: addWorkingDays(quarter.end, settings.deliveryDeadlineWorkingDays, off),
    returnDeadline: addWorkingDays(quarter.end, settings.returnDeadlineWorkingDays, off),
    boardReview: addWorkingDays(quarter.end, settings.boardReviewWorkingDays, off),
  };
}
