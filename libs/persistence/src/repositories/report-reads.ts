import type { ComparedFigures, ReportSensitivitySettings } from '@ol/outcomes';
import type {
  OutcomeAggregation,
  OutcomeDirection,
  ReportStatus,
  TargetPeriodKind,
  ValuationBasis,
} from '../prisma-client';
import type { ProxyResolver } from './proxy.repository';

// What a report is built from, as ReportInputsRepository reads it: the read models its callers use.

/**
 * A delivery record's review status as reports read it. A rejected record (a dispute upheld)
 * counts nowhere, like a reversed one: the aggregates leave it out.
 */
export type DeliveryStatusName = 'claimed' | 'verified' | 'disputed';

/**
 * The records in force (neither a reversal nor reversed) of one outcome in one financial quarter,
 * by review status, aggregated in SQL. Decimals as strings. A reversed record counts nowhere,
 * whatever its status, nor does a rejected one (no column sums it); an amendment counts with its
 * own.
 */
export interface QuarterAggregate {
  outcomeId: string;
  /** First day of the financial quarter (YYYY-MM-DD). */
  quarterStart: string;
  /**
   * The provider whose records these are, for the report's window quarters (value by provider);
   * null for the trend quarters before the window, aggregated over every provider.
   */
  providerId: string | null;
  verifiedRecords: number;
  verifiedSum: string;
  claimedRecords: number;
  claimedSum: string;
  disputedRecords: number;
  disputedSum: string;
}

/** For mean and latest outcomes: the same, with the latest entry in force. */
export interface EffectiveAggregate {
  outcomeId: string;
  quarterStart: string;
  status: DeliveryStatusName;
  count: number;
  sum: string;
  latest: string | null;
  /** The date of the latest entry (YYYY-MM-DD). */
  latestAt: string | null;
}

/** An outcome as a report reads it; decimals as strings. */
export interface ReportOutcome {
  id: string;
  code: string;
  title: string;
  theme: string;
  unit: string;
  direction: OutcomeDirection;
  aggregation: OutcomeAggregation;
  parentId: string | null;
  isPrevention: boolean;
  baseline: string | null;
  greenThreshold: string;
  amberThreshold: string;
  /** The proxy that values the outcome; null when it is not monetised. */
  proxyId: string | null;
  /** What the proxy values (null: a score linked before bases existed, not valued). */
  valuationBasis: ValuationBasis | null;
  countOutcomeId: string | null;
  valueDisbenefits: boolean;
  stakeholder: string | null;
}

/** A target as a report reads it: dates as YYYY-MM-DD, the value as a string. */
export interface ReportTarget {
  id: string;
  outcomeId: string;
  periodKind: TargetPeriodKind;
  periodStart: string;
  periodEnd: string;
  targetValue: string;
}

/**
 * What a new version of a report is compared with: the id of each stored version by the
 * fingerprint of its inputs (a version with the same inputs means nothing new to store), the
 * highest version number, and the current version with only the figures a restatement compares
 * (the totals and, per outcome, its id, code, actual, target, RAG and present value), cut out of
 * the stored JSON by PostgreSQL: a large report's figures are megabytes the comparison does not
 * need.
 */
export interface PriorVersions {
  byFingerprint: Map<string, string>;
  maxVersion: number;
  current: {
    id: string;
    version: number;
    status: ReportStatus;
    figures: ComparedFigures;
  } | null;
}

/** A report's reads other than the sums (see {@link ReportInputsRepository.reportInputs}). */
export interface ReportReads {
  /** Ordered by theme, then code. */
  outcomes: ReportOutcome[];
  /** Each outcome's targets, by period start then kind. */
  targetsByOutcome: Map<string, ReportTarget[]>;
  resolveProxy: ProxyResolver;
  effective: EffectiveAggregate[];
  /** The open book for the window: allowable cost, returns counted, their ids and revisions. */
  book: { cost: string; returns: number; fingerprint: string };
  /** The index series the partnership uprates with (null: none) and all its values by year. */
  priceIndex: {
    series: { id: string; code: string; name: string } | null;
    values: { year: number; value: string }[];
  };
  prior: PriorVersions;
  /** The partnership's own sensitivity cases and grid. */
  sensitivity: ReportSensitivitySettings;
  /** The names of the partnership's member organisations, by id. */
  organisationNames: Map<string, string>;
}
