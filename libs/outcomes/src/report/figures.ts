import type { ExplanationStep } from '../explanation/steps';
import type { DiscountConvention } from '../sroi/discount';
import type { SensitivityParameter } from '../sroi/sensitivity';
import type { ProcurementKpiRating, Rag } from '../targets/progress';
import type { ReportScope, StoredDiscountConvention } from './inputs';

/**
 * A report's figures: what is stored with each version and what the JSON, the CSV and the board
 * pack render. Every number is a decimal string at its declared scale (money 2 places, ratios 2,
 * progress 4, discount factors 6); quantities at full precision.
 */
export interface ReportFigures {
  readonly partnership: {
    readonly id: string;
    readonly name: string;
    readonly currency: string;
    readonly fyStartMonth: number;
    readonly discountRate: string;
    readonly discountConvention: StoredDiscountConvention;
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
  readonly byTheme: readonly ThemeFigures[];
  /** Everything not monetised, in its own units (never valued at zero). */
  readonly notMonetised: readonly NotMonetisedFigures[];
  /** The sensitivity table; null when no line is monetised. */
  readonly sensitivity: SensitivityFigures | null;
  readonly discount: { readonly convention: DiscountConvention; readonly statement: string };
  /** The working of the totals; each valuation line carries its own. */
  readonly explanation: readonly ExplanationStep[];
}

/** One outcome: actual against target with its rating, and its value. */
export interface OutcomeFigures {
  readonly outcomeId: string;
  readonly code: string;
  readonly title: string;
  readonly theme: string;
  readonly unit: string;
  readonly direction: 'increase' | 'decrease';
  readonly aggregation: 'sum' | 'mean' | 'latest';
  readonly parentId: string | null;
  readonly isPrevention: boolean;
  readonly baseline: string | null;
  /** The window's actual by the outcome's aggregation; null without data (mean, latest). */
  readonly actual: string | null;
  /** Entries counted. */
  readonly entries: number;
  /** The target used: a year target for the window, else the quarters' targets combined. */
  readonly target: string | null;
  /** Fraction of the target reached (4 places), null when not measured. */
  readonly progress: string | null;
  readonly rag: Rag | null;
  readonly procurementRating: ProcurementKpiRating | null;
  readonly met: boolean | null;
  /** Why progress is not measured (no target, no data, a target on the wrong side). */
  readonly progressNote: string | null;
  readonly verifiedQuantity: string;
  readonly quartersWithData: number;
  /** The actual of each quarter: up to four before the window, then the window's. */
  readonly trend: readonly { readonly period: string; readonly actual: string | null }[];
  /** The working of the progress. */
  readonly explanation: readonly ExplanationStep[];
  readonly monetised: boolean;
  /** Present value of the outcome's lines, null when not monetised. */
  readonly presentValue: string | null;
  readonly notMonetisedNote: string | null;
}

/** A valuation line of the impact map: monetised with its working, or in its own units. */
export type ValuationLineFigures = MonetisedLineFigures | UnmonetisedLineFigures;

export interface MonetisedLineFigures {
  readonly outcomeId: string;
  readonly monetised: true;
  readonly quantity: string;
  readonly proxyCode: string | null;
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
  readonly explanation: readonly ExplanationStep[];
}

export interface UnmonetisedLineFigures {
  readonly outcomeId: string;
  readonly monetised: false;
  readonly quantity: string;
  readonly unit: string | null;
  readonly reason: string;
}

export interface TotalsFigures {
  readonly presentValue: string;
  readonly undiscountedValue: string;
  readonly investment: string;
  /** Where the investment comes from (the open book, or the contract value pro rata). */
  readonly investmentBasis: string;
  readonly netPresentValue: string;
  readonly sroiRatio: string | null;
  readonly netSroiRatio: string | null;
  readonly ratioUnavailableReason: string | null;
  readonly paybackMonths: string | null;
  readonly paybackUnavailableReason: string | null;
}

export interface ThemeFigures {
  readonly theme: string | null;
  readonly presentValue: string;
  readonly outcomes: readonly string[];
  readonly notMonetised: readonly {
    readonly outcomeId: string;
    readonly quantity: string;
    readonly unit: string | null;
  }[];
}

export interface NotMonetisedFigures {
  readonly outcomeId: string;
  readonly title: string | null;
  readonly unit: string | null;
  readonly quantity: string;
}

export interface SensitivityFigures {
  readonly baseRatio: string | null;
  readonly results: readonly {
    readonly parameter: SensitivityParameter;
    readonly change: string;
    readonly clamped: boolean;
    readonly presentValue: string;
    readonly ratio: string | null;
    readonly breakEven: BreakEvenFigures;
  }[];
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
