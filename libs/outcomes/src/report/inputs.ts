import type { IsoDate } from '../periods/calendar-date';
import type { DiscountConvention } from '../sroi/discount';
import type { PeriodTotals } from '../targets/aggregation';
import type { Direction } from '../targets/progress';

/** What a report covers. */
export type ReportScope = 'quarter' | 'year_to_date' | 'since_start';

/** The discounting convention as the partnership stores it. */
export type StoredDiscountConvention = 'end_of_year' | 'start_of_year' | 'mid_year' | 'none';

/** The stored convention → the library's name for it. */
export const DISCOUNT_CONVENTION_OF: Readonly<
  Record<StoredDiscountConvention, DiscountConvention>
> = {
  end_of_year: 'end-of-year',
  start_of_year: 'start-of-year',
  mid_year: 'mid-year',
  none: 'none',
};

/** A financial quarter as a report lists it. */
export interface ReportQuarter {
  readonly label: string;
  readonly start: IsoDate;
  readonly end: IsoDate;
}

/** The partnership's settings a report uses. Decimals as strings. */
export interface ReportPartnership {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly fyStartMonth: number;
  readonly startDate: IsoDate;
  readonly endDate: IsoDate;
  /** Discount rate with its stored scale ("0.0350"). */
  readonly discountRate: string;
  readonly discountConvention: StoredDiscountConvention;
  /** Total contract value, or null. */
  readonly contractValue: string | null;
}

/** A target of an outcome: for one quarter, or for a whole financial year. */
export interface ReportTargetInput {
  readonly id: string;
  readonly periodKind: 'quarter' | 'year';
  readonly periodStart: IsoDate;
  readonly periodEnd: IsoDate;
  readonly value: string;
}

/** The proxy version in force for some of the window's quarters, with where it came from. */
export interface ReportProxyVersion {
  readonly versionId: string;
  /** `library` or `override` (the partnership's own value). */
  readonly source: string;
  readonly code: string;
  readonly valuePerUnit: string;
  readonly deadweight: string;
  readonly attribution: string;
  readonly displacement: string;
  readonly dropOff: string;
  readonly durationYears: number;
}

/** One outcome's inputs. Decimals as strings. */
export interface ReportOutcomeInput {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  readonly theme: string;
  readonly unit: string;
  readonly direction: Direction;
  readonly aggregation: 'sum' | 'mean' | 'latest';
  readonly parentId: string | null;
  readonly isPrevention: boolean;
  readonly baseline: string | null;
  readonly greenThreshold: string;
  readonly amberThreshold: string;
  /** Whether a proxy values the outcome. */
  readonly monetised: boolean;
  readonly targets: readonly ReportTargetInput[];
  /** The totals of each quarter: the trend quarters first, then the window's. */
  readonly totals: readonly PeriodTotals[];
  /** Verified quantity over the window's quarters. */
  readonly verifiedQuantity: string;
  /**
   * When monetised: the proxy version in force at the end of each of the window's quarters (null
   * where none was in force), in the window's order.
   */
  readonly proxies: readonly (ReportProxyVersion | null)[];
}

/**
 * Everything a report is computed from: plain data read by the worker, so the same inputs give the
 * same figures anywhere (see {@link composeReport}).
 */
export interface ReportInputs {
  readonly partnership: ReportPartnership;
  readonly window: {
    readonly scope: ReportScope;
    readonly label: string;
    readonly start: IsoDate;
    readonly end: IsoDate;
  };
  /** The window's quarters, in order. */
  readonly quarters: readonly ReportQuarter[];
  /** Up to four quarters before the window, for the trend, in order. */
  readonly trend: readonly ReportQuarter[];
  /** The outcomes, in the order the report lists them. */
  readonly outcomes: readonly ReportOutcomeInput[];
  /** The open book for the window: allowable cost of the returns counted, and how many. */
  readonly book: { readonly cost: string; readonly returns: number };
}
