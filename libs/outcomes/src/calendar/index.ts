/** libs/outcomes' calendar: exported through the package index (src/index.ts). */

export {
  MAX_WORKING_DAYS,
  addWorkingDays,
  isWorkingDay,
  weekdayOf,
  workingDaysBetween,
  type HolidayDates,
  type Weekday,
} from './working-days';
export {
  DEFAULT_CALENDAR_SETTINGS,
  calendarSettingsProblems,
  quarterCalendar,
  type CalendarSettings,
  type QuarterCalendar,
} from './quarter-calendar';
export {
  ARRIVALS,
  OBLIGATION_STATUSES,
  deliveryArrival,
  monthsOfQuarter,
  obligationStatus,
  returnArrival,
  type Arrival,
  type DeliveryArrival,
  type ObligationStatus,
} from './arrival';
export {
  LOOKBACK_QUARTERS,
  deliveryLookback,
  quarterObligations,
  type DeliveryHistory,
  type DeliveryObligation,
  type ObligationOutcome,
  type ObligationsInput,
  type OwedBecause,
  type ProviderObligations,
  type ReturnObligation,
} from './obligations';
export {
  MAX_AUTO_CLOSE_DAYS,
  autoCloseCandidates,
  autoCloseDate,
  autoCloseDaysProblems,
  closedQuarterOf,
  isDueToAutoClose,
  periodLockStep,
  type PeriodLockAction,
  type PeriodLockState,
  type PeriodLockStep,
} from './period-lock';
