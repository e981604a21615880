/**
 * libs/outcomes — the Outcomes Ledger calculation engine: periods, SROI valuation, targets and
 * open-book surplus sharing. Pure TypeScript on decimal.js; this file is its only public surface.
 *
 * @packageDocumentation
 */

export type { Decimal } from 'decimal.js';

export { DomainError, ValidationError } from './errors';

export { explain, type ExplanationStep, type Explained } from './explanation/steps';

export {
  INTERNAL_PRECISION,
  OutcomesDecimal,
  QUOTIENT_SIGNIFICANT_DIGITS,
  toDecimal,
  type DecimalInput,
} from './money/decimal';
export {
  MONEY_DECIMAL_PLACES,
  allocateRounded,
  roundHalfUp,
  roundMoney,
  toFixedString,
  toMoneyString,
  toPercentString,
  toRatioString,
  totalOf,
} from './money/money';

export {
  MAX_YEAR,
  MIN_YEAR,
  addDays,
  compareIsoDates,
  daysBetween,
  daysInMonth,
  formatIsoDate,
  isLeapYear,
  parseIsoDate,
  type CalendarDate,
  type IsoDate,
} from './periods/calendar-date';
export {
  MAX_TERM_YEARS,
  SUPPORTED_DATES,
  checkPartnershipTerm,
  isSupportedDate,
  latestActivityDate,
} from './periods/partnership-term';
export {
  DEFAULT_FY_START_MONTH,
  endOfFinancialYear,
  endOfQuarter,
  financialYear,
  financialYearOf,
  formatFinancialYearLabel,
  getQuarter,
  isWithin,
  nextQuarter,
  parseFinancialYearLabel,
  parseQuarterLabel,
  previousQuarter,
  quarterOf,
  quartersBetween,
  startOfFinancialYear,
  startOfQuarter,
  yearToDate,
  type DateWindow,
  type FinancialYear,
  type Quarter,
  type QuarterNumber,
  type YearToDateWindow,
} from './periods/financial-periods';

export {
  MAX_WORKING_DAYS,
  addWorkingDays,
  isWorkingDay,
  weekdayOf,
  workingDaysBetween,
  type HolidayDates,
  type Weekday,
} from './calendar/working-days';
export {
  DEFAULT_CALENDAR_SETTINGS,
  calendarSettingsProblems,
  quarterCalendar,
  type CalendarSettings,
  type QuarterCalendar,
} from './calendar/quarter-calendar';
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
} from './calendar/arrival';
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
} from './calendar/obligations';
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
} from './calendar/period-lock';

export {
  DISCOUNT_CONVENTIONS,
  GREEN_BOOK_DISCOUNT_SCHEDULE,
  discountFactors,
  discountTime,
  resolveDiscount,
  type DiscountConvention,
  type DiscountRateBand,
  type DiscountSettings,
  type ResolvedDiscount,
} from './sroi/discount';
export {
  MAX_DURATION_YEARS,
  valueOutcomeLine,
  type BenefitStart,
  type Deduction,
  type DeductionName,
  type FinancialProxyInput,
  type MonetisedLineValuation,
  type OutcomeLineInput,
  type OutcomeLineValuation,
  type UnmonetisedLineValuation,
  type ValuationOptions,
  type YearValue,
} from './sroi/outcome-line';
export {
  PAYBACK_METHODS,
  computeSroiReport,
  type NotMonetisedQuantity,
  type OutcomeTotal,
  type Payback,
  type PaybackMethod,
  type PaybackUnavailableReason,
  type RatioUnavailableReason,
  type SroiReport,
  type SroiReportInput,
  type ThemeTotal,
} from './sroi/report';
export {
  BREAK_EVEN_TOLERANCE,
  SENSITIVITY_PARAMETERS,
  analyseSensitivity,
  type BreakEven,
  type BreakEvenUnavailableReason,
  type SensitivityAnalysis,
  type SensitivityCase,
  type SensitivityOptions,
  type SensitivityParameter,
  type SensitivityResult,
} from './sroi/sensitivity';
export {
  MAX_GRID_STEPS,
  analyseSensitivityGrid,
  valueWithChanges,
  type ChangedValuation,
  type ParameterChange,
  type SensitivityAxis,
  type SensitivityGrid,
  type SensitivityGridCell,
  type SensitivityGridInput,
} from './sroi/sensitivity-grid';

