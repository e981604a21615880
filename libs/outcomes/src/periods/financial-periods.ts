import { ValidationError } from '../errors';
import {
  MAX_YEAR,
  MIN_YEAR,
  daysInMonth,
  formatIsoDate,
  parseIsoDate,
  type CalendarDate,
  type IsoDate,
} from './calendar-date';

/** The default financial-year start month: April (UK public sector: 1 April – 31 March). */
export const DEFAULT_FY_START_MONTH = 4;

/** A quarter number within a financial year. */
export type QuarterNumber = 1 | 2 | 3 | 4;

/**
 * A financial year. It is named by the calendar year it starts in: with an April start,
 * `startYear` 2025 runs 2025-04-01 – 2026-03-31 and is labelled `2025-26`; with a January start it
 * is the calendar year and is labelled `2025`.
 */
export interface FinancialYear {
  /** Calendar year in which the financial year starts. */
  readonly startYear: number;
  /** Month the financial year starts in, 1–12. */
  readonly startMonth: number;
  /** First day, inclusive. */
  readonly start: IsoDate;
  /** Last day, inclusive. */
  readonly end: IsoDate;
  /** `2025-26` (or `2025` for a January start). */
  readonly label: string;
}

/**
 * A quarter of a financial year: Q1 is the first three months from the start month. With an April
 * start, Q1 is Apr–Jun and Q4 is Jan–Mar, so 2025-26 Q4 ends on 2026-03-31.
 */
export interface Quarter {
  /** The financial year the quarter belongs to. */
  readonly financialYear: FinancialYear;
  /** 1–4. */
  readonly quarter: QuarterNumber;
  /** First day, inclusive. */
  readonly start: IsoDate;
  /** Last day, inclusive. */
  readonly end: IsoDate;
  /** `2025-26 Q3` (or `2025 Q3` for a January start). */
  readonly label: string;
}

/** A date window, both ends inclusive. */
export interface DateWindow {
  /** First day, inclusive. */
  readonly start: IsoDate;
  /** Last day, inclusive. */
  readonly end: IsoDate;
}

/** A financial year-to-date window and the quarters it spans. */
export interface YearToDateWindow extends DateWindow {
  /** The financial year containing `asOf`. */
  readonly financialYear: FinancialYear;
  /** Quarters from Q1 up to and including the quarter containing `asOf` (the last may be partial). */
  readonly quarters: readonly Quarter[];
  /** Quarters that have ended on or before `asOf`. */
  readonly completeQuarters: readonly Quarter[];
}

function checkStartMonth(startMonth: number, field = 'fyStartMonth'): number {
  if (!Number.isInteger(startMonth) || startMonth < 1 || startMonth > 12) {
    throw new ValidationError(field, startMonth, 'must be a month number from 1 to 12');
  }
  return startMonth;
}

function checkStartYear(startYear: number, field = 'startYear'): number {
  if (!Number.isInteger(startYear) || startYear < MIN_YEAR || startYear > MAX_YEAR) {
    throw new ValidationError(
      field,
      startYear,
      `must be a whole year from ${MIN_YEAR} to ${MAX_YEAR}`,
    );
  }
  return startYear;
}

/** Month (1–12) and calendar year `offset` months after the given month. */
function shiftMonth(year: number, month: number, offset: number): { year: number; month: number } {
  const index = month - 1 + offset;
  return { year: year + Math.floor(index / 12), month: (((index % 12) + 12) % 12) + 1 };
}

function lastDayOf(year: number, month: number): CalendarDate {
  return { year, month, day: daysInMonth(year, month) };
}

/** The label of a financial year: `2025-26`, or `2025` when the year starts in January. */
export function formatFinancialYearLabel(
  startYear: number,
  fyStartMonth = DEFAULT_FY_START_MONTH,
): string {
  checkStartMonth(fyStartMonth);
  checkStartYear(startYear);
  if (fyStartMonth === 1) return String(startYear).padStart(4, '0');
  const next = String((startYear + 1) % 100).padStart(2, '0');
  return `${String(startYear).padStart(4, '0')}-${next}`;
}

/**
 * The financial year that starts in `startYear`.
 *
 * @throws {@link ValidationError} for a start month outside 1–12 or an unsupported year
 */
