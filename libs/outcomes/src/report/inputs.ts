import type { IsoDate } from '../periods/calendar-date';
import type { DiscountConvention } from '../sroi/discount';
import type { PaybackMethod } from '../sroi/report';
import type { SensitivityParameter } from '../sroi/sensitivity';
import type { PeriodTotals } from '../targets/aggregation';
import type { Direction } from '../targets/progress';
import type { ReportPriceIndex } from './prices';

/** What a report covers. */
export type ReportScope = 'quarter' | 'year_to_date' | 'since_start';

/** Whether a version was produced before its window ended. */
export type ReportVersionStatus = 'provisional' | 'final';

/** A report produced on `today` for a window ending on `end` is final once the window has ended. */
export function versionStatusOn(end: IsoDate, today: IsoDate): ReportVersionStatus {
  return end < today ? 'final' : 'provisional';
}

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

/**
 * How the discount rate applies over the years: `constant` (the partnership's rate every year) or
 * `green_book_declining` (HM Treasury Green Book: 3.5% to year 30, then declining; the rate must
 * be 3.5%).
 */
export type DiscountSchedule = 'constant' | 'green_book_declining';

/** Both schedules. */
export const DISCOUNT_SCHEDULES: readonly DiscountSchedule[] = ['constant', 'green_book_declining'];

/**
 * A partnership's own sensitivity case, run on every monetised line after the standard cases:
 * a deduction or the drop-off by points (`"0.05"`), the value per unit (`proxyValue`) or the
 * investment by a relative amount (`"-0.2"` = −20%), the duration by whole years.
 */
export interface ReportSensitivityCase {
  readonly parameter: SensitivityParameter;
  /** A decimal string (negative changes allowed). */
  readonly change: string;
}

/** The partnership's two-way grid: two parameters and the changes to try of each. */
export interface ReportSensitivityGrid {
  readonly rows: { readonly parameter: SensitivityParameter; readonly changes: readonly string[] };
  readonly columns: {
    readonly parameter: SensitivityParameter;
    readonly changes: readonly string[];
  };
}

/** The partnership's own sensitivity settings (none: the standard cases only). */
export interface ReportSensitivitySettings {
  readonly cases: readonly ReportSensitivityCase[];
  readonly grid: ReportSensitivityGrid | null;
}

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
  /** Constant rate, or the Green Book declining schedule (its own setting, never implied by the rate). */
  readonly discountSchedule: DiscountSchedule;
  /** Which payback definition gives the headline figure (the other is shown beside it). */
  readonly paybackMethod: PaybackMethod;
  /** Total contract value, or null. */
  readonly contractValue: string | null;
  /** Whether claimed-but-unverified delivery counts in headline figures (it is always shown). */
  readonly countUnverified: boolean;
  /**
   * The price year the report's pounds are in; null for the default, the calendar year in which
   * the report's window ends (see `reportPriceYearOf`).
   */
  readonly reportPriceYear: number | null;
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
  /** The year whose prices `valuePerUnit` is in. */
  readonly priceYear: number;
  readonly deadweight: string;
  readonly attribution: string;
  readonly displacement: string;
  readonly dropOff: string;
  readonly durationYears: number;
}

/** A delivery record's review status. Disputed delivery never counts in headline figures. */
export type DeliveryStatus = 'verified' | 'claimed' | 'disputed';

/** Totals of the records in force with one status, and which of them is the latest. */
export interface StatusTotals extends PeriodTotals {
  /**
   * The date of the latest entry (YYYY-MM-DD), null without entries. Of two statuses whose latest
   * entries fall on the same day, the one merged first (verified) gives the latest value.
   */
  readonly latestAt: string | null;
}

/** One outcome's records in force in one quarter, by review status. */
export type QuarterDelivery = Readonly<Record<DeliveryStatus, StatusTotals>>;

/**
 * What a proxy values:
 * - `achieved`: the count achieved (an increasing count);
 * - `avoided`: units avoided, the window's baseline minus the actual (a decreasing count); a rise
 *   above the baseline is a disbenefit;
 * - `change_in_stock`: the latest level against the baseline (a stock level);
 * - `count_outcome`: a score valued through a companion count outcome (people whose score
 *   improved by at least N), never the score itself.
 */
export type ValuationBasis = 'achieved' | 'avoided' | 'change_in_stock' | 'count_outcome';

/**
 * One provider's delivery of a count (sum) outcome in each of the window's quarters: the sum of its
 * records in force, verified and claimed (disputed never counts, so it is not needed here).
 */
export interface ProviderDelivery {
  readonly id: string;
  readonly name: string;
  /** One entry per window quarter, in order. Decimals as strings. */
  readonly window: readonly { readonly verified: string; readonly claimed: string }[];
}

/** How an outcome is valued. */
export interface ReportValuationInput {
  /**
   * Null for a link stored without one: the basis the outcome's kind implies (`impliedBasis`);
   * a score has none and is not valued.
   */
  readonly basis: ValuationBasis | null;
  /** For `count_outcome`: the companion count outcome (one of the report's outcomes). */
  readonly countOutcomeId: string | null;
  /** The proxy version in force at the end of each of the window's quarters (null where none). */
  readonly proxies: readonly (ReportProxyVersion | null)[];
}

/** One outcome's inputs. Decimals as strings. */
export interface ReportOutcomeInput {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  readonly theme: string;
  /** The stakeholder group the change happens to; null when not named. */
  readonly stakeholder: string | null;
  readonly unit: string;
  readonly direction: Direction;
  readonly aggregation: 'sum' | 'mean' | 'latest';
  readonly parentId: string | null;
  readonly isPrevention: boolean;
  /**
   * The level before the programme: for a count (sum) outcome, per quarter (a window of n quarters
   * has n times it); for a score or stock level, the level itself.
   */
  readonly baseline: string | null;
  /** Decrease outcomes: a rise above the baseline is valued as a disbenefit (true) or only shown. */
  readonly valueDisbenefits: boolean;
  readonly greenThreshold: string;
  readonly amberThreshold: string;
  /** Null when no proxy values the outcome. */
  readonly valuation: ReportValuationInput | null;
  readonly targets: readonly ReportTargetInput[];
  /** The records in force of each quarter by status: the trend quarters first, then the window's. */
  readonly delivery: readonly QuarterDelivery[];
  /**
   * A count (sum) outcome's window delivery by provider, for value by provider (empty for a score
   * or a stock level, and for an outcome without delivery in the window).
   */
  readonly providers: readonly ProviderDelivery[];
  /** Providers who reported the outcome before the window: who owes its data when there is none. */
  readonly expectedProviders: readonly { readonly id: string; readonly name: string }[];
}

/**
 * Everything a report is computed from: plain data read by the worker, so the same inputs give the
 * same figures anywhere (see {@link composeReport}).
 */
export interface ReportInputs {
  /**
   * `provisional` when the window had not ended when the report was produced (later data may
   * supersede it without a restatement); `final` once it has.
   */
  readonly status: ReportVersionStatus;
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
  /**
   * The index series the partnership uprates with and its values for the report's price year and
   * the price years of the proxy versions in force (changing one restates the report).
   */
  readonly priceIndex: ReportPriceIndex;
  /** The partnership's own sensitivity cases and grid. */
  readonly sensitivity: ReportSensitivitySettings;
}
