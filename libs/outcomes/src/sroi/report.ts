import type { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';
import { step, type ExplanationStep } from '../explanation/steps';
import {
  OutcomesDecimal,
  ZERO,
  divide,
  isList,
  sum,
  toNonNegativeDecimal,
  type DecimalInput,
} from '../money/decimal';
import { toMoneyString, toRatioString } from '../money/money';
import {
  resolveDiscount,
  type DiscountConvention,
  type DiscountSettings,
  type ResolvedDiscount,
} from './discount';
import {
  valueLineWith,
  type MonetisedLineValuation,
  type OutcomeLineInput,
  type OutcomeLineValuation,
} from './outcome-line';

/** Inputs of an SROI report for a period. */
export interface SroiReportInput {
  /** The impact map: one line per outcome (or per outcome and correction). */
  readonly lines: readonly OutcomeLineInput[];
  /** The period's investment (open-book cost or contract payments), money ≥ 0. */
  readonly investment: DecimalInput;
  /** Discounting; default Green Book 3.5% declining schedule, end-of-year convention. */
  readonly discount?: DiscountSettings;
  /** Which payback definition gives the headline `paybackMonths`; default `sroi_guide`. */
  readonly paybackMethod?: PaybackMethod;
}

/**
 * How the payback period is worked out:
 * - `sroi_guide` (default): the SROI Guide's investment ÷ (first-year value ÷ 12), first-year value
 *   being the year-1 impact (after deductions, undiscounted) of the monetised lines;
 * - `cumulative`: the month at which cumulative undiscounted value first covers the investment,
 *   value accruing evenly through each year of benefit.
 */
export type PaybackMethod = 'sroi_guide' | 'cumulative';

/** Both payback methods, the default first. */
export const PAYBACK_METHODS: readonly PaybackMethod[] = ['sroi_guide', 'cumulative'];

/** A payback period by one method. */
export interface Payback {
  readonly method: PaybackMethod;
  /** Months, or null when there is none (see `unavailableReason`). */
  readonly months: Decimal | null;
  readonly unavailableReason: PaybackUnavailableReason | null;
  /** The working in words. */
  readonly text: string;
}

/** Why a ratio could not be given. */
export type RatioUnavailableReason = 'zero-investment';

/**
 * Why there is no payback period: `no-first-year-value` (SROI Guide: the first year's value is zero
 * or negative), `not-paid-back-within-duration` (cumulative: value never covers the investment).
 */
export type PaybackUnavailableReason = 'no-first-year-value' | 'not-paid-back-within-duration';

/** An outcome (or part of one) that has no proxy, reported in its own units. */
export interface NotMonetisedQuantity {
  /** Outcome identifier. */
  readonly outcomeId: string;
  /** Outcome title, or null. */
  readonly title: string | null;
  /** Unit, or null. */
  readonly unit: string | null;
  /** Total quantity of the outcome's lines without a proxy. */
  readonly quantity: Decimal;
  /** Always false. */
  readonly monetised: false;
}

/** Totals for one outcome. */
export interface OutcomeTotal {
  /** Outcome identifier. */
  readonly outcomeId: string;
  /** Title of the first line, or null. */
  readonly title: string | null;
  /** Theme of the first line, or null. */
  readonly theme: string | null;
  /** Unit of the first line, or null. */
  readonly unit: string | null;
  /** Number of lines. */
  readonly lineCount: number;
  /** Total quantity over all lines (corrections included). */
  readonly quantity: Decimal;
  /** True when every line of the outcome has a proxy. */
  readonly monetised: boolean;
  /** Present value of the monetised lines; null when no line is monetised (never a silent 0). */
  readonly presentValue: Decimal | null;
  /** Quantity on lines without a proxy (zero when all lines are monetised). */
  readonly notMonetisedQuantity: Decimal;
}

/** Totals for one theme. */
export interface ThemeTotal {
  /** Theme, or null for lines without one. */
  readonly theme: string | null;
  /** Present value of the theme's monetised lines (0 when it has none: see `notMonetised`). */
  readonly presentValue: Decimal;
  /** Outcomes in the theme, in order of first appearance. */
  readonly outcomeIds: readonly string[];
  /** The theme's outcomes without a proxy, in their own units. */
  readonly notMonetised: readonly NotMonetisedQuantity[];
}

/** An SROI report: totals, ratios, payback, breakdowns and the working. */
export interface SroiReport {
  /** Each line's valuation, in input order. */
  readonly lines: readonly OutcomeLineValuation[];
  /** Σ present value of monetised lines. */
  readonly totalPresentValue: Decimal;
  /** Σ undiscounted value of monetised lines. */
  readonly totalUndiscountedValue: Decimal;
  /** The investment. */
  readonly investment: Decimal;
  /** totalPresentValue − investment. */
  readonly netPresentValue: Decimal;
  /** totalPresentValue ÷ investment, or null when the investment is zero. */
  readonly sroiRatio: Decimal | null;
  /** (totalPresentValue − investment) ÷ investment, or null when the investment is zero. */
  readonly netSroiRatio: Decimal | null;
  /** Why the ratios are null, else null. */
  readonly ratioUnavailableReason: RatioUnavailableReason | null;
  /** The method of the headline payback (the input's `paybackMethod`). */
  readonly paybackMethod: PaybackMethod;
  /** Payback in months by `paybackMethod` (see {@link computeSroiReport}). */
  readonly paybackMonths: Decimal | null;
  /** Why paybackMonths is null, else null. */
  readonly paybackUnavailableReason: PaybackUnavailableReason | null;
  /** The payback by the other method, shown beside the headline one. */
  readonly paybackAlternative: Payback;
  /** Totals per theme, in order of first appearance. */
  readonly byTheme: readonly ThemeTotal[];
  /** Totals per outcome, in order of first appearance. */
  readonly byOutcome: readonly OutcomeTotal[];
  /** Everything not monetised, in its own units (never valued at zero silently). */
  readonly notMonetised: readonly NotMonetisedQuantity[];
  /** The discounting used. */
  readonly discount: { readonly convention: DiscountConvention; readonly statement: string };
  /** The working: line steps then report totals. */
  readonly steps: readonly ExplanationStep[];
  /**
   * The working of the totals only (present value, net present value, ratios, payback, quantities
   * not monetised): the tail of `steps`, for a caller that keeps each line's steps with its line.
   */
  readonly totalSteps: readonly ExplanationStep[];
}

function valueLines(
  lines: readonly OutcomeLineInput[],
  discount: ResolvedDiscount,
): OutcomeLineValuation[] {
  if (!isList(lines)) throw new ValidationError('lines', lines, 'must be a list of lines');
  return lines.map((line, index) => valueLineWith(line, discount, `lines[${index}]`));
}

function totalPresentValue(valuations: readonly OutcomeLineValuation[]): Decimal {
  return sum(valuations.filter(isMonetised).map((line) => line.presentValue));
}

function isMonetised(line: OutcomeLineValuation): line is MonetisedLineValuation {
  return line.monetised;
}

/**
 * Payback by the SROI Guide: investment ÷ (first-year value ÷ 12), the first-year value being the
 * year-1 value (impact after deductions, undiscounted) of every monetised line.
 */
function sroiGuidePayback(
  monetised: readonly MonetisedLineValuation[],
  investment: Decimal,
): Payback {
  const method = 'sroi_guide';
  if (investment.isZero()) {
    return {
      method,
      months: ZERO,
      unavailableReason: null,
      text: 'Payback (SROI Guide): immediate (no investment).',
    };
  }
  const firstYear = sum(monetised.map((line) => line.years[0]?.value ?? ZERO));
  if (firstYear.lte(0)) {
    return {
      method,
      months: null,
      unavailableReason: 'no-first-year-value',
      text: `Payback (SROI Guide): none — the first year's value ${toMoneyString(firstYear)} does not pay anything back.`,
    };
  }
  const monthly = divide(firstYear, new OutcomesDecimal(12));
  const months = divide(investment.times(12), firstYear);
  return {
    method,
    months,
    unavailableReason: null,
    text: `Payback (SROI Guide) = investment ${toMoneyString(investment)} ÷ (first-year value ${toMoneyString(firstYear)} ÷ 12 = ${toMoneyString(monthly)} a month) = ${months.toDecimalPlaces(1).toString()} months. The first-year value is the year-1 impact of the monetised lines after deductions, undiscounted.`,
  };
}

/**
 * Cumulative payback in months: benefits accrue evenly through each year of benefit, year k of a
 * line covering months 12(k − 1 + offset) to 12(k + offset) after the start of the activity period
 * (offset 1 when benefits start the following year). Payback is the month at which cumulative
 * UNDISCOUNTED value first equals the investment.
 */
function cumulativePayback(
  monetised: readonly MonetisedLineValuation[],
  investment: Decimal,
): Payback {
  const method = 'cumulative';
  if (investment.isZero()) {
    return {
      method,
      months: ZERO,
      unavailableReason: null,
      text: 'Payback (cumulative): immediate (no investment).',
    };
  }
  const buckets: Decimal[] = [];
  for (const line of monetised) {
    const offset = line.benefitStart === 'following-year' ? 1 : 0;
    for (const year of line.years) {
      const index = year.year - 1 + offset;
      buckets[index] = (buckets[index] ?? ZERO).plus(year.value);
    }
  }
  let cumulative = ZERO;
  for (let index = 0; index < buckets.length; index += 1) {
    const value = buckets[index] ?? ZERO;
    const next = cumulative.plus(value);
    if (next.gte(investment)) {
      const months = divide(investment.minus(cumulative).times(12), value).plus(12 * index);
      return {
        method,
        months,
        unavailableReason: null,
        text: `Payback (cumulative): cumulative undiscounted value reaches the investment in year ${index + 1}, after ${months.toDecimalPlaces(1).toString()} months.`,
      };
    }
    cumulative = next;
  }
  return {
    method,
    months: null,
    unavailableReason: 'not-paid-back-within-duration',
    text: `Payback (cumulative): not reached — cumulative undiscounted value ${toMoneyString(cumulative)} stays below the investment ${toMoneyString(investment)}.`,
  };
}

/** Validates a payback method (default `sroi_guide`). */
function paybackMethodOf(method: PaybackMethod | undefined): PaybackMethod {
  const chosen = method ?? 'sroi_guide';
  if (!PAYBACK_METHODS.includes(chosen)) {
    throw new ValidationError(
      'paybackMethod',
      method,
      `must be one of ${PAYBACK_METHODS.join(', ')}`,
    );
  }
  return chosen;
}

function groupByOutcome(lines: readonly OutcomeLineValuation[]): OutcomeTotal[] {
  const groups = new Map<string, OutcomeLineValuation[]>();
  for (const line of lines) {
    const group = groups.get(line.outcomeId) ?? [];
    group.push(line);
    groups.set(line.outcomeId, group);
  }
  return [...groups.values()].map((group) => {
    const first = group[0];
    const valued = group.filter(isMonetised);
    const notValued = group.filter((line) => !line.monetised);
    return {
      outcomeId: first.outcomeId,
      title: first.title,
      theme: first.theme,
      unit: first.unit,
      lineCount: group.length,
      quantity: sum(group.map((line) => line.quantity)),
      monetised: notValued.length === 0,
      presentValue: valued.length === 0 ? null : sum(valued.map((line) => line.presentValue)),
      notMonetisedQuantity: sum(notValued.map((line) => line.quantity)),
    };
  });
}

function notMonetisedOf(outcome: OutcomeTotal): NotMonetisedQuantity[] {
  if (outcome.monetised) return [];
  return [
    {
      outcomeId: outcome.outcomeId,
      title: outcome.title,
      unit: outcome.unit,
      quantity: outcome.notMonetisedQuantity,
      monetised: false,
    },
  ];
}

function groupByTheme(outcomes: readonly OutcomeTotal[]): ThemeTotal[] {
  const groups = new Map<string | null, OutcomeTotal[]>();
  for (const outcome of outcomes) {
    const group = groups.get(outcome.theme) ?? [];
    group.push(outcome);
    groups.set(outcome.theme, group);
  }
  return [...groups.entries()].map(([theme, group]) => ({
    theme,
    presentValue: sum(group.map((outcome) => outcome.presentValue ?? ZERO)),
    outcomeIds: group.map((outcome) => outcome.outcomeId),
    notMonetised: group.flatMap(notMonetisedOf),
  }));
}

/**
 * Computes the SROI report totals for a period:
 *
 * - total present value (Σ monetised lines), investment, net present value (PV − investment);
 * - SROI ratio = PV ÷ investment and net SROI ratio = (PV − investment) ÷ investment; both null
 *   with `ratioUnavailableReason: 'zero-investment'` when the investment is zero (never Infinity);
 * - payback period in months by `paybackMethod` (the other method given beside it):
 *   `sroi_guide` (default) investment ÷ (first-year value ÷ 12), null when the first year's value
 *   is not positive; `cumulative` when cumulative UNDISCOUNTED value first reaches the investment,
 *   value accruing evenly through each year of benefit (year k of a line covers months 12(k − 1)
 *   to 12k after the activity, one year later when benefits start the following year), null when
 *   never reached. Both 0 for zero investment. Within the first year the two agree;
 * - totals by outcome and by theme; outcomes without a proxy listed in `notMonetised` in their own
 *   units with `monetised: false`, never counted as zero money.
 *
 * Ratios and payback are quotients kept to 40 significant digits; everything else is exact.
 *
 * @throws {@link ValidationError} naming the input (e.g. `lines[3].proxy.attribution`, `investment`)
 */
export function computeSroiReport(input: SroiReportInput): SroiReport {
  const discount = resolveDiscount(input.discount);
  const investment = toNonNegativeDecimal(input.investment, 'investment');
  const lines = valueLines(input.lines, discount);
  const monetised = lines.filter(isMonetised);
  const totalPv = totalPresentValue(lines);
  const totalUndiscounted = sum(monetised.map((line) => line.totalValue));
  const netPresentValue = totalPv.minus(investment);
  const zeroInvestment = investment.isZero();
  const sroiRatio = zeroInvestment ? null : divide(totalPv, investment);
  const netSroiRatio = zeroInvestment ? null : divide(netPresentValue, investment);
  const paybackMethod = paybackMethodOf(input.paybackMethod);
  const paybacks = [
    sroiGuidePayback(monetised, investment),
    cumulativePayback(monetised, investment),
  ];
  const payback = paybacks.find((p) => p.method === paybackMethod)!;
  const paybackAlternative = paybacks.find((p) => p.method !== paybackMethod)!;
  const byOutcome = groupByOutcome(lines);
  const byTheme = groupByTheme(byOutcome);
  const notMonetised = byOutcome.flatMap(notMonetisedOf);

  const steps: ExplanationStep[] = [];
  steps.push(
    step(
      'total-present-value',
      `Total present value = ${toMoneyString(totalPv)} from ${monetised.length} monetised line(s). ${discount.statement}`,
      { totalPresentValue: totalPv, totalUndiscountedValue: totalUndiscounted },
    ),
    step(
      'net-present-value',
      `Net present value = ${toMoneyString(totalPv)} − investment ${toMoneyString(investment)} = ${toMoneyString(netPresentValue)}.`,
      { investment, netPresentValue },
    ),
  );
  if (sroiRatio && netSroiRatio) {
    steps.push(
      step(
        'sroi-ratio',
        `SROI ratio = ${toMoneyString(totalPv)} ÷ ${toMoneyString(investment)} = ${toRatioString(sroiRatio)}; net SROI ratio = ${toMoneyString(netPresentValue)} ÷ ${toMoneyString(investment)} = ${toRatioString(netSroiRatio)}.`,
        { sroiRatio, netSroiRatio },
      ),
    );
  } else {
    steps.push(
      step('sroi-ratio', 'SROI ratio: not available because the investment is zero.', {
        investment,
      }),
    );
  }
  steps.push(
    step('payback', payback.text, payback.months ? { months: payback.months } : {}),
    step(
      'payback-alternative',
      `Shown beside it: ${paybackAlternative.text}`,
      paybackAlternative.months ? { months: paybackAlternative.months } : {},
    ),
  );
  for (const entry of notMonetised) {
    steps.push(
      step(
        'not-monetised-total',
        `Not monetised: ${entry.outcomeId} ${entry.quantity.toString()}${entry.unit ? ` ${entry.unit}` : ''} (reported in units, not in the value).`,
        { quantity: entry.quantity },
      ),
    );
  }

  return {
    lines,
    totalPresentValue: totalPv,
    totalUndiscountedValue: totalUndiscounted,
    investment,
    netPresentValue,
    sroiRatio,
    netSroiRatio,
    ratioUnavailableReason: zeroInvestment ? 'zero-investment' : null,
    paybackMethod,
    paybackMonths: payback.months,
    paybackUnavailableReason: payback.unavailableReason,
    paybackAlternative,
    byTheme,
    byOutcome,
    notMonetised,
    discount: { convention: discount.convention, statement: discount.statement },
    steps: [...lines.flatMap((line) => line.steps), ...steps],
    totalSteps: steps,
  };
}