export {
  AGGREGATIONS,
  aggregateEntries,
  aggregateTotals,
  type PeriodTotals,
  type AggregatedValue,
  type Aggregation,
  type PeriodEntry,
} from './targets/aggregation';
export { combineTotals, proRataInvestment, windowTarget } from './targets/window';
export {
  evaluateOutcomePeriod,
  evaluateTargetProgress,
  procurementRatingFor,
  ragFor,
  resolveThresholds,
  type Direction,
  type OutcomePeriodInput,
  type OutcomePeriodProgress,
  type ProcurementKpiRating,
  type ProgressBasis,
  type Rag,
  type RagThresholds,
  type ResolvedThresholds,
  type TargetProgress,
  type TargetProgressInput,
} from './targets/progress';

export {
  SHARE_PARTIES,
  evaluateSurplusShare,
  type BandAllocation,
  type CostLine,
  type FinancialReturnEntry,
  type PainShareResult,
  type PainShareTerms,
  type ShareBand,
  type ShareParty,
  type SurplusBasis,
  type SurplusShareEvaluation,
  type SurplusShareRule,
  type SurplusState,
} from './surplus-share/surplus-share';
export {
  returnAdmissionProblems,
  type ReturnAdmissionContext,
  type ReturnProblem,
  type ReturnSubmission,
  type RuleRequirements,
} from './surplus-share/return-admission';
export {
  detectStateCrossing,
  type StateCrossing,
  type TriggerLevel,
} from './surplus-share/state-crossing';

export {
  PARTY_ROLES,
  type ContractParty,
  type PartyAmount,
  type PartyRole,
  type PartyShares,
  type ShareTier,
  type TierAllocation,
} from './contracts/parties';
export {
  CONTRACT_RULE_KINDS,
  canonicalContractRule,
  checkContractRule,
  needsReturnTargetCost,
  type ContractPainShareTerms,
  type ContractRule,
  type ReasonableSurplusRule,
  type ReasonableSurplusTerms,
  type TargetCostRule,
} from './contracts/rule';
export {
  CONTRACT_STATES,
  type ContractEvaluation,
  type ContractState,
  type PartyPosition,
  type PointOfTotalAssumption,
  type ReasonableSurplusEvaluation,
  type SharedAmount,
  type TargetCostEvaluation,
} from './contracts/evaluation';
export { evaluateContract } from './contracts/evaluate';
export { warmUpReports, type WarmUp } from './report/warm-up';
export { ROLE_PARTY_IDS, partyOrganisation, ruleFromShorthand } from './contracts/shorthand';
export { pointOfTotalAssumption } from './contracts/target-cost';
export {
  entitlementsOf,
  isRetained,
  ledger,
  type Ledger,
  type LedgerEntitlement,
  type LedgerInput,
  type LedgerLine,
  type LedgerSettlement,
  type RaisedAdjustment,
} from './contracts/ledger';

