import type { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';
import { step, type ExplanationStep } from '../explanation/steps';
import {
  INTERNAL_PRECISION,
  ONE,
  OutcomesDecimal,
  ZERO,
  divide,
  isList,
  maxDecimal,
  minDecimal,
  sum,
  toDecimal,
  toNonNegativeDecimal,
  type DecimalInput,
} from '../money/decimal';
import { toMoneyString, toRatioString } from '../money/money';
import { resolveDiscount, type ResolvedDiscount } from './discount';
import {
  MAX_DURATION_YEARS,
  preparedFromValuation,
  preparedFactors,
  preparedPresentValue,
  type DeductionName,
  type LineChange,
  type PreparedLine,
  valueLineWith,
  type MonetisedLineValuation,
  type OutcomeLineInput,
  type OutcomeLineValuation,
} from './outcome-line';
import type { SroiReport, SroiReportInput } from './report';

/**
 * What a sensitivity case varies. Fractions (`deadweight`, `displacement`, `attribution`,
 * `leakage`, `dropOff`) change by absolute points (`"0.1"` = +10 percentage points, clamped to
 * 0–1); `duration` by whole years (clamped to 1–{@link MAX_DURATION_YEARS}: a line is never
 * shortened below its first year); `proxyValue` (the value per unit) and `investment` by a
 * relative amount (`"0.1"` = +10%, `"-0.2"` = −20%, never below zero).
 */
export type SensitivityParameter =
  | 'deadweight'
  | 'displacement'
  | 'attribution'
  | 'leakage'
  | 'dropOff'
  | 'duration'
  | 'proxyValue'
  | 'investment';

/** All parameters sensitivity analysis can vary. */
export const SENSITIVITY_PARAMETERS: readonly SensitivityParameter[] = [
  'deadweight',
  'displacement',
  'attribution',
  'leakage',
  'dropOff',
  'duration',
  'proxyValue',
  'investment',
];

/** One sensitivity case: a parameter, the change to test, and optionally a single outcome. */
export interface SensitivityCase {
  /** What to vary. */
  readonly parameter: SensitivityParameter;
  /** The change to test (see {@link SensitivityParameter} for units; whole years for duration). */
  readonly change: DecimalInput;
  /** Only vary this outcome's lines; omit to vary every monetised line (global). Not for `investment`. */
  readonly outcomeId?: string;
}

/** Why a break-even change cannot be given. */
export type BreakEvenUnavailableReason =
  'zero-investment' | 'no-effect' | 'not-reachable-within-valid-bounds';

/**
 * The change of a parameter that brings the SROI ratio to 1:1 (present value = investment).
 * For `duration` it is the smallest whole-year change at which the ratio reaches or passes 1.
 * For `dropOff` it is found by bisection to within {@link BREAK_EVEN_TOLERANCE}.
 */
export type BreakEven =
  | {
      /** A change exists within the parameter's valid bounds. */
      readonly reachable: true;
      /** The change, in the parameter's units. */
      readonly change: Decimal;
      /** The ratio with that change applied (1, or the first whole year past 1 for duration). */
      readonly ratioAtChange: Decimal;
      /** Plain-English statement. */
      readonly text: string;
    }
  | {
      /** No change within valid bounds brings the ratio to 1:1. */
      readonly reachable: false;
      /** Why. */
      readonly reason: BreakEvenUnavailableReason;
      /** Plain-English statement. */
      readonly text: string;
    };

/** The result of one sensitivity case. */
export interface SensitivityResult {
  /** What was varied. */
  readonly parameter: SensitivityParameter;
  /** The outcome varied, or null for all monetised lines. */
  readonly outcomeId: string | null;
  /** The change tested. */
  readonly change: Decimal;
  /** True when the change had to be clamped on some line to stay valid. */
  readonly clamped: boolean;
  /** Present value with the change. */
  readonly presentValue: Decimal;
  /** Ratio with the change, or null for zero investment. */
  readonly ratio: Decimal | null;
  /** Ratio change against the base ratio, or null for zero investment. */
  readonly ratioChange: Decimal | null;
  /** The change that brings the ratio to 1:1. */
  readonly breakEven: BreakEven;
  /** The working. */
  readonly steps: readonly ExplanationStep[];
}

/** Sensitivity analysis of an SROI report. */
export interface SensitivityAnalysis {
  /** Present value with no change. */
  readonly basePresentValue: Decimal;
  /** Investment. */
  readonly investment: Decimal;
  /** Ratio with no change, or null for zero investment. */
  readonly baseRatio: Decimal | null;
  /** One result per case, in order. */
  readonly results: readonly SensitivityResult[];
  /** The working of every case. */
  readonly steps: readonly ExplanationStep[];
}

/** Options of {@link analyseSensitivity}. */
export interface SensitivityOptions {
  /**
   * The SROI report of the same input (computeSroiReport): its line valuations are used
   * instead of valuing every line again. It must be the report of exactly these lines.
   */
  readonly report?: Pick<SroiReport, 'lines'>;
}

/** Absolute precision to which bisection (drop-off break-even) locates the change. */
export const BREAK_EVEN_TOLERANCE = '1e-12';

type FractionParameter = 'deadweight' | 'displacement' | 'attribution' | 'leakage' | 'dropOff';

/** The parameters that change a line's terms (all but the investment). */
type LineParameter = Exclude<SensitivityParameter, 'investment'>;

/**
 * Σ over years 1..n of (1 − drop-off)^(year − 1) × discount factor(year), by benefit start, n and
 * 1 − drop-off: what a line's present value is per unit of its year-1 value. It depends on no other
 * term of the line, so the lines of one analysis share it (one per discounting: an analysis has
 * one), and a line costs one multiplication per drop-off tried.
 */
class ShareSums {
  private readonly sums = new Map<string, Decimal>();
  private readonly complements = new Map<Decimal, Decimal>();

  constructor(private readonly discount: ResolvedDiscount) {}

  /** 1 − `rate`, once per rate (lines read from the same proxy figures share their Decimals). */
  oneMinus(rate: Decimal): Decimal {
    let complement = this.complements.get(rate);
    if (complement === undefined) {
      complement = ONE.minus(rate);
      this.complements.set(rate, complement);
    }
    return complement;
  }

  of(line: PreparedLine, keep: Decimal): Decimal {
    const { benefitStart, durationYears } = line.terms;
    const key = `${benefitStart}|${durationYears}|${keep.toString()}`;
    let total = this.sums.get(key);
    if (total === undefined) {
      const factors = preparedFactors(line, this.discount);
      total = ZERO;
      let share = ONE;
      for (let year = 1; year <= factors.length; year += 1) {
        if (year > 1) share = share.times(keep);
        total = total.plus(share.times(factors[year - 1]));
      }
      this.sums.set(key, total);
    }
    return total;
  }
}

/**
 * A monetised line as the cases value it, from its valuation (read once per analysis and shared by
 * every case): each further figure it keeps is computed the first time a case needs it.
 *
 * - A change of duration sums the line's yearly present values (the valuation's, then further
 *   years computed as the valuation computes them, so the same Decimals as valuing the line for
 *   that duration).
 * - Any other change (value per unit, a deduction, the drop-off) changes the year-1 value (impact)
 *   or the share of it each later year keeps, and present value = impact × Σ (1 − drop-off)^(year
 *   − 1) × discount factor: a few multiplications instead of a valuation, the sum shared between
 *   lines ({@link ShareSums}). Both ways give the same Decimal when no figure of either needs more
 *   than {@link INTERNAL_PRECISION} digits (then neither rounds), which is checked from the
 *   figures' integer digits and decimal places ({@link VariedLine.exact}): every realistic input.
 *   A line that could need more (e.g. a 4-decimal drop-off over 240 years) is valued in full
 *   instead, so the figure is always the one valuing the changed line gives.
 */
class VariedLine {
  /** The year-1 value (quantity × value per unit × Π (1 − deduction)), unchanged. */
  readonly impact: Decimal;
  /** presentValues[y - 1]: the present value of year y. */
  private readonly presentValues: Decimal[] = [];
  /** totals[n]: the present value of the first n years. */
  private readonly totals: Decimal[] = [ZERO];
  /** The value of the last year computed (before discounting). */
  private lastValue: Decimal;
  private keepFactor: Decimal | undefined;
  /** Present value with the deduction `name` at 0, by deduction. */
  private readonly withoutDeductions = new Map<DeductionName, Decimal>();
  /** Present value per unit of proxy value. */
  private perValue: Decimal | undefined;
  /**
   * The digits {@link exact} counts for everything but the value per unit, the drop-off and a
   * changed deduction: the quantity's, the deductions' and the discount factors' decimal places,
   * the quantity's integer digits and the duration's.
   */
  private unchangedDigits: number | undefined;

  constructor(
    readonly prepared: PreparedLine,
    private readonly discount: ResolvedDiscount,
    valuation: MonetisedLineValuation,
    private readonly shareSums: ShareSums,
  ) {
    this.impact = valuation.impact;
    this.lastValue = valuation.impact;
    for (const year of valuation.years) {
      this.presentValues.push(year.presentValue);
      this.totals.push(this.totals[year.year - 1].plus(year.presentValue));
      this.lastValue = year.value;
    }
  }

  get durationYears(): number {
    return this.prepared.terms.durationYears;
  }

  /** 1 − drop-off: the share of a year's value that remains the next year. */
  private get keep(): Decimal {
    this.keepFactor ??= ONE.minus(this.prepared.terms.dropOff);
    return this.keepFactor;
  }

  /** Present value of the first `years` years (1 to {@link MAX_DURATION_YEARS}). */
  presentValueOver(years: number): Decimal {
    if (years >= this.totals.length) this.extendTo(years);
    return this.totals[years];
  }

  /** Present value of year `year` alone. */
  yearPresentValue(year: number): Decimal {
    this.presentValueOver(year);
    return this.presentValues[year - 1];
  }

  /** Computes the years up to `years` as the valuation does (value × keep, then × factor). */
  private extendTo(years: number): void {
    // Factors for at least twice the years asked: a search going year by year reuses them.
    const factors = preparedFactors(
      this.prepared,
      this.discount,
      Math.min(MAX_DURATION_YEARS, Math.max(years, 2 * this.totals.length)),
    );
    for (let year = this.totals.length; year <= years; year += 1) {
      this.lastValue = this.lastValue.times(this.keep);
      const presentValue = this.lastValue.times(factors[year - 1]);
      this.presentValues.push(presentValue);
      this.totals.push(this.totals[year - 1].plus(presentValue));
    }
  }

  /** Σ over the line's years of (1 − drop-off)^(year − 1) × discount factor. */
  private get presentValuePerImpact(): Decimal {
    return this.shareSums.of(this.prepared, this.keep);
  }

  /** Present value with `change` applied (see the class comment for how each is computed). */
  presentValueWith(change: LineChange): Decimal {
    if ('durationYears' in change) return this.presentValueOver(change.durationYears);
    if (!this.exact(change)) return preparedPresentValue(this.prepared, this.discount, change);
    if ('dropOff' in change) {
      return this.impact.times(this.shareSum(this.shareSums.oneMinus(change.dropOff)));
    }
    if ('valuePerUnit' in change) {
      // Year-1 value = (quantity × Π (1 − deduction)) × value per unit.
      this.perValue ??= this.deducted(this.prepared.quantity).times(this.presentValuePerImpact);
      return this.perValue.times(change.valuePerUnit);
    }
    return this.withoutDeduction(change.deduction).times(this.shareSums.oneMinus(change.rate));
  }

  /**
   * `value` × Π (1 − deduction) over the line's deductions but `except`: exact where it is used
   * (see {@link exact}), so in any order the same Decimal as the valuation's.
   */
  private deducted(value: Decimal, except?: DeductionName): Decimal {
    let result = value;
    const { rates } = this.prepared;
    for (const name of Object.keys(rates) as DeductionName[]) {
      if (name !== except) result = result.times(this.shareSums.oneMinus(rates[name]!));
    }
    return result;
  }

  /** Σ over the line's years of `keep`^(year − 1) × discount factor (shared with like lines). */
  shareSum(keep: Decimal): Decimal {
    return this.shareSums.of(this.prepared, keep);
  }

  /** {@link withoutDeduction} when it is the exact product, else undefined. */
  withoutDeductionIfExact(name: DeductionName): Decimal | undefined {
    return this.exact({ deduction: name, rate: ZERO }) ? this.withoutDeduction(name) : undefined;
  }

  /** Present value with the deduction `name` at 0 (value is linear in each deduction's 1 − rate). */
  withoutDeduction(name: DeductionName): Decimal {
    let value = this.withoutDeductions.get(name);
    if (value === undefined) {
      const change: LineChange = { deduction: name, rate: ZERO };
      value = this.exact(change)
        ? this.deducted(this.prepared.quantity.times(this.prepared.terms.valuePerUnit), name).times(
            this.presentValuePerImpact,
          )
        : preparedPresentValue(this.prepared, this.discount, change);
      this.withoutDeductions.set(name, value);
    }
    return value;
  }

  /**
   * True when the line valued with `change` (of the value per unit, a deduction or the drop-off)
   * keeps every figure within {@link INTERNAL_PRECISION} significant digits, by the valuation's
   * way and by this class's way alike, so neither rounds and both give the same Decimal. Every
   * figure of either has at most the decimal places of the quantity, the value per unit and each
   * (1 − deduction), plus those of (1 − drop-off)^(duration − 1) and of a discount factor; and
   * none exceeds quantity × value per unit × duration (fractions, shares and factors are at
   * most 1).
   */
  private exact(change: Exclude<LineChange, { durationYears: number }>): boolean {
    if ('valuePerUnit' in change) {
      const value = change.valuePerUnit;
      const digits =
        this.digitsBesides('proxyValue') + value.decimalPlaces() + integerDigits(value);
      return digits <= INTERNAL_PRECISION;
    }
    if ('dropOff' in change) {
      return (
        this.digitsBesides('dropOff') + this.termDigits('dropOff', change.dropOff) <=
        INTERNAL_PRECISION
      );
    }
    return this.digitsBesides(change.deduction) + change.rate.decimalPlaces() <= INTERNAL_PRECISION;
  }

  /**
   * What {@link exact} counts for every term of the line but the one `parameter` changes (whose
   * digits {@link termDigits} gives).
   */
  digitsBesides(parameter: Exclude<LineParameter, 'duration'>): number {
    const { terms, rates } = this.prepared;
    if (this.unchangedDigits === undefined) {
      let factorPlaces = 0;
      for (const factor of preparedFactors(this.prepared, this.discount)) {
        factorPlaces = Math.max(factorPlaces, factor.decimalPlaces());
      }
      // 1 − r has the decimal places of r.
      let places = this.prepared.quantity.decimalPlaces() + factorPlaces;
      for (const rate of Object.values(rates)) places += rate.decimalPlaces();
      this.unchangedDigits =
        places + integerDigits(this.prepared.quantity) + String(this.durationYears).length;
    }
    let digits = this.unchangedDigits;
    if (parameter !== 'proxyValue') {
      digits += terms.valuePerUnit.decimalPlaces() + integerDigits(terms.valuePerUnit);
    }
    if (parameter !== 'dropOff') digits += this.termDigits('dropOff', terms.dropOff);
    if (parameter !== 'proxyValue' && parameter !== 'dropOff') {
      digits -= rates[parameter]?.decimalPlaces() ?? 0;
    }
    return digits;
  }

  /** The digits {@link exact} counts for a drop-off or deduction rate `term`. */
  termDigits(parameter: FractionParameter, term: Decimal): number {
    // (1 − drop-off)^(duration − 1) has (duration − 1) times its decimal places.
    return parameter === 'dropOff'
      ? (this.durationYears - 1) * term.decimalPlaces()
      : term.decimalPlaces();
  }
}

interface Context {
  readonly discount: ResolvedDiscount;
  readonly investment: Decimal;
  /** The lines the case varies (monetised lines only). */
  readonly lines: readonly VariedLine[];
  /** Present value of the lines the case does not vary. */
  readonly otherPresentValue: Decimal;
  /** Present value of the lines the case varies, unchanged. */
  readonly selectedPresentValue: Decimal;
  /** The lines grouped by the term a parameter changes, by parameter ({@link groupingOf}). */
  readonly groupings: Map<FractionParameter, Grouping | null>;
}

/**
 * Lines with the same drop-off or deduction rate (the same Decimal; for drop-off also the same
 * duration and benefit start) change the same way in a case: the changed present value of a group
 * is its lines' {@link Group.total} times one shared figure (1 − the changed rate; for drop-off Σ
 * (1 − changed drop-off)^(year − 1) × factor).
 */
interface Group {
  readonly lines: readonly VariedLine[];
  /** The rate or drop-off the group's lines have. */
  readonly term: Decimal;
  /**
   * Σ over the lines of what the shared figure multiplies: the present value without the
   * deduction, or the year-1 value (impact) for drop-off.
   */
  readonly total: Decimal;
  /** The most {@link VariedLine.digitsBesides} of the group's lines. */
  readonly digits: number;
}

/** The groups of the lines a case varies, and what bounds the digits of their sums. */
interface Grouping {
  readonly groups: readonly Group[];
  /** The most decimal places of what the shared figures multiply, over every line. */
  readonly places: number;
  /** Σ |what the shared figure multiplies| × its bound (duration for drop-off, 1 otherwise). */
  readonly magnitude: Decimal;
}

/** Digits before the decimal point (at least 1). */
function integerDigits(value: Decimal): number {
  return value.isZero() ? 1 : Math.max(1, value.e + 1);
}

/** A line's drop-off or deduction rate (0 when its proxy does not give it). */
function fractionOf(line: PreparedLine, parameter: FractionParameter): Decimal {
  return parameter === 'dropOff' ? line.terms.dropOff : (line.rates[parameter] ?? ZERO);
}

function changedDuration(durationYears: number, change: number): number {
  return Math.min(MAX_DURATION_YEARS, Math.max(1, durationYears + change));
}

function clampFraction(value: Decimal): Decimal {
  return minDecimal(ONE, maxDecimal(ZERO, value));
}

/** A case's change applied to one line's terms, kept within bounds; reports any clamping. */
function changeOf(
  line: PreparedLine,
  parameter: LineParameter,
  change: Decimal,
): { change: LineChange; clamped: boolean } {
  const { terms } = line;
  switch (parameter) {
    case 'duration': {
      const wanted = terms.durationYears + change.toNumber();
      const durationYears = changedDuration(terms.durationYears, change.toNumber());
      return { change: { durationYears }, clamped: durationYears !== wanted };
    }
    case 'proxyValue': {
      const wanted = terms.valuePerUnit.times(ONE.plus(change));
      const valuePerUnit = maxDecimal(ZERO, wanted);
      return { change: { valuePerUnit }, clamped: !valuePerUnit.eq(wanted) };
    }
    case 'dropOff': {
      const wanted = fractionOf(line, 'dropOff').plus(change);
      const dropOff = clampFraction(wanted);
      return { change: { dropOff }, clamped: !dropOff.eq(wanted) };
    }
    default: {
      const wanted = fractionOf(line, parameter).plus(change);
      const rate = clampFraction(wanted);
      return { change: { deduction: parameter, rate }, clamped: !rate.eq(wanted) };
    }
  }
}

/**
 * Present value of the lines the case varies, each with `change` of `parameter` applied (clamped
 * to valid bounds): the figure valuing the changed lines in full would give, from lines read once.
 */
function changedPresentValue(
  context: Context,
  parameter: LineParameter,
  change: Decimal,
): { presentValue: Decimal; clamped: boolean } {
  if (parameter !== 'duration' && parameter !== 'proxyValue') {
    const grouped = groupedPresentValue(context, parameter, change);
    if (grouped) return grouped;
  }
  // Lines with the same term (the same rate, drop-off, value per unit or duration: the same
  // Decimal, as a report's lines read from the same proxy figures are) change it the same way.
  const applied = new Map<Decimal | number, { change: LineChange; clamped: boolean }>();
  let clamped = false;
  let presentValue = ZERO;
  for (const line of context.lines) {
    const term = termOf(line.prepared, parameter);
    let known = applied.get(term);
    if (known === undefined) {
      known = changeOf(line.prepared, parameter, change);
      applied.set(term, known);
    }
    clamped = clamped || known.clamped;
    presentValue = presentValue.plus(line.presentValueWith(known.change));
  }
  return { presentValue, clamped };
}

/** The lines of a case grouped by the term `parameter` changes (null: a line is not exact). */
function groupingOf(context: Context, parameter: FractionParameter): Grouping | null {
  if (context.groupings.has(parameter)) return context.groupings.get(parameter)!;
  const byKey = new Map<string, { lines: VariedLine[]; term: Decimal }>();
  let places = 0;
  let magnitude = ZERO;
  const multiplied = (line: VariedLine): Decimal | undefined =>
    parameter === 'dropOff' ? line.impact : line.withoutDeductionIfExact(parameter);
  for (const line of context.lines) {
    const value = multiplied(line);
    if (value === undefined) {
      context.groupings.set(parameter, null);
      return null;
    }
    places = Math.max(places, value.decimalPlaces());
    const bound = parameter === 'dropOff' ? line.durationYears : 1;
    magnitude = magnitude.plus(value.abs().times(bound));
    const term = fractionOf(line.prepared, parameter);
    const { benefitStart, durationYears } = line.prepared.terms;
    const key =
      parameter === 'dropOff'
        ? `${term.toString()}|${benefitStart}|${durationYears}`
        : term.toString();
    const group = byKey.get(key) ?? { lines: [], term };
    group.lines.push(line);
    byKey.set(key, group);
  }
  const groups = [...byKey.values()].map(({ lines, term }) => ({
    lines,
    term,
    total: sum(lines.map((line) => multiplied(line)!)),
    digits: Math.max(...lines.map((line) => line.digitsBesides(parameter))),
  }));
  const grouping = { groups, places, magnitude };
  context.groupings.set(parameter, grouping);
  return grouping;
}

/**
 * The changed present value from the groups of {@link groupingOf}: Σ over groups of the shared
 * figure × the group's total, which is Σ over lines of the line's changed present value when no
 * figure of either sum needs more than {@link INTERNAL_PRECISION} digits (then neither rounds, and
 * both are the same Decimal). Undefined when that is not sure (the caller values line by line).
 */
function groupedPresentValue(
  context: Context,
  parameter: FractionParameter,
  change: Decimal,
): { presentValue: Decimal; clamped: boolean } | undefined {
  const grouping = groupingOf(context, parameter);
  if (!grouping) return undefined;
  let clamped = false;
  let figurePlaces = 0;
  const figures: Decimal[] = [];
  for (const group of grouping.groups) {
    const sample = group.lines[0];
    const applied = changeOf(sample.prepared, parameter, change);
    const term =
      'rate' in applied.change
        ? applied.change.rate
        : (applied.change as { dropOff: Decimal }).dropOff;
    // Every line of the group is exact with the change (see VariedLine.exact).
    if (group.digits + sample.termDigits(parameter, term) > INTERNAL_PRECISION) return undefined;
    clamped = clamped || applied.clamped;
    const keep = ONE.minus(term);
    const figure = parameter === 'dropOff' ? sample.shareSum(keep) : keep;
    figurePlaces = Math.max(figurePlaces, figure.decimalPlaces());
    figures.push(figure);
  }
  // Every product and partial sum of either way has at most these places, and is at most the
  // magnitude (each shared figure is at most 1, or the duration for drop-off).
  if (grouping.places + figurePlaces + integerDigits(grouping.magnitude) > INTERNAL_PRECISION) {
    return undefined;
  }
  let presentValue = ZERO;
  grouping.groups.forEach((group, index) => {
    presentValue = presentValue.plus(group.total.times(figures[index]));
  });
  return { presentValue, clamped };
}

/** The term of a line that `parameter` changes. */
function termOf(line: PreparedLine, parameter: LineParameter): Decimal | number {
  switch (parameter) {
    case 'duration':
      return line.terms.durationYears;
    case 'proxyValue':
      return line.terms.valuePerUnit;
    default:
      return fractionOf(line, parameter);
  }
}

function ratioOf(presentValue: Decimal, investment: Decimal): Decimal | null {
  return investment.isZero() ? null : divide(presentValue, investment);
}

function unreachable(reason: BreakEvenUnavailableReason, text: string): BreakEven {
  return { reachable: false, reason, text };
}

function notWithinBounds(parameter: SensitivityParameter): BreakEven {
  return unreachable(
    'not-reachable-within-valid-bounds',
    `Break-even (${parameter}): not reachable — no valid value of ${parameter} brings the ratio to 1:1.`,
  );
}

function noEffect(parameter: SensitivityParameter): BreakEven {
  return unreachable(
    'no-effect',
    `Break-even (${parameter}): changing ${parameter} does not change the value of the lines varied.`,
  );
}

/** Investment × (1 + change), never below zero; reports any clamping. */
export function changedInvestment(
  investment: Decimal,
  change: Decimal,
): { investment: Decimal; clamped: boolean } {
  const wanted = investment.times(ONE.plus(change));
  const changed = maxDecimal(ZERO, wanted);
  return { investment: changed, clamped: !changed.eq(wanted) };
}

/** A case applied: the present value and the investment with the change, and any clamping. */
function variedCase(
  context: Context,
  parameter: SensitivityParameter,
  change: Decimal,
): { presentValue: Decimal; investment: Decimal; clamped: boolean } {
  if (parameter === 'investment') {
    const presentValue = context.otherPresentValue.plus(context.selectedPresentValue);
    return { presentValue, ...changedInvestment(context.investment, change) };
  }
  const varied = changedPresentValue(context, parameter, change);
  return {
    presentValue: context.otherPresentValue.plus(varied.presentValue),
    investment: context.investment,
    clamped: varied.clamped,
  };
}

/** Present value with no change − investment. */
function baseGap(context: Context): Decimal {
  return context.otherPresentValue.plus(context.selectedPresentValue).minus(context.investment);
}

/** Linear parameters (deduction fractions): PV(Δ) = PV − Δ × Σ PV of the lines without the deduction. */
function breakEvenDeduction(
  context: Context,
  parameter: Exclude<FractionParameter, 'dropOff'>,
): BreakEven {
  const withoutDeduction = sum(context.lines.map((line) => line.withoutDeduction(parameter)));
  const gap = baseGap(context);
  if (gap.isZero()) return breakEvenAt(context, parameter, ZERO);
  if (withoutDeduction.isZero()) return noEffect(parameter);
  const change = divide(gap, withoutDeduction);
  const fractions = context.lines.map((line) => fractionOf(line.prepared, parameter));
  const lowest = fractions.reduce(minDecimal);
  const highest = fractions.reduce(maxDecimal);
  if (lowest.plus(change).lt(0) || highest.plus(change).gt(1)) return notWithinBounds(parameter);
  return breakEvenAt(context, parameter, change);
}

function breakEvenAt(context: Context, parameter: LineParameter, change: Decimal): BreakEven {
  const presentValue = context.otherPresentValue.plus(
    changedPresentValue(context, parameter, change).presentValue,
  );
  const ratioAtChange = divide(presentValue, context.investment);
  return {
    reachable: true,
    change,
    ratioAtChange,
    text: `Break-even (${parameter}): a change of ${change.toSignificantDigits(6).toString()} brings the ratio to ${toRatioString(ratioAtChange, 4)}.`,
  };
}

/** Proxy value: PV(δ) = other + selected × (1 + δ). */
function breakEvenProxyValue(context: Context): BreakEven {
  const selected = context.selectedPresentValue;
  if (context.otherPresentValue.plus(selected).eq(context.investment)) {
    return breakEvenAt(context, 'proxyValue', ZERO);
  }
  if (selected.isZero()) return noEffect('proxyValue');
  const change = divide(context.investment.minus(context.otherPresentValue), selected).minus(1);
  if (change.lt(-1)) return notWithinBounds('proxyValue');
  return breakEvenAt(context, 'proxyValue', change);
}

/** Significant digits of the drop-off search's quick sign test. */
const SEARCH_DIGITS = 30;
const SearchDecimal = OutcomesDecimal.clone({ precision: SEARCH_DIGITS });

/**
 * The sign of the drop-off gap (present value with the change − investment) computed with
 * {@link SEARCH_DIGITS} significant digits, or undefined when the figure is too close to zero for
 * that to be sure. Rounding at that precision moves the figure by far less than the margin used
 * (scale × 1e-20, scale bounding every term), so a sign it gives is the exact sign: the bisection
 * takes the same steps as with exact figures, and falls back to them near the root.
 */
function dropOffGapSign(context: Context): (change: Decimal) => number | undefined {
  const lines = context.lines.map((line) => ({
    dropOff: line.prepared.terms.dropOff,
    value: new SearchDecimal(line.impact),
    factors: preparedFactors(line.prepared, context.discount).map((f) => new SearchDecimal(f)),
  }));
  const base = new SearchDecimal(context.otherPresentValue.minus(context.investment));
  let scale = new SearchDecimal(context.otherPresentValue.abs().plus(context.investment));
  for (const line of lines)
    for (const factor of line.factors) scale = scale.plus(line.value.times(factor).abs());
  const margin = scale.times('1e-20');
  return (change) => {
    let gap = base;
    for (const line of lines) {
      const keep = new SearchDecimal(ONE.minus(clampFraction(line.dropOff.plus(change))));
      let yearValue = line.value;
      for (let year = 1; year <= line.factors.length; year += 1) {
        if (year > 1) yearValue = yearValue.times(keep);
        gap = gap.plus(yearValue.times(line.factors[year - 1]));
      }
    }
    return gap.abs().gt(margin) ? gap.comparedTo(0) : undefined;
  };
}

/** Drop-off: monotone in Δ for non-negative values; bisection within the valid range. */
function breakEvenDropOff(context: Context): BreakEven {
  const fractions = context.lines.map((line) => fractionOf(line.prepared, 'dropOff'));
  let low = fractions.reduce(minDecimal).negated();
  let high = ONE.minus(fractions.reduce(maxDecimal));
  const gapAt = (change: Decimal): Decimal =>
    context.otherPresentValue
      .plus(changedPresentValue(context, 'dropOff', change).presentValue)
      .minus(context.investment);
  // No change values every line as it is: the gap is the base one (the same Decimal).
  if (baseGap(context).isZero()) return breakEvenAt(context, 'dropOff', ZERO);
  const gapLow = gapAt(low);
  const gapHigh = gapAt(high);
  if (gapLow.eq(gapHigh)) return noEffect('dropOff');
  if (gapLow.isZero()) return breakEvenAt(context, 'dropOff', low);
  if (gapHigh.isZero()) return breakEvenAt(context, 'dropOff', high);
  if (gapLow.isPositive() === gapHigh.isPositive()) return notWithinBounds('dropOff');
  const lowPositive = gapLow.isPositive();
  const tolerance = new OutcomesDecimal(BREAK_EVEN_TOLERANCE);
  const quickSign = dropOffGapSign(context);
  while (high.minus(low).gt(tolerance)) {
    const middle = low.plus(high).div(2).toDecimalPlaces(15);
    const sign = quickSign(middle) ?? gapAt(middle).comparedTo(0);
    if (sign === 0) return breakEvenAt(context, 'dropOff', middle);
    if (sign > 0 === lowPositive) low = middle;
    else high = middle;
  }
  return breakEvenAt(context, 'dropOff', low.plus(high).div(2).toDecimalPlaces(15));
}

/**
 * An upper bound of what lengthening can still add once each line lasts `years(line)` years,
 * when no line has a negative value (else undefined): the years after a line's duration are worth
 * at most its last year's present value times Σ (1 − drop-off)^k (a year's value shrinks by the
 * drop-off and its discount factor never grows).
 */
function lengtheningBound(
  context: Context,
): ((years: (line: VariedLine) => number) => Decimal) | undefined {
  if (context.lines.some((line) => line.impact.isNegative())) return undefined;
  // keep / (1 − keep) = (1 − drop-off) / drop-off, the sum of keep^k for k ≥ 1; none for 0 drop-off.
  const shares = context.lines.map((line) => {
    const { dropOff } = line.prepared.terms;
    return dropOff.isZero() ? null : divide(ONE.minus(dropOff), dropOff);
  });
  // Quotients are rounded to 40 digits: a margin keeps the bound above the exact one.
  const margin = new OutcomesDecimal('1.000000000000000000000000000001');
  return (years) =>
    sum(
      context.lines.map((line, index) => {
        // Before the search's last change every line is still short of the maximum.
        const last = years(line);
        const remaining = new OutcomesDecimal(MAX_DURATION_YEARS - last);
        const share = shares[index];
        const factor = share === null ? remaining : minDecimal(remaining, share);
        return line.yearPresentValue(last).times(factor);
      }),
    ).times(margin);
}

/**
 * Duration: whole years; the first change (towards 1:1) at which the ratio reaches or passes 1,
 * tried year by year (value need not be monotone in duration when a line is a correction), until
 * every line varied is at its bound (one year when shortening, {@link MAX_DURATION_YEARS} when
 * lengthening: a shorter line stays at one year while the longer ones still shorten). When
 * lengthening, a bound of what the remaining years can add stops the search as soon as 1:1 is out
 * of reach, instead of valuing every line for {@link MAX_DURATION_YEARS} years.
 */
function breakEvenDuration(context: Context): BreakEven {
  const durations = context.lines.map((line) => line.durationYears);
  const yearsWith = (line: VariedLine, change: number) =>
    changedDuration(line.durationYears, change);
  const gapAt = (change: number): Decimal =>
    context.otherPresentValue
      .plus(sum(context.lines.map((line) => line.presentValueOver(yearsWith(line, change)))))
      .minus(context.investment);
  const base = baseGap(context);
  if (base.isZero()) return breakEvenAt(context, 'duration', ZERO);
  const shorten = base.isPositive();
  // The search goes on until every line is at its bound: a line already at one year (or at the
  // maximum) stays there while the others still shorten (or lengthen).
  const limit = shorten ? 1 - Math.max(...durations) : MAX_DURATION_YEARS - Math.min(...durations);
  if (limit === 0) return notWithinBounds('duration');
  const reachedBy = (gap: Decimal): boolean => (shorten ? !gap.isPositive() : !gap.isNegative());
  const bound = shorten ? undefined : lengtheningBound(context);
  const direction = shorten ? -1 : 1;
  let first: Decimal | undefined;
  for (let change = direction; ; change += direction) {
    const gap = gapAt(change);
    if (reachedBy(gap)) return breakEvenAt(context, 'duration', new OutcomesDecimal(change));
    // Out of reach: no effect when the years added or removed carry no value in total.
    if (change === limit) return gap.eq(base) ? noEffect('duration') : notWithinBounds('duration');
    first ??= gap;
    if (bound && gap.plus(bound((line) => yearsWith(line, change))).isNegative()) {
      // No line is negative, so no year added lowers the value: if the first added year adds
      // nothing, none does.
      return first.eq(base) ? noEffect('duration') : notWithinBounds('duration');
    }
  }
}

/**
 * Investment: the ratio is PV ÷ (investment × (1 + δ)), 1:1 at δ = PV ÷ investment − 1; out of
 * reach when the present value is not positive (no investment above zero breaks even).
 */
function breakEvenInvestment(context: Context): BreakEven {
  const presentValue = context.otherPresentValue.plus(context.selectedPresentValue);
  if (!presentValue.gt(0)) return notWithinBounds('investment');
  const change = divide(presentValue, context.investment).minus(1);
  const ratioAtChange = divide(presentValue, context.investment.times(ONE.plus(change)));
  return {
    reachable: true,
    change,
    ratioAtChange,
    text: `Break-even (investment): a change of ${change.toSignificantDigits(6).toString()} (an investment of ${toMoneyString(presentValue)}) brings the ratio to ${toRatioString(ratioAtChange, 4)}.`,
  };
}

function breakEven(context: Context, parameter: SensitivityParameter): BreakEven {
  if (context.investment.isZero()) {
    return unreachable(
      'zero-investment',
      'Break-even: not defined because the investment is zero.',
    );
  }
  switch (parameter) {
    case 'investment':
      return breakEvenInvestment(context);
    case 'proxyValue':
      return breakEvenProxyValue(context);
    case 'dropOff':
      return breakEvenDropOff(context);
    case 'duration':
      return breakEvenDuration(context);
    default:
      return breakEvenDeduction(context, parameter);
  }
}

/** The report's valuations, checked to be of the same lines (count and outcome of each). */
function valuationsOf(
  report: Pick<SroiReport, 'lines'>,
  lines: readonly OutcomeLineInput[],
): readonly OutcomeLineValuation[] {
  const same =
    report.lines.length === lines.length &&
    report.lines.every((valuation, index) => valuation.outcomeId === lines[index].outcomeId);
  if (!same) {
    throw new ValidationError(
      'options.report',
      report.lines.length,
      'must be the SROI report of the same lines',
    );
  }
  return report.lines;
}

function readCase(
  entry: SensitivityCase,
  index: number,
  monetised: readonly { outcomeId: string; index: number }[],
): { change: Decimal; selected: number[] } {
  const path = `cases[${index}]`;
  if (!SENSITIVITY_PARAMETERS.includes(entry.parameter)) {
    throw new ValidationError(
      `${path}.parameter`,
      entry.parameter,
      `must be one of ${SENSITIVITY_PARAMETERS.join(', ')}`,
    );
  }
  const change = toDecimal(entry.change, `${path}.change`);
  if (entry.parameter === 'investment' && entry.outcomeId !== undefined) {
    throw new ValidationError(
      `${path}.outcomeId`,
      entry.outcomeId,
      "must be omitted: the investment is not an outcome's",
    );
  }
  if (entry.parameter === 'duration' && !change.isInteger()) {
    throw new ValidationError(`${path}.change`, entry.change, 'must be a whole number of years');
  }
  const selected = monetised
    .filter((line) => entry.outcomeId === undefined || line.outcomeId === entry.outcomeId)
    .map((line) => line.index);
  if (selected.length === 0) {
    throw new ValidationError(
      `${path}.outcomeId`,
      entry.outcomeId,
      'matches no monetised line (only lines with a proxy can be varied)',
    );
  }
  return { change, selected };
}

/**
 * Sensitivity analysis as the SROI guide describes it: for each case, the SROI ratio recomputed
 * with one adjustment or proxy varied (for one outcome, or for every monetised line), and the
 * change of that parameter that would bring the ratio to 1:1 (break-even), or the reason no change
 * within the parameter's valid bounds does (fractions 0–1, duration 1–{@link MAX_DURATION_YEARS}
 * years, proxy value ≥ 0).
 *
 * Break-even for the deductions and the proxy value is solved exactly (value is linear in them,
 * quotients to 40 significant digits); for drop-off by bisection to {@link BREAK_EVEN_TOLERANCE};
 * for duration as the smallest whole-year change reaching 1:1. A global change is the same absolute
 * change on every line; it is reachable only if every line stays within bounds.
 *
 * @throws {@link ValidationError} for invalid report inputs or cases (unknown parameter, non-whole
 * duration change, outcome with no monetised line)
 */
export function analyseSensitivity(
  input: SroiReportInput,
  cases: readonly SensitivityCase[],
  options: SensitivityOptions = {},
): SensitivityAnalysis {
  const discount = resolveDiscount(input.discount);
  const investment = toNonNegativeDecimal(input.investment, 'investment');
  if (!isList(input.lines))
    throw new ValidationError('lines', input.lines, 'must be a list of lines');
  const valuations = options.report
    ? valuationsOf(options.report, input.lines)
    : input.lines.map((line, index) => valueLineWith(line, discount, `lines[${index}]`));
  const monetised = valuations.flatMap((valuation, index) =>
    valuation.monetised
      ? [{ outcomeId: valuation.outcomeId, index, pv: valuation.presentValue }]
      : [],
  );
  const shareSums = new ShareSums(discount);
  const variedLines = valuations.map((valuation) =>
    valuation.monetised
      ? new VariedLine(preparedFromValuation(valuation), discount, valuation, shareSums)
      : null,
  );
  const basePresentValue = sum(monetised.map((line) => line.pv));
  const baseRatio = ratioOf(basePresentValue, investment);

  // The break-even of a parameter does not depend on the case's change: cases varying the same
  // parameter on the same lines (e.g. +10 and −10 points) share it, so it is solved once.
  const breakEvens = new Map<string, BreakEven>();
  // The lines a case varies, and the present values of those it does and does not vary, depend
  // only on its outcome (or on none: every line): shared by the cases of the same selection.
  const selections = new Map<string, Omit<Context, 'discount' | 'investment'>>();
  const results = cases.map((entry, caseIndex): SensitivityResult => {
    const { change, selected } = readCase(entry, caseIndex, monetised);
    const selectionKey = entry.outcomeId === undefined ? '*' : `outcome:${entry.outcomeId}`;
    let selection = selections.get(selectionKey);
    if (selection === undefined) {
      const selectedSet = new Set(selected);
      const pvOf = (inSelection: boolean): Decimal =>
        sum(
          monetised
            .filter((line) => selectedSet.has(line.index) === inSelection)
            .map((line) => line.pv),
        );
      selection = {
        lines: selected.map((index) => variedLines[index]!),
        otherPresentValue: pvOf(false),
        selectedPresentValue: pvOf(true),
        groupings: new Map(),
      };
      selections.set(selectionKey, selection);
    }
    const context: Context = { discount, investment, ...selection };
    const varied = variedCase(context, entry.parameter, change);
    const { clamped, presentValue: variedPv } = varied;
    const ratio = ratioOf(variedPv, varied.investment);
    const scope =
      entry.parameter === 'investment'
        ? `the investment (${toMoneyString(varied.investment)})`
        : entry.outcomeId === undefined
          ? 'all monetised lines'
          : `outcome ${entry.outcomeId}`;
    const key = `${entry.parameter}|${entry.outcomeId ?? '*'}`;
    const result = breakEvens.get(key) ?? breakEven(context, entry.parameter);
    breakEvens.set(key, result);
    const ratioText = ratio ? toRatioString(ratio) : 'n/a (zero investment)';
    const steps = [
      step(
        `sensitivity.${entry.parameter}`,
        `Sensitivity: ${entry.parameter} changed by ${change.toString()} on ${scope}${clamped ? ' (clamped to valid bounds)' : ''}: present value ${toMoneyString(variedPv)}, ratio ${ratioText}.`,
        { change, presentValue: variedPv, ...(ratio ? { ratio } : {}) },
      ),
      step(
        `break-even.${entry.parameter}`,
        result.text,
        result.reachable ? { change: result.change } : {},
      ),
    ];
    return {
      parameter: entry.parameter,
      outcomeId: entry.outcomeId ?? null,
      change,
      clamped,
      presentValue: variedPv,
      ratio,
      ratioChange: ratio && baseRatio ? ratio.minus(baseRatio) : null,
      breakEven: result,
      steps,
    };
  });

  return {
    basePresentValue,
    investment,
    baseRatio,
    results,
    steps: results.flatMap((result) => result.steps),
  };
}