export function financialYear(
  startYear: number,
  fyStartMonth = DEFAULT_FY_START_MONTH,
): FinancialYear {
  const label = formatFinancialYearLabel(startYear, fyStartMonth);
  const last = shiftMonth(startYear, fyStartMonth, 11);
  return {
    startYear,
    startMonth: fyStartMonth,
    start: formatIsoDate({ year: startYear, month: fyStartMonth, day: 1 }),
    end: formatIsoDate(lastDayOf(last.year, last.month)),
    label,
  };
}

/** The financial year containing `date`. */
export function financialYearOf(
  date: IsoDate,
  fyStartMonth = DEFAULT_FY_START_MONTH,
): FinancialYear {
  checkStartMonth(fyStartMonth);
  const parsed = parseIsoDate(date);
  const startYear = parsed.month >= fyStartMonth ? parsed.year : parsed.year - 1;
  return financialYear(startYear, fyStartMonth);
}

/**
 * Quarter `quarterNumber` of the financial year starting in `startYear`.
 *
 * @throws {@link ValidationError} when the quarter is not 1–4
 */
export function getQuarter(
  startYear: number,
  quarterNumber: number,
  fyStartMonth = DEFAULT_FY_START_MONTH,
): Quarter {
  if (!Number.isInteger(quarterNumber) || quarterNumber < 1 || quarterNumber > 4) {
    throw new ValidationError('quarter', quarterNumber, 'must be 1, 2, 3 or 4');
  }
  const year = financialYear(startYear, fyStartMonth);
  const first = shiftMonth(startYear, fyStartMonth, (quarterNumber - 1) * 3);
  const last = shiftMonth(startYear, fyStartMonth, (quarterNumber - 1) * 3 + 2);
  return {
    financialYear: year,
    quarter: quarterNumber as QuarterNumber,
    start: formatIsoDate({ year: first.year, month: first.month, day: 1 }),
    end: formatIsoDate(lastDayOf(last.year, last.month)),
    label: `${year.label} Q${quarterNumber}`,
  };
}

/**
 * The quarter a calendar date belongs to. Every date is in exactly one quarter.
 *
 * @example quarterOf('2026-03-31').label // "2025-26 Q4"
 * @example quarterOf('2025-03-31', 1).label // "2025 Q1"
 */
export function quarterOf(date: IsoDate, fyStartMonth = DEFAULT_FY_START_MONTH): Quarter {
  checkStartMonth(fyStartMonth);
  const parsed = parseIsoDate(date);
  const monthsIntoYear = (parsed.month - fyStartMonth + 12) % 12;
  const startYear = parsed.month >= fyStartMonth ? parsed.year : parsed.year - 1;
  return getQuarter(startYear, Math.floor(monthsIntoYear / 3) + 1, fyStartMonth);
}

/** First day of the quarter containing `date`. */
export function startOfQuarter(date: IsoDate, fyStartMonth = DEFAULT_FY_START_MONTH): IsoDate {
  return quarterOf(date, fyStartMonth).start;
}

/** Last day of the quarter containing `date`. */
export function endOfQuarter(date: IsoDate, fyStartMonth = DEFAULT_FY_START_MONTH): IsoDate {
  return quarterOf(date, fyStartMonth).end;
}

/** First day of the financial year containing `date`. */
export function startOfFinancialYear(
  date: IsoDate,
  fyStartMonth = DEFAULT_FY_START_MONTH,
): IsoDate {
  return financialYearOf(date, fyStartMonth).start;
}

/** Last day of the financial year containing `date`. */
export function endOfFinancialYear(date: IsoDate, fyStartMonth = DEFAULT_FY_START_MONTH): IsoDate {
  return financialYearOf(date, fyStartMonth).end;
}

/** The quarter after `quarter` (Q4 is followed by Q1 of the next financial year). */
export function nextQuarter(quarter: Quarter): Quarter {
  const { startYear, startMonth } = quarter.financialYear;
  return quarter.quarter === 4
    ? getQuarter(startYear + 1, 1, startMonth)
    : getQuarter(startYear, quarter.quarter + 1, startMonth);
}