export {
  DISCOUNT_CONVENTION_OF,
  versionStatusOn,
  type ReportVersionStatus,
  type DeliveryStatus,
  type QuarterDelivery,
  type ReportValuationInput,
  type StatusTotals,
  type ValuationBasis,
  type ReportInputs,
  type ReportOutcomeInput,
  type ProviderDelivery,
  type ReportPartnership,
  type ReportProxyVersion,
  type ReportQuarter,
  type ReportScope,
  type ReportTargetInput,
  type StoredDiscountConvention,
  DISCOUNT_SCHEDULES,
  type DiscountSchedule,
  type ReportSensitivityCase,
  type ReportSensitivityGrid,
  type ReportSensitivitySettings,
} from './report/inputs';
export { REPORT_METHOD } from './report/figures';
export {
  UPRATING_FACTOR_PLACES,
  reportPriceYearOf,
  uprate,
  type NotUprated,
  type PriceContext,
  type ReportPriceIndex,
  type ReportPriceYearSource,
  type Uprated,
  type Uprating,
} from './report/prices';
export type {
  NotUpratedFigures,
  PriceFigures,
  ReportWarning,
  BreakEvenFigures,
  CountedDelivery,
  MissingDataFigures,
  StatusQuantity,
  VerificationFigures,
  MonetisedLineFigures,
  NotMonetisedFigures,
  OutcomeFigures,
  ReportFigures,
  SensitivityFigures,
  SensitivityGridFigures,
  ThemeFigures,
  StakeholderFigures,
  ProviderFigures,
  WithheldFigures,
  ValueShareFigures,
  TotalsFigures,
  UnmonetisedLineFigures,
  ValuationLineFigures,
} from './report/figures';
export {
  STANDARD_SENSITIVITY_CASES,
  chooseTarget,
  composeReport,
  discountOf,
  investmentOf,
  type ChosenTarget,
} from './report/compose';
export { NO_ENTRIES, counted, mergeStatuses } from './report/delivery';
export { impliedBasis } from './report/lines';
export {
  diffReports,
  comparedFiguresOf,
  type ComparedFigures,
  type ReportChanges,
  type ReportDifference,
} from './report/diff';
export {
  OPEN_BOOK_FIELDS,
  OPEN_BOOK_WITHHELD_REASON,
  withholdOpenBook,
  withholdOpenBookChanges,
} from './report/withhold';
export { boardPack } from './report/board-pack/board-pack';
export {
  boardPackPdf,
  type BoardPackPdfDocument,
  type BoardPackTrendPoint,
  type PdfNode,
} from './report/board-pack/pdf';
export { barChartSvg, type ChartDatum } from './report/board-pack/charts';
export { WITHHELD_ID, type BoardPackVersion } from './report/board-pack/context';
export {
  storedFigures,
  type BoardPackCell,
  type BoardPackNumber,
  type BoardPackSection,
  type Stored,
  type StoredReportFigures,
} from './report/board-pack/table';
export { checkValuationLink, type LinkedOutcome } from './report/valuation-link';
export {
  valuedLevelConflict,
  type HierarchyNode,
  type ValuedLevelConflict,
} from './report/hierarchy';
export { reportWindow, windowQuarters, type ReportWindow } from './report/window';
export {
  ACTIVE_IMPORT_STATUSES,
  IMPORT_STATUSES,
  ImportTransitionError,
  assertImportTransition,
  canMoveImport,
  importStatusesInto,
  isAbandonedImport,
  isActiveImport,
  type DeliveryImportStatus,
} from './imports/import-status';
export {
  reviewStep,
  type ReviewAction,
  type ReviewEventName,
  type ReviewState,
  type ReviewStatus,
  type ReviewStep,
} from './review/review-step';
export {
  OPEN_RETURN_STATUSES,
  countingReturnStatuses,
  newRevisionStatus,
  returnReviewStep,
  type ReturnReviewAction,
  type ReturnReviewEventName,
  type ReturnReviewStatus,
  type ReturnReviewStep,
} from './review/return-review';
export {
  triggerStep,
  type TriggerAction,
  type TriggerStatus,
  type TriggerStep,
  type TriggerWorkflowState,
} from './review/trigger-step';
export {
  SIGN_OFF_RULE_KINDS,
  evaluateSignOff,
  isReviewer,
  reviewersOf,
  signOffRuleProblems,
  type BoardMember,
  type SignOffDecision,
  type SignOffDecisionKind,
  type SignOffEvaluation,
  type SignOffOutcome,
  type SignOffRule,
  type SignOffRuleKind,
} from './review/sign-off';

export {
  NO_REMINDERS,
  reminderPolicyProblems,
  remindsAnything,
  type ReminderPolicy,
} from './reminders/reminder-policy';
export {
  chasedObligations,
  escalationDue,
  obligationStepDue,
  type ChasedObligation,
  type ChasedObligationKind,
  type ObligationStep,
  type ObligationStepInput,
  type ObligationStepKind,
} from './reminders/reminder-steps';
