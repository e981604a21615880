/** libs/outcomes' sroi: exported through the package index (src/index.ts). */

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
} from './discount';
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
} from './outcome-line';
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
} from './report';
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
} from './sensitivity';
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
} from './sensitivity-grid';
