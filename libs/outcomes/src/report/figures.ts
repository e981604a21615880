import type { ExplanationStep } from '../explanation/steps';
import type { DiscountConvention } from '../sroi/discount';
import type { PaybackMethod } from '../sroi/report';
import type { SensitivityParameter } from '../sroi/sensitivity';
import type { ProcurementKpiRating, Rag } from '../targets/progress';
import type {
  DiscountSchedule,
  ReportScope,
  ReportVersionStatus,
  StoredDiscountConvention,
  ValuationBasis,
} from './inputs';
import type { ReportPriceYearSource } from './prices';

/**
 * The version of the method the figures were composed with: 2 values what changed (units avoided,
 * change in stock, scores through a count), leaves disputed delivery out and rates no data as such;
 * 3 brings every value per unit to the report's price year (or leaves the line unvalued), gives
 * payback by the SROI Guide (unless the partnership chose the cumulative definition), the duration
 * break-even over lines of different durations, the partnership's own sensitivity cases and grid,
 * the outcome hierarchy's roll-ups and value by stakeholder; 4 adds value by provider.
 */
export const REPORT_METHOD = 4;

/** Which delivery counts in headline figures. */
export type CountedDelivery = 'verified and claimed' | 'verified only';

/**
 * A report's figures: what is stored with each version and what the JSON, the CSV and the board
 * pack render. Every number is a decimal string at its declared scale (money 2 places, ratios 2,
 * progress 4, discount factors 6); quantities at full precision.
 */
export interface ReportFigures {
  /** {@link REPORT_METHOD} when composed (older stored versions have none). */
  readonly method: number;
  /** Provisional: produced before the window ended (older stored versions have none: final). */
  readonly status: ReportVersionStatus;
  readonly partnership: {
    readonly id: string;
    readonly name: string;
    readonly currency: string;
    readonly fyStartMonth: number;
    readonly discountRate: string;
    readonly discountConvention: StoredDiscountConvention;
    readonly discountSchedule: DiscountSchedule;
    readonly paybackMethod: PaybackMethod;
  };
  readonly scope: ReportScope;
  readonly period: {
    readonly label: string;
    readonly start: string;
    readonly end: string;
    /** The financial quarters the window spans. */
    readonly quarters: readonly string[];
  };
  readonly outcomes: readonly OutcomeFigures[];
  readonly valuationLines: readonly ValuationLineFigures[];
  readonly totals: TotalsFigures;
  /** Value by theme, each with its share of the total and its part of the SROI ratio. */
  readonly byTheme: readonly ThemeFigures[];
  /** Value by the stakeholder group each outcome names (null: not named). */
  readonly byStakeholder: readonly StakeholderFigures[];
  /**
   * Value by the provider who delivered it (counts achieved, by each provider's share of the
   * counted quantity), then what no one provider delivered (changes against a baseline).
   */
  readonly byProvider: readonly ProviderFigures[];
  /** Everything not monetised, in its own units (never valued at zero). */
  readonly notMonetised: readonly NotMonetisedFigures[];
  /** Outcomes without data in the window, and who owes it. */
  readonly missingData: readonly MissingDataFigures[];
  /** The sensitivity table; null when no line is monetised. */
  readonly sensitivity: SensitivityFigures | null;
  readonly discount: { readonly convention: DiscountConvention; readonly statement: string };
  /** The price year of the report's pounds and how proxies were uprated to it. */
  readonly prices: PriceFigures;
  /** What a reader must know before relying on the totals (e.g. lines left unvalued). */
  readonly warnings: readonly ReportWarning[];
  /**
   * Present only in a view withheld from a reader who may not see the open book (a provider, when
   * the partnership does not share it): which figures are withheld (null) and why. Every figure
   * that is, or could be worked back to, the investment (the sum of every provider's allowable
   * cost) is withheld: ratios, net present value, payback, break-even points, the grid.
   */
  readonly withheld?: WithheldFigures;
  /** The working of the totals; each valuation line carries its own. */
  readonly explanation: readonly ExplanationStep[];
}