/** The quarter before `quarter` (Q1 is preceded by Q4 of the previous financial year). */
export function previousQuarter(quarter: Quarter): Quarter {
  const { startYear, startMonth } = quarter.financialYear;
  return quarter.quarter === 1
    ? getQuarter(startYear - 1, 4, startMonth)
    : getQuarter(startYear, quarter.quarter - 1, startMonth);
}

/** True when `date` lies within the window (both ends inclusive). */
export function isWithin(date: IsoDate, window: DateWindow): boolean {
  parseIsoDate(date);
  parseIsoDate(window.start, 'window.start');
  parseIsoDate(window.end, 'window.end');
  return date >= window.start && date <= window.end;
}

/**
 * Every quarter that overlaps the inclusive range `from`–`to`, in order. The first and last may be
 * only partly inside the range.
 *
 * @throws {@link ValidationError} when `to` is before `from`
 */
export function quartersBetween(
  from: IsoDate,
  to: IsoDate,
  fyStartMonth = DEFAULT_FY_START_MONTH,
): Quarter[] {
  parseIsoDate(from, 'from');
  parseIsoDate(to, 'to');
  if (to < from) throw new ValidationError('to', to, `must not be before from (${from})`);
  const quarters: Quarter[] = [];
  let current = quarterOf(from, fyStartMonth);
  quarters.push(current);
  while (current.end < to) {
    current = nextQuarter(current);
    quarters.push(current);
  }
  return quarters;
}

/**
 * The financial year-to-date window ending on `asOf` (inclusive): from the first day of the
 * financial year containing `asOf`, with the quarters it spans.
 *
 * @example yearToDate('2025-11-15').start // "2025-04-01"
 */
export function yearToDate(asOf: IsoDate, fyStartMonth = DEFAULT_FY_START_MONTH): YearToDateWindow {
  const year = financialYearOf(asOf, fyStartMonth);
  const quarters = quartersBetween(year.start, asOf, fyStartMonth);
  return {
    financialYear: year,
    start: year.start,
    end: asOf,
    quarters,
    completeQuarters: quarters.filter((quarter) => quarter.end <= asOf),
  };
}

const QUARTER_LABEL = /^(\d{4})(?:-(\d{2}))? Q([1-4])$/;
const YEAR_LABEL = /^(\d{4})(?:-(\d{2}))?$/;

function parseYearPart(
  label: string,
  match: RegExpExecArray | null,
  fyStartMonth: number,
  field: string,
  example: string,
): number {
  if (!match) throw new ValidationError(field, label, `must look like "${example}"`);
  const startYear = checkStartYear(Number(match[1]), field);
  const expected = formatFinancialYearLabel(startYear, fyStartMonth);
  const given = match[2] === undefined ? match[1] : `${match[1]}-${match[2]}`;
  if (given !== expected) {
    throw new ValidationError(
      field,
      label,
      `does not name a financial year starting in month ${fyStartMonth} (expected "${expected}")`,
    );
  }
  return startYear;
}

/**
 * Parses a financial-year label (`2025-26`, or `2025` for a January start).
 *
 * @throws {@link ValidationError} when malformed or inconsistent with the start month
 */
export function parseFinancialYearLabel(
  label: string,
  fyStartMonth = DEFAULT_FY_START_MONTH,
): FinancialYear {
  checkStartMonth(fyStartMonth);
  const example = fyStartMonth === 1 ? '2025' : '2025-26';
  const startYear = parseYearPart(label, YEAR_LABEL.exec(label), fyStartMonth, 'label', example);
  return financialYear(startYear, fyStartMonth);
}

/**
 * Parses a quarter label (`2025-26 Q3`, or `2025 Q3` for a January start) back to a quarter.
 *
 * @throws {@link ValidationError} when malformed or inconsistent with the start month
 */
export function parseQuarterLabel(label: string, fyStartMonth = DEFAULT_FY_START_MONTH): Quarter {
  checkStartMonth(fyStartMonth);
  const example = fyStartMonth === 1 ? '2025 Q3' : '2025-26 Q3';
  const match = typeof label === 'string' ? QUARTER_LABEL.exec(label) : null;
  const startYear = parseYearPart(label, match, fyStartMonth, 'label', example);
  return getQuarter(startYear, Number(match![3]), fyStartMonth);
}
