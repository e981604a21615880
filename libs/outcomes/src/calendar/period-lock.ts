import { ValidationError } from '../errors';
import { addDays, parseIsoDate, type IsoDate } from '../periods/calendar-date';
import { quartersBetween, type DateWindow, type Quarter } from '../periods/financial-periods';
import { MAX_WORKING_DAYS } from './working-days';

/** Where a quarter's lock stands: `closed` (writes dated in it refused) or `reopened`. */
export type PeriodLockState = 'closed' | 'reopened';

/** What an admin asks of a quarter's lock. */
export type PeriodLockAction = 'close' | 'reopen';

/** Whether a step may be taken on a lock in `state` (null: never closed), or why not. */
export type PeriodLockStep =
  | { readonly allowed: true; readonly state: PeriodLockState }
  | { readonly allowed: false; readonly reason: string };

/** Most days after the delivery deadline an automatic close may wait (a year). */
export const MAX_AUTO_CLOSE_DAYS = 365;

/**
 * The lock's rule: a quarter never closed, or reopened, may be closed; only a closed one may be
 * reopened. (Closing a closed quarter again would change nothing but its history.)
 */
export function periodLockStep(
  state: PeriodLockState | null,
  action: PeriodLockAction,
): PeriodLockStep {
  if (action === 'close') {
    return state === 'closed'
      ? { allowed: false, reason: 'it is already closed' }
      : { allowed: true, state: 'closed' };
  }
  return state === 'closed'
    ? { allowed: true, state: 'reopened' }
    : { allowed: false, reason: state === null ? 'it has never been closed' : 'it is not closed' };
}

/** The automatic-close setting's rule, as field problems (empty when valid): null, or 1–365 days. */
export function autoCloseDaysProblems(days: number | null): ValidationError[] {
  if (days === null) return [];
  return Number.isInteger(days) && days >= 1 && days <= MAX_AUTO_CLOSE_DAYS
    ? []
    : [
        new ValidationError(
          'autoCloseDaysAfterDeadline',
          days,
          `must be null (never) or a whole number of days from 1 to ${MAX_AUTO_CLOSE_DAYS}`,
        ),
      ];
}

/**
 * The day a quarter closes automatically: `days` calendar days after its delivery-data deadline
 * (with 1, the day after the deadline; data may arrive up to the day before).
 *
 * @example autoCloseDate('2026-07-14', 5) // "2026-07-19"
 * @throws {@link ValidationError} for a deadline that is not a date, or days outside 1–365
 */
export function autoCloseDate(deliveryDeadline: IsoDate, days: number): IsoDate {
  parseIsoDate(deliveryDeadline, 'deliveryDeadline');
  const [problem] = autoCloseDaysProblems(days);
  if (problem) throw problem;
  return addDays(deliveryDeadline, days);
}

/**
 * Whether a quarter whose delivery data was due on `deliveryDeadline` is due to close on `asOf`:
 * its close date has come, and is not before `from`, the day the partnership's setting took
 * effect (turning the setting on does not close the quarters already past their date).
 */
export function isDueToAutoClose(
  deliveryDeadline: IsoDate,
  days: number,
  asOf: IsoDate,
  from: IsoDate,
): boolean {
  parseIsoDate(asOf, 'asOf');
  parseIsoDate(from, 'from');
  const closes = autoCloseDate(deliveryDeadline, days);
  return closes <= asOf && closes >= from;
}

/**
 * The quarters of a partnership's term that could be due to close automatically between `from`
 * and `asOf`: those ended by `asOf` whose close date (at most {@link MAX_WORKING_DAYS} working
 * days, about 26 weeks, then `days` after their end) can fall on or after `from`. The caller
 * works out each one's deadline from its calendar and asks {@link isDueToAutoClose}.
 */
export function autoCloseCandidates(
  term: DateWindow,
  days: number,
  asOf: IsoDate,
  from: IsoDate,
  fyStartMonth: number,
): Quarter[] {
  const [problem] = autoCloseDaysProblems(days);
  if (problem) throw problem;
  // Working days to calendar days: at most 7 per 5, plus a generous allowance for holidays.
  const longestWait = Math.ceil((MAX_WORKING_DAYS * 7) / 5) + 60 + days;
  const earliestEnd = addDays(from, -longestWait);
  const first = earliestEnd > term.start ? earliestEnd : term.start;
  const last = asOf < term.end ? asOf : term.end;
  if (last < first) return [];
  return quartersBetween(first, last, fyStartMonth).filter(
    (q) => q.end <= asOf && q.end >= term.start && q.start <= term.end,
  );
}

/** Whether `date` falls in one of the closed quarters given (their windows); the first such. */
export function closedQuarterOf<T extends DateWindow>(
  date: IsoDate,
  closed: readonly T[],
): T | undefined {
  return closed.find((q) => q.start <= date && date <= q.end);
}
