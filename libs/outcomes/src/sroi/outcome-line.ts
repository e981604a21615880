import type { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';
import { step, type ExplanationStep } from '../explanation/steps';
import {
  ONE,
  sum,
  toDecimal,
  toFraction,
  toNonNegativeDecimal,
  toWholeNumber,
  type DecimalInput,
} from '../money/decimal';
import { percentText, toMoneyString, toRoundedString } from '../money/money';
import {
  discountFactors,
  discountTime,
  resolveDiscount,
  type DiscountSettings,
  type ResolvedDiscount,
} from './discount';

/** Longest duration of benefit accepted, in years. */
export const MAX_DURATION_YEARS = 500;

/**
 * When the first year of benefit falls:
 * - `activity-year` (default): in the period of the activity itself (benefit year 1 = year 1);
 * - `following-year`: the year after the activity, so every year is discounted one year more.
 */
export type BenefitStart = 'activity-year' | 'following-year';

/** The SROI adjustments that reduce gross value, in the order they are applied. */
export type DeductionName = 'deadweight' | 'displacement' | 'attribution' | 'leakage';

/**
 * A financial proxy and its SROI adjustments (the impact map columns for one outcome).
 * Fractions are decimal strings between 0 and 1 (`"0.25"` is 25%); all default to 0.
 */
export interface FinancialProxyInput {
  /** The proxy's code in the partnership's library, shown in the working. */
  readonly code?: string;
  /** Value of one unit of the outcome, money (≥ 0). */
  readonly valuePerUnit: DecimalInput;
  /** Share of the outcome that would have happened anyway. */
  readonly deadweight?: DecimalInput;
  /** Share of the outcome that merely displaced other outcomes. */
  readonly displacement?: DecimalInput;
  /** Share of the outcome owed to other people or organisations. */
  readonly attribution?: DecimalInput;
  /** Share of the benefit that goes outside the area or group of interest (optional). */
  readonly leakage?: DecimalInput;
  /** Share of the previous year's value lost each later year. */
  readonly dropOff?: DecimalInput;
  /**
   * Years of benefit INCLUDING the first (1 = the benefit lasts only the first year), a whole
   * number from 1 to {@link MAX_DURATION_YEARS}. Default 1.
   */
  readonly durationYears?: number;
  /** Default `activity-year`. */
  readonly benefitStart?: BenefitStart;
}

/** One line of the impact map: an outcome, the quantity delivered and (optionally) its proxy. */
export interface OutcomeLineInput {
  /** Identifier of the outcome (lines with the same id are totalled together). */
  readonly outcomeId: string;
  /** Outcome title for the working. */
  readonly title?: string;
  /** Theme (Jobs, Health, Housing, …) for totals by theme. */
  readonly theme?: string;
  /** Unit the quantity is counted in (people, tonnes CO2e, …). */
  readonly unit?: string;
  /** Quantity delivered; must not be negative unless `isCorrection`. */
  readonly quantity: DecimalInput;
  /** A correction line that may reverse earlier quantities (negative quantity allowed). */
  readonly isCorrection?: boolean;
  /** The proxy valuing the outcome; omit or `null` when the outcome is not monetised. */
  readonly proxy?: FinancialProxyInput | null;
  /**
   * How the quantity was arrived at, in words, as the first step of the working (e.g. "71
   * attendances avoided: baseline 400 − actual 329").
   */
  readonly basisText?: string;
  /** Why a line without a proxy is not valued, when there is a more precise reason than that. */
  readonly notValuedReason?: string;
}

/** Options for {@link valueOutcomeLine}. */
export interface ValuationOptions {
  /** Discounting; default Green Book 3.5% declining schedule, end-of-year convention. */
  readonly discount?: DiscountSettings;
}

/** One deduction applied to the value. */
export interface Deduction {
  /** Which adjustment. */
  readonly name: DeductionName;
  /** The fraction deducted. */
  readonly rate: Decimal;
  /** Value before this deduction. */
  readonly valueBefore: Decimal;
  /** Amount taken off: valueBefore × rate. */
  readonly amount: Decimal;
  /** valueBefore × (1 − rate). */
  readonly valueAfter: Decimal;
}

/** The value of one year of benefit. */
export interface YearValue {
  /** Year of benefit, 1 = first. */
  readonly year: number;
  /** Years after the activity the value is discounted for (depends on convention and start). */
  readonly discountTime: number;
  /** Undiscounted value of the year (after deductions and drop-off). */
  readonly value: Decimal;
  /** Cumulative discount factor applied. */
  readonly discountFactor: Decimal;
  /** value × discountFactor. */
  readonly presentValue: Decimal;
}

interface LineIdentity {
  /** Outcome identifier. */
  readonly outcomeId: string;
  /** Outcome title, or null. */
  readonly title: string | null;
  /** Theme, or null. */
  readonly theme: string | null;
  /** Unit, or null. */
  readonly unit: string | null;
  /** Quantity delivered (negative only for corrections). */
  readonly quantity: Decimal;
  /** True for a correction line. */
  readonly isCorrection: boolean;
  /** The working. */
  readonly steps: readonly ExplanationStep[];
}

/** A line valued with its proxy, at full precision. */
export interface MonetisedLineValuation extends LineIdentity {
  /** Discriminator. */
  readonly monetised: true;
  /** Proxy code, or null. */
  readonly proxyCode: string | null;
  /** Value per unit. */
  readonly valuePerUnit: Decimal;
  /** quantity × valuePerUnit. */
  readonly gross: Decimal;
  /** Deductions in the order applied (leakage only when given). */
  readonly deductions: readonly Deduction[];
  /** Value after every deduction = the year-1 value. */
  readonly impact: Decimal;
  /** Drop-off fraction. */
  readonly dropOff: Decimal;
  /** Years of benefit including the first. */
  readonly durationYears: number;
  /** When the benefit starts. */
  readonly benefitStart: BenefitStart;
  /** Each year's value. */
  readonly years: readonly YearValue[];
  /** Sum of the undiscounted yearly values. */
  readonly totalValue: Decimal;
  /** Sum of the yearly present values. */
  readonly presentValue: Decimal;
  /** The discounting used, as a sentence. */
  readonly discountStatement: string;
}

/** A line whose outcome has no financial proxy: reported in its own units, never as zero money. */
export interface UnmonetisedLineValuation extends LineIdentity {
  /** Discriminator. */
  readonly monetised: false;
  /** Always null: there is no money value. */
  readonly presentValue: null;
  /** Why the line is not valued. */
  readonly reason: string;
}

/** The valuation of one impact-map line. */
export type OutcomeLineValuation = MonetisedLineValuation | UnmonetisedLineValuation;

const BENEFIT_STARTS: readonly BenefitStart[] = ['activity-year', 'following-year'];
const DEDUCTIONS: readonly DeductionName[] = [
  'deadweight',
  'displacement',
  'attribution',
  'leakage',
];

function quantityText(quantity: Decimal, unit: string | null): string {
  return unit ? `${quantity.toString()} ${unit}` : quantity.toString();
}

function readIdentity(line: OutcomeLineInput, path: string): Omit<LineIdentity, 'steps'> {
  if (typeof line.outcomeId !== 'string' || line.outcomeId.length === 0) {
    throw new ValidationError(`${path}.outcomeId`, line.outcomeId, 'must be a non-empty string');
  }
  const isCorrection = line.isCorrection === true;
  const quantity = toDecimal(line.quantity, `${path}.quantity`);
  if (quantity.isNegative() && !quantity.isZero() && !isCorrection) {
    throw new ValidationError(
      `${path}.quantity`,
      line.quantity,
      'must not be negative unless the line is a correction (isCorrection: true)',
    );
  }
  return {
    outcomeId: line.outcomeId,
    title: line.title ?? null,
    theme: line.theme ?? null,
    unit: line.unit ?? null,
    quantity,
    isCorrection,
  };
}

/**
 * Values one impact-map line with a resolved discount setting. Used by {@link valueOutcomeLine}
 * and the report so the discount settings are validated once.
 * @internal
 */
export function valueLineWith(
  line: OutcomeLineInput,
  discount: ResolvedDiscount,
  path: string,
): OutcomeLineValuation {
  const identity = readIdentity(line, path);
  const label = identity.title ? `${identity.outcomeId} (${identity.title})` : identity.outcomeId;
  // A line whose basis explains its quantity (a disbenefit, say) is not labelled a correction.
  const correction = identity.isCorrection && !line.basisText ? ' (correction)' : '';
  const basis = line.basisText ? [step('basis', line.basisText)] : [];
  if (line.proxy === undefined || line.proxy === null) {
    const reason =
      line.notValuedReason ?? 'no financial proxy: reported in its own units, not valued';
    return {
      ...identity,
      monetised: false,
      presentValue: null,
      reason,
      steps: [
        ...basis,
        step(
          'not-monetised',
          `Outcome ${label}${correction}: ${quantityText(identity.quantity, identity.unit)} — ${reason}.`,
          { quantity: identity.quantity },
        ),
      ],
    };
  }
  const proxy = line.proxy;
  const proxyPath = `${path}.proxy`;
  const { valuePerUnit, dropOff, durationYears, benefitStart } = readProxy(proxy, proxyPath);
  const proxyCode = proxy.code ?? null;

  const steps: ExplanationStep[] = [...basis];
  steps.push(
    step(
      'input',
      `Outcome ${label}${correction}: ${quantityText(identity.quantity, identity.unit)} valued with proxy ` +
        `${proxyCode ?? '(uncoded)'} at ${toMoneyString(valuePerUnit)} per unit; duration ` +
        `${durationYears} year(s) including the first, benefits from the ${benefitStart === 'activity-year' ? 'year of activity' : 'year after the activity'}.`,
      { quantity: identity.quantity, valuePerUnit, durationYears },
    ),
  );
  const gross = identity.quantity.times(valuePerUnit);
  steps.push(
    step(
      'gross',
      `Gross value = ${identity.quantity.toString()} × ${toMoneyString(valuePerUnit)} = ${toMoneyString(gross)}.`,
      { quantity: identity.quantity, valuePerUnit, gross },
    ),
  );

  const deductions: Deduction[] = [];
  let value = gross;
  for (const { name, rate } of deductionRates(proxy, proxyPath)) {
    const valueAfter = value.times(ONE.minus(rate));
    deductions.push({
      name,
      rate,
      valueBefore: value,
      amount: value.minus(valueAfter),
      valueAfter,
    });
    steps.push(
      step(
        `deduction.${name}`,
        `${capitalise(name)} ${percentText(rate)}: ${toMoneyString(value)} × (1 − ${rate.toString()}) = ${toMoneyString(valueAfter)}.`,
        { rate, valueBefore: value, valueAfter },
      ),
    );
    value = valueAfter;
  }
  const impact = value;
  const factorsText = deductions
    .map((deduction) => ONE.minus(deduction.rate).toString())
    .join(' × ');
  steps.push(
    step(
      'impact',
      `Impact (year 1 value) = ${toMoneyString(gross)} × ${factorsText} = ${toMoneyString(impact)} (deductions multiply).`,
      { gross, impact },
    ),
  );

  const { times, factors } = yearFactors(discount, durationYears, benefitStart);
  const years: YearValue[] = [];
  let yearValue = impact;
  for (let year = 1; year <= durationYears; year += 1) {
    const previous = yearValue;
    if (year > 1) yearValue = yearValue.times(ONE.minus(dropOff));
    const discountFactor = factors[year - 1];
    const presentValue = yearValue.times(discountFactor);
    const time = times[year - 1];
    years.push({ year, discountTime: time, value: yearValue, discountFactor, presentValue });
    const valueText =
      year === 1
        ? `${toMoneyString(yearValue)}`
        : `${toMoneyString(previous)} × (1 − ${dropOff.toString()}) = ${toMoneyString(yearValue)}`;
    steps.push(
      step(
        `year.${year}`,
        `Year ${year}: value ${valueText}; discount factor ${toRoundedString(discountFactor, 6)} (t = ${time}); present value ${toMoneyString(presentValue)}.`,
        { value: yearValue, discountFactor, discountTime: time, presentValue },
      ),
    );
  }
  const totalValue = sum(years.map((entry) => entry.value));
  const presentValue = sum(years.map((entry) => entry.presentValue));
  steps.push(
    step(
      'present-value',
      `Present value = sum of ${durationYears} yearly present value(s) = ${toMoneyString(presentValue)} (undiscounted total ${toMoneyString(totalValue)}). ${discount.statement}`,
      { totalValue, presentValue },
    ),
  );

  // Written out rather than spread: a large literal after a spread is built property by property.
  return {
    outcomeId: identity.outcomeId,
    title: identity.title,
    theme: identity.theme,
    unit: identity.unit,
    quantity: identity.quantity,
    isCorrection: identity.isCorrection,
    monetised: true,
    proxyCode,
    valuePerUnit,
    gross,
    deductions,
    impact,
    dropOff,
    durationYears,
    benefitStart,
    years,
    totalValue,
    presentValue,
    discountStatement: discount.statement,
    steps,
  };
}

/** @internal A proxy's terms, validated (everything but the deductions). */
export interface ProxyTerms {
  readonly valuePerUnit: Decimal;
  readonly dropOff: Decimal;
  readonly durationYears: number;
  readonly benefitStart: BenefitStart;
}

/** Validates a line's proxy terms (everything but the deductions). */
function readProxy(proxy: FinancialProxyInput, proxyPath: string): ProxyTerms {
  const valuePerUnit = toNonNegativeDecimal(proxy.valuePerUnit, `${proxyPath}.valuePerUnit`);
  const dropOff = toFraction(proxy.dropOff ?? '0', `${proxyPath}.dropOff`);
  const durationYears = toWholeNumber(
    proxy.durationYears ?? 1,
    `${proxyPath}.durationYears`,
    1,
    MAX_DURATION_YEARS,
  );
  const benefitStart = proxy.benefitStart ?? 'activity-year';
  if (!BENEFIT_STARTS.includes(benefitStart)) {
    throw new ValidationError(
      `${proxyPath}.benefitStart`,
      benefitStart,
      `must be one of ${BENEFIT_STARTS.join(', ')}`,
    );
  }
  return { valuePerUnit, dropOff, durationYears, benefitStart };
}

/** The deductions in the order applied (leakage only when given), validated. */
function deductionRates(
  proxy: FinancialProxyInput,
  proxyPath: string,
): { name: DeductionName; rate: Decimal }[] {
  const rates: { name: DeductionName; rate: Decimal }[] = [];
  for (const name of DEDUCTIONS) {
    const given = proxy[name];
    if (name === 'leakage' && given === undefined) continue;
    rates.push({ name, rate: toFraction(given ?? '0', `${proxyPath}.${name}`) });
  }
  return rates;
}

/**
 * Discount times and factors of each year of benefit. Factors depend only on the discount, the
 * duration and the benefit start, so they are computed once per resolved discount and reused
 * (Decimal values are immutable; the figures are identical to computing them each time).
 */
const factorCache = new WeakMap<
  ResolvedDiscount,
  Map<string, { times: number[]; factors: Decimal[] }>
>();

function yearFactors(
  discount: ResolvedDiscount,
  durationYears: number,
  benefitStart: BenefitStart,
): { times: number[]; factors: Decimal[] } {
  let byKey = factorCache.get(discount);
  if (!byKey) {
    byKey = new Map();
    factorCache.set(discount, byKey);
  }
  const key = `${durationYears}|${benefitStart}`;
  let entry = byKey.get(key);
  if (!entry) {
    const offset = benefitStart === 'activity-year' ? 0 : 1;
    const times = Array.from({ length: durationYears }, (_, index) =>
      discountTime(discount.convention, index + 1, offset),
    );
    entry = { times, factors: discountFactors(discount, times) };
    byKey.set(key, entry);
  }
  return entry;
}

/**
 * A monetised line read and validated once: its quantity, its proxy's terms and its deduction
 * rates. {@link preparedPresentValue} values it, with one term changed if asked, without parsing
 * or validating again (sensitivity analysis values each line many times).
 * @internal
 */
export interface PreparedLine {
  readonly quantity: Decimal;
  readonly terms: ProxyTerms;
  /** Each deduction's rate; leakage only when the proxy gives it. */
  readonly rates: Readonly<Partial<Record<DeductionName, Decimal>>>;
}

/** @internal Reads and validates a monetised line (see {@link PreparedLine}). */
export function prepareLine(
  line: OutcomeLineInput & { readonly proxy: FinancialProxyInput },
  path: string,
): PreparedLine {
  const { quantity } = readIdentity(line, path);
  const proxyPath = `${path}.proxy`;
  const rates: Partial<Record<DeductionName, Decimal>> = {};
  for (const { name, rate } of deductionRates(line.proxy, proxyPath)) rates[name] = rate;
  return { quantity, terms: readProxy(line.proxy, proxyPath), rates };
}

/**
 * @internal A monetised line as {@link prepareLine} reads it, from its valuation (which read and
 * validated the same input): the same Decimals, without parsing the input again.
 */
export function preparedFromValuation(valuation: MonetisedLineValuation): PreparedLine {
  const rates: Partial<Record<DeductionName, Decimal>> = {};
  for (const { name, rate } of valuation.deductions) rates[name] = rate;
  return {
    quantity: valuation.quantity,
    terms: {
      valuePerUnit: valuation.valuePerUnit,
      dropOff: valuation.dropOff,
      durationYears: valuation.durationYears,
      benefitStart: valuation.benefitStart,
    },
    rates,
  };
}

/**
 * @internal One term of a prepared line changed: the value per unit, one deduction's rate (a
 * fraction), the drop-off (a fraction) or the duration (whole years, 1 to
 * {@link MAX_DURATION_YEARS}). The caller keeps the new value valid.
 */
export type LineChange =
  | { readonly valuePerUnit: Decimal }
  | { readonly deduction: DeductionName; readonly rate: Decimal }
  | { readonly dropOff: Decimal }
  | { readonly durationYears: number };

/**
 * @internal The year-1 value of a prepared line (quantity × value per unit × Π (1 − deduction)),
 * with `change` applied to the value per unit or a deduction.
 */
export function preparedImpact(line: PreparedLine, change?: LineChange): Decimal {
  let value = line.quantity.times(
    change && 'valuePerUnit' in change ? change.valuePerUnit : line.terms.valuePerUnit,
  );
  for (const name of DEDUCTIONS) {
    const rate =
      change && 'deduction' in change && change.deduction === name ? change.rate : line.rates[name];
    if (rate !== undefined) value = value.times(ONE.minus(rate));
  }
  return value;
}

/**
 * @internal The discount factor of each year of a prepared line's benefit: of its duration, or of
 * the first `years` years (the factor of a year does not depend on the duration).
 */
export function preparedFactors(
  line: PreparedLine,
  discount: ResolvedDiscount,
  years: number = line.terms.durationYears,
): readonly Decimal[] {
  return yearFactors(discount, years, line.terms.benefitStart).factors;
}

/**
 * @internal The present value of a prepared line, with `change` applied: the same operations in
 * the same order as {@link valueLineWith} on the changed line, so the same Decimal.
 */
export function preparedPresentValue(
  line: PreparedLine,
  discount: ResolvedDiscount,
  change?: LineChange,
): Decimal {
  const { terms } = line;
  const value = preparedImpact(line, change);
  const durationYears =
    change && 'durationYears' in change ? change.durationYears : terms.durationYears;
  const { factors } = yearFactors(discount, durationYears, terms.benefitStart);
  const keep = ONE.minus(change && 'dropOff' in change ? change.dropOff : terms.dropOff);
  const presentValues: Decimal[] = [];
  let yearValue = value;
  for (let year = 1; year <= durationYears; year += 1) {
    if (year > 1) yearValue = yearValue.times(keep);
    presentValues.push(yearValue.times(factors[year - 1]));
  }
  return sum(presentValues);
}

/**
 * The present value of a monetised line: exactly the arithmetic of {@link valueLineWith} (same
 * validation, same operations in the same order, so the same Decimal), without building the
 * working. Sensitivity analysis values every line many times and only needs this figure.
 * @internal
 */
export function linePresentValue(
  line: OutcomeLineInput & { readonly proxy: FinancialProxyInput },
  discount: ResolvedDiscount,
  path: string,
): Decimal {
  return preparedPresentValue(prepareLine(line, path), discount);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Values one line of the impact map (the SROI guide's method), at full precision:
 *
 * 1. gross = quantity × proxy value per unit
 * 2. impact = gross × (1 − deadweight) × (1 − displacement) × (1 − attribution) [× (1 − leakage)]
 *    — deductions multiply, they never add
 * 3. year 1 value = impact; each later year = previous year × (1 − drop-off), for `durationYears`
 *    years counting the first
 * 4. present value = Σ value_t × discount factor(t), where t depends on the discount convention
 *    and on whether benefits start in the activity year or the next ({@link BenefitStart})
 *
 * A line without a proxy is returned with `monetised: false` and `presentValue: null`.
 *
 * @throws {@link ValidationError} naming the input (e.g. `line.proxy.deadweight`) when a fraction
 * is outside 0–1, the duration is not a whole number from 1 to {@link MAX_DURATION_YEARS}, the
 * quantity is negative on a line that is not a correction, or a number is given where a decimal
 * string is required
 */
export function valueOutcomeLine(
  line: OutcomeLineInput,
  options: ValuationOptions = {},
): OutcomeLineValuation {
  return valueLineWith(line, resolveDiscount(options.discount), 'line');
}
