import { addDays, type IsoDate } from '../periods/calendar-date';
import { quarterOf, quartersBetween, type Quarter } from '../periods/financial-periods';

import type { ReportScope } from './inputs';

/** What a report covers: its scope, label and calendar window (both ends inclusive). */
export interface ReportWindow {
  scope: ReportScope;
  label: string;
  start: IsoDate;
  end: IsoDate;
}

/**
 * The window of a report:
 * - `quarter`: the financial quarter (label "2025-26 Q3");
 * - `year_to_date`: from the start of the financial year to the end of the given quarter
 *   ("2025-26 to Q3");
 * - `since_start`: from the partnership's start to the end of the given quarter
 *   ("since start to 2025-26 Q3").
 */
export function reportWindow(
  scope: ReportScope,
  quarter: Quarter,
  partnershipStart: IsoDate,
): ReportWindow {
  switch (scope) {
    case 'quarter':
      return { scope, label: quarter.label, start: quarter.start, end: quarter.end };
    case 'year_to_date':
      return {
        scope,
        label: `${quarter.financialYear.label} to Q${quarter.quarter}`,
        start: quarter.financialYear.start,
        end: quarter.end,
      };
    case 'since_start':
      return {
        scope,
        label: `since start to ${quarter.label}`,
        start: partnershipStart,
        end: quarter.end,
      };
  }
}

/** The quarters a window spans, and the four before it (for the trend). */
export function windowQuarters(
  window: ReportWindow,
  fyStartMonth: number,
  partnershipStart: IsoDate,
): { quarters: Quarter[]; trend: Quarter[] } {
  const quarters = quartersBetween(window.start, window.end, fyStartMonth);
  const trend: Quarter[] = [];
  let q = quarterOf(addDays(quarters[0].start, -1), fyStartMonth);
  for (let i = 0; i < 4 && q.end >= partnershipStart; i++) {
    trend.unshift(q);
    q = quarterOf(addDays(q.start, -1), fyStartMonth);
  }
  return { quarters, trend };
}
