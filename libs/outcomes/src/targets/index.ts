/** libs/outcomes' targets: exported through the package index (src/index.ts). */

export {
  AGGREGATIONS,
  aggregateEntries,
  aggregateTotals,
  type PeriodTotals,
  type AggregatedValue,
  type Aggregation,
  type PeriodEntry,
} from './aggregation';
export { combineTotals, proRataInvestment, windowTarget } from './window';
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
} from './progress';