/** One outcome: actual against target with its rating, and its value. */
export interface OutcomeFigures {
  readonly outcomeId: string;
  readonly code: string;
  readonly title: string;
  readonly theme: string;
  /** The stakeholder group the change happens to; null when not named. */
  readonly stakeholder: string | null;
  readonly unit: string;
  readonly direction: 'increase' | 'decrease';
  readonly aggregation: 'sum' | 'mean' | 'latest';
  readonly parentId: string | null;
  readonly isPrevention: boolean;
  /** The baseline as entered (per quarter for a count). */
  readonly baseline: string | null;
  /** The baseline for the window: a count's per-quarter baseline times the window's quarters. */
  readonly windowBaseline: string | null;
  /**
   * The window's actual by the outcome's aggregation, from the delivery that counts (disputed never
   * does); null without data for a score or stock level.
   */
  readonly actual: string | null;
  /** Entries counted. */
  readonly entries: number;
  /** The delivery behind the actual by review status (disputed shown, never counted). */
  readonly verification: VerificationFigures;
  /**
   * For a parent without data of its own in the window: the children (codes) whose figures it
   * rolls up, and those left out with why; null when the outcome reports its own data.
   */
  readonly rollUp: {
    readonly from: readonly string[];
    readonly excluded: readonly { readonly code: string; readonly reason: string }[];
  } | null;
  /** What the proxy values; null when not monetised. */
  readonly valuationBasis: ValuationBasis | null;
  /** The target used: a year target for the window, else the quarters' targets combined. */
  readonly target: string | null;
  /** Fraction of the target reached (4 places), null when not measured. */
  readonly progress: string | null;
  /** `no_data` (grey) when nothing counts in the window; null when there is no target. */
  readonly rag: Rag | 'no_data' | null;
  readonly procurementRating: ProcurementKpiRating | null;
  /** Never true without data. */
  readonly met: boolean | null;
  /** Why progress is not measured (no target, no data, a target on the wrong side). */
  readonly progressNote: string | null;
  readonly quartersWithData: number;
  /** The actual of each quarter: up to four before the window, then the window's. */
  readonly trend: readonly { readonly period: string; readonly actual: string | null }[];
  /** The working of the progress. */
  readonly explanation: readonly ExplanationStep[];
  readonly monetised: boolean;
  /** Present value of the outcome's lines, null when not monetised. */
  readonly presentValue: string | null;
  /** The valued ancestor (code) whose roll-up holds this outcome's value; it is not valued again. */
  readonly valuedIn: string | null;
  readonly notMonetisedNote: string | null;
}

/** A valuation line of the impact map: monetised with its working, or in its own units. */
export type ValuationLineFigures = MonetisedLineFigures | UnmonetisedLineFigures;

/** Entries and quantity (by the outcome's aggregation) of one review status over the window. */
export interface StatusQuantity {
  readonly entries: number;
  readonly quantity: string | null;
}

export interface VerificationFigures {
  readonly counted: CountedDelivery;
  readonly verified: StatusQuantity;
  readonly claimed: StatusQuantity;
  readonly disputed: StatusQuantity;
}

export interface MissingDataFigures {
  readonly outcomeId: string;
  readonly code: string;
  readonly title: string;
  /** Providers who reported the outcome before the window (empty: nobody has yet). */
  readonly expectedFrom: readonly { readonly id: string; readonly name: string }[];
}

export interface MonetisedLineFigures {
  readonly outcomeId: string;
  readonly monetised: true;
  /** What the proxy values, and how the quantity was arrived at. */
  readonly basis: ValuationBasis | null;
  readonly basisText: string | null;
  /** Negative for a disbenefit (a rise above the baseline). */
  readonly quantity: string;
  readonly proxyCode: string | null;
  /** The year whose prices the proxy's value per unit is in. */
  readonly priceYear: number;
  /** The price year of the report's pounds. */
  readonly reportPriceYear: number;
  /** index[report price year] ÷ index[price year], 6 places ("1.000000" for the same year). */
  readonly upratingFactor: string;
  /** The proxy's value per unit as entered, in its price year (4 places). */
  readonly valuePerUnitAtPriceYear: string;
  /** The value per unit used: uprated to the report's price year (exact). */
  readonly valuePerUnit: string;
  readonly gross: string;
  readonly deductions: readonly {
    readonly name: string;
    readonly rate: string;
    readonly amount: string;
  }[];
  readonly impact: string;
  readonly dropOff: string;
  readonly durationYears: number;
  readonly years: readonly {
    readonly year: number;
    readonly value: string;
    readonly discountFactor: string;
    readonly presentValue: string;
  }[];
  readonly presentValue: string;
  /** The part of the present value resting on claimed, not yet verified, delivery. */
  readonly presentValueFromClaims: string;
  readonly explanation: readonly ExplanationStep[];
}

export interface UnmonetisedLineFigures {
  readonly outcomeId: string;
  readonly monetised: false;
  readonly basis: ValuationBasis | null;
  readonly basisText: string | null;
  readonly quantity: string;
  readonly unit: string | null;
  readonly reason: string;
}

/** The price year of a report's pounds. */
export interface PriceFigures {
  readonly reportPriceYear: number;
  /** The partnership's setting, or the default: the calendar year the window ends. */
  readonly source: ReportPriceYearSource;
  /** The index series uprating to it (null: the partnership names none). */
  readonly indexSeries: {
    readonly id: string;
    readonly code: string;
    readonly name: string;
  } | null;
  /** The price year in words, as printed on the report. */
  readonly statement: string;
  /** Lines not valued because their value per unit could not be uprated (never added as is). */
  readonly notUprated: readonly NotUpratedFigures[];
}

export interface NotUpratedFigures {
  readonly outcomeId: string;
  readonly code: string;
  readonly proxyCode: string;
  readonly priceYear: number;
  /** The index years the series lacks (empty when no series is named). */
  readonly missingYears: readonly number[];
  readonly reason: string;
}

