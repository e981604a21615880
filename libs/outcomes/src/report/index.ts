/** libs/outcomes' report: exported through the package index (src/index.ts). */

export { warmUpReports, type WarmUp } from './warm-up';
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
} from './inputs';
export { REPORT_METHOD } from './figures';
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
} from './prices';
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
} from './figures';
export {
  STANDARD_SENSITIVITY_CASES,
  chooseTarget,
  composeReport,
  discountOf,
  investmentOf,
  type ChosenTarget,
} from './compose';
export { NO_ENTRIES, counted, mergeStatuses } from './delivery';
export { impliedBasis } from './lines';
export {
  diffReports,
  comparedFiguresOf,
  type ComparedFigures,
  type ReportChanges,
  type ReportDifference,
} from './diff';
export {
  OPEN_BOOK_FIELDS,
  OPEN_BOOK_WITHHELD_REASON,
  withholdOpenBook,
  withholdOpenBookChanges,
} from './withhold';
export { boardPack } from './board-pack/board-pack';
export {
  boardPackPdf,
  type BoardPackPdfDocument,
  type BoardPackTrendPoint,
  type PdfNode,
} from './board-pack/pdf';
export { barChartSvg, type ChartDatum } from './board-pack/charts';
export { WITHHELD_ID, type BoardPackVersion } from './board-pack/context';
export {
  storedFigures,
  type BoardPackCell,
  type BoardPackNumber,
  type BoardPackSection,
  type Stored,
  type StoredReportFigures,
} from './board-pack/table';
export { checkValuationLink, type LinkedOutcome } from './valuation-link';
export { valuedLevelConflict, type HierarchyNode, type ValuedLevelConflict } from './hierarchy';
export { reportWindow, windowQuarters, type ReportWindow } from './window';