/** A report-level warning: `code` is stable, `text` says what and which. */
export interface ReportWarning {
  readonly code: 'price_year_not_uprated';
  readonly text: string;
  readonly outcomeIds: readonly string[];
}

/** What a view leaves out and why (see {@link ReportFigures.withheld}). */
export interface WithheldFigures {
  /** The figures withheld, as paths (`totals.investment`, `byTheme[].ratio`, …). */
  readonly fields: readonly string[];
  readonly reason: string;
}

export interface TotalsFigures {
  readonly presentValue: string;
  /** The part of the present value resting on claimed, not yet verified, delivery. */
  readonly presentValueFromClaims: string;
  /** Which delivery the headline figures count. */
  readonly countedDelivery: CountedDelivery;
  readonly undiscountedValue: string;
  /** Null only where withheld (see {@link ReportFigures.withheld}). */
  readonly investment: string | null;
  /** Where the investment comes from (the open book, or the contract value pro rata). */
  readonly investmentBasis: string;
  /** Null only where withheld. */
  readonly netPresentValue: string | null;
  readonly sroiRatio: string | null;
  /** The ratio as boards read it ("1.93:1"). */
  readonly sroiRatioText: string | null;
  readonly netSroiRatio: string | null;
  readonly netSroiRatioText: string | null;
  readonly ratioUnavailableReason: string | null;
  /** The definition of the headline payback: `sroi_guide` (default) or `cumulative`. */
  readonly paybackMethod: PaybackMethod;
  /** Payback in months by `paybackMethod` (1 place). */
  readonly paybackMonths: string | null;
  readonly paybackUnavailableReason: string | null;
  /** The payback by the other definition, shown beside the headline one. */
  readonly paybackAlternative: {
    readonly method: PaybackMethod;
    readonly months: string | null;
    readonly unavailableReason: string | null;
  };
}

/** A group's value: its share of the total and its part of the SROI ratio. */
export interface ValueShareFigures {
  readonly presentValue: string;
  /** Share of the total present value (4 places); null when the total is not positive. */
  readonly share: string | null;
  /**
   * The group's present value ÷ the whole investment (2 places): the groups' ratios add up to the
   * report's SROI ratio. Null when the investment is zero.
   */
  readonly ratio: string | null;
  readonly ratioText: string | null;
}

export interface ThemeFigures extends ValueShareFigures {
  readonly theme: string | null;
  readonly outcomes: readonly string[];
  readonly notMonetised: readonly {
    readonly outcomeId: string;
    readonly quantity: string;
    readonly unit: string | null;
  }[];
}

export interface StakeholderFigures extends ValueShareFigures {
  readonly stakeholder: string | null;
  /** The outcomes (ids) naming the group. */
  readonly outcomes: readonly string[];
}

export interface ProviderFigures extends ValueShareFigures {
  /** The provider; null for value no one provider delivered. */
  readonly provider: { readonly id: string; readonly name: string } | null;
  /** The outcomes (ids) whose value is attributed here. */
  readonly outcomes: readonly string[];
  /** How the value was attributed (or why it is not a provider's). */
  readonly basis: string;
}

export interface NotMonetisedFigures {
  readonly outcomeId: string;
  readonly title: string | null;
  readonly unit: string | null;
  readonly quantity: string;
}

export interface SensitivityFigures {
  readonly baseRatio: string | null;
  /** The standard cases, then the partnership's own (`source`). */
  readonly results: readonly {
    /** `standard` (the table every report has) or `partnership` (the partnership's own case). */
    readonly source: 'standard' | 'partnership';
    readonly parameter: SensitivityParameter;
    readonly change: string;
    readonly clamped: boolean;
    readonly presentValue: string;
    readonly ratio: string | null;
    readonly breakEven: BreakEvenFigures;
  }[];
  /** The partnership's two-way grid, or null when it has none. */
  readonly grid: SensitivityGridFigures | null;
}

/** The SROI ratio for every combination of two parameters' changes (ratios 2 places). */
export interface SensitivityGridFigures {
  readonly rows: { readonly parameter: SensitivityParameter; readonly changes: readonly string[] };
  readonly columns: {
    readonly parameter: SensitivityParameter;
    readonly changes: readonly string[];
  };
  /** cells[r][c]: the rows' r-th change with the columns' c-th. */
  readonly cells: readonly (readonly {
    readonly rowChange: string;
    readonly columnChange: string;
    readonly presentValue: string;
    /** Null only where withheld. */
    readonly investment: string | null;
    readonly ratio: string | null;
    readonly clamped: boolean;
  }[])[];
  readonly explanation: readonly ExplanationStep[];
}

/** The change that brings the ratio to 1:1, as stored (the change as a decimal string). */
export type BreakEvenFigures =
  | {
      readonly reachable: true;
      readonly change: string;
      readonly ratioAtChange: string;
      readonly text: string;
    }
  | { readonly reachable: false; readonly reason: string; readonly text: string };
