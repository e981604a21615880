import { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';
import {
  OutcomesDecimal,
  QUOTIENT_SIGNIFICANT_DIGITS,
  toNonNegativeDecimal,
  type DecimalInput,
} from '../money/decimal';
import { percentText } from '../money/money';

/**
 * When within each year of benefit the value is taken to arrive, which sets how often it is
 * discounted. Published SROI studies differ, so this is a partnership setting printed on every
 * report:
 * - `end-of-year` (default): year 1 is discounted once, year t by (1 + r)^t, as SROI value maps
 *   and spreadsheet NPV do;
 * - `start-of-year`: year 1 is not discounted, year t by (1 + r)^(t − 1);
 * - `mid-year`: year t by (1 + r)^(t − 0.5);
 * - `none`: no discounting at all.
 */
export type DiscountConvention = 'end-of-year' | 'start-of-year' | 'mid-year' | 'none';

/** All conventions, in the order they are usually described. */
export const DISCOUNT_CONVENTIONS: readonly DiscountConvention[] = [
  'end-of-year',
  'start-of-year',
  'mid-year',
  'none',
];

/**
 * One step of a discount-rate schedule: `rate` applies to every year from `fromYear` until the
 * next band. Year s is discounted by 1 / (1 + rate(s)) on top of the factor for year s − 1, so
 * factors are cumulative (HM Treasury Green Book, Annex A6).
 */
export interface DiscountRateBand {
  /** First year (counting year 0 as "now") the rate applies to. The first band starts at 0. */
  readonly fromYear: number;
  /** Annual rate as a fraction, e.g. `"0.035"`. */
  readonly rate: DecimalInput;
}

/**
 * HM Treasury Green Book declining long-term discount rates: 3.5% for years 0–30, 3.0% 31–75,
 * 2.5% 76–125, 2.0% 126–200, 1.5% 201–300, 1.0% from 301.
 */
export const GREEN_BOOK_DISCOUNT_SCHEDULE: readonly DiscountRateBand[] = [
  { fromYear: 0, rate: '0.035' },
  { fromYear: 31, rate: '0.03' },
  { fromYear: 76, rate: '0.025' },
  { fromYear: 126, rate: '0.02' },
  { fromYear: 201, rate: '0.015' },
  { fromYear: 301, rate: '0.01' },
];

/**
 * How a partnership discounts future value.
 *
 * `rate` omitted means the Green Book declining schedule ({@link GREEN_BOOK_DISCOUNT_SCHEDULE}).
 * A single rate (`"0.035"`) is a constant rate for every year. A list of bands is a custom
 * schedule.
 */
export interface DiscountSettings {
  /** Default `end-of-year`. */
  readonly convention?: DiscountConvention;
  /** Default: Green Book declining schedule (3.5% to year 30). */
  readonly rate?: DecimalInput | readonly DiscountRateBand[];
}

/** A validated discount setting. */
export interface ResolvedDiscount {
  /** The convention in force. */
  readonly convention: DiscountConvention;
  /** The schedule in force, rates as Decimal. */
  readonly schedule: readonly { readonly fromYear: number; readonly rate: Decimal }[];
  /** True when the schedule is the Green Book one. */
  readonly greenBook: boolean;
  /** One sentence stating the discounting used, for every report. */
  readonly statement: string;
}

const FactorDecimal: Decimal.Constructor = Decimal.clone({
  precision: QUOTIENT_SIGNIFICANT_DIGITS + 20,
  rounding: Decimal.ROUND_HALF_UP,
});

const CONVENTION_TEXT: Record<DiscountConvention, string> = {
  'end-of-year': 'end-of-year convention (year 1 discounted once)',
  'start-of-year': 'start-of-year convention (year 1 not discounted)',
  'mid-year': 'mid-year convention (year t discounted for t − 0.5 years)',
  none: 'no discounting',
};

function resolveSchedule(
  rate: DiscountSettings['rate'],
  field: string,
): { fromYear: number; rate: Decimal }[] {
  if (rate === undefined) return resolveSchedule(GREEN_BOOK_DISCOUNT_SCHEDULE, field);
  if (!Array.isArray(rate)) {
    return [{ fromYear: 0, rate: toNonNegativeDecimal(rate as DecimalInput, `${field}.rate`) }];
  }
  const bands = rate as readonly DiscountRateBand[];
  if (bands.length === 0)
    throw new ValidationError(`${field}.rate`, rate, 'must list at least one band');
  return bands.map((band, index) => {
    const path = `${field}.rate[${index}]`;
    const previous = index === 0 ? -1 : bands[index - 1].fromYear;
    const expectedFirst = index === 0 && band.fromYear !== 0;
    if (!Number.isInteger(band.fromYear) || expectedFirst || band.fromYear <= previous) {
      throw new ValidationError(
        `${path}.fromYear`,
        band.fromYear,
        'must be whole years, starting at 0 and strictly increasing',
      );
    }
    return { fromYear: band.fromYear, rate: toNonNegativeDecimal(band.rate, `${path}.rate`) };
  });
}

function describeSchedule(schedule: readonly { fromYear: number; rate: Decimal }[]): string {
  return schedule
    .map((band, index) => {
      const next = schedule[index + 1];
      const first = Math.max(band.fromYear, 1);
      const span = next ? `years ${first}–${next.fromYear - 1}` : `years ${first}+`;
      return `${percentText(band.rate)} ${schedule.length === 1 ? 'every year' : span}`;
    })
    .join(', ');
}

/**
 * Validates discount settings and fills in the defaults (Green Book schedule, end-of-year).
 *
 * @param field - path of the settings, named in errors
 * @throws {@link ValidationError} for an unknown convention, a negative rate or a malformed schedule
 */
export function resolveDiscount(
  settings: DiscountSettings = {},
  field = 'discount',
): ResolvedDiscount {
  const convention = settings.convention ?? 'end-of-year';
  if (!DISCOUNT_CONVENTIONS.includes(convention)) {
    throw new ValidationError(
      `${field}.convention`,
      convention,
      `must be one of ${DISCOUNT_CONVENTIONS.join(', ')}`,
    );
  }
  const schedule = resolveSchedule(settings.rate, field);
  const greenBook = settings.rate === undefined || settings.rate === GREEN_BOOK_DISCOUNT_SCHEDULE;
  const name = greenBook ? 'HM Treasury Green Book declining schedule' : 'discount rate';
  const statement =
    convention === 'none'
      ? 'Values are not discounted (convention: none).'
      : `Discounted at the ${name} (${describeSchedule(schedule)}), ${CONVENTION_TEXT[convention]}.`;
  return { convention, schedule, greenBook, statement };
}

function rateForYear(schedule: ResolvedDiscount['schedule'], year: number): Decimal {
  let rate = schedule[0].rate;
  for (const band of schedule) if (band.fromYear <= year) rate = band.rate;
  return rate;
}

/**
 * Years after the activity at which a year of benefit is discounted.
 *
 * @param benefitYear - 1 for the first year of benefit
 * @param offsetYears - 0 when benefits start in the period of activity, 1 when the year after
 */
export function discountTime(
  convention: DiscountConvention,
  benefitYear: number,
  offsetYears: number,
): number {
  const shift = convention === 'start-of-year' ? 1 : convention === 'mid-year' ? 0.5 : 0;
  return benefitYear + offsetYears - shift;
}

/**
 * Per resolved discount: the cumulative factor of each whole year as far as asked so far
 * (cumulative[t] = Π over s = 1..t of 1 / (1 + rate(s)), computed in that order however far a
 * caller asks) and each time's factor once computed, so asking again gives the same figures.
 */
interface Chain {
  readonly cumulative: Decimal[];
  readonly factors: Map<number, Decimal>;
  /** (1 + rate)^fraction for a part year, by rate and fraction (a power computed by logarithms). */
  readonly partYears: Map<string, Decimal>;
}

const chains = new WeakMap<ResolvedDiscount, Chain>();

function chainOf(discount: ResolvedDiscount, maxYear: number): Chain {
  let chain = chains.get(discount);
  if (!chain) {
    chain = { cumulative: [new FactorDecimal(1)], factors: new Map(), partYears: new Map() };
    chains.set(discount, chain);
  }
  const { cumulative } = chain;
  for (let year = cumulative.length; year <= maxYear; year += 1) {
    const growth = new FactorDecimal(1).plus(rateForYear(discount.schedule, year));
    cumulative.push(cumulative[year - 1].div(growth));
  }
  return chain;
}

/**
 * Cumulative discount factors for the given times (years after the activity, whole or half
 * years). Factor(t) = Π over s = 1..⌊t⌋ of 1 / (1 + rate(s)), times (1 + rate(⌈t⌉))^−(t − ⌊t⌋) for
 * a half year. Factors are rounded half-up to {@link QUOTIENT_SIGNIFICANT_DIGITS} significant
 * digits, like a published discount-factor table, so later multiplications stay exact. With the
 * `none` convention, or a zero rate, every factor is exactly 1.
 */
export function discountFactors(discount: ResolvedDiscount, times: readonly number[]): Decimal[] {
  if (discount.convention === 'none') return times.map(() => new OutcomesDecimal(1));
  const { cumulative, factors, partYears } = chainOf(discount, Math.ceil(Math.max(0, ...times)));
  return times.map((time) => {
    const known = factors.get(time);
    if (known) return known;
    const whole = Math.floor(time);
    let factor = cumulative[whole];
    if (time > whole) {
      const rate = rateForYear(discount.schedule, whole + 1);
      const key = `${rate.toString()}|${time - whole}`;
      let partYear = partYears.get(key);
      if (!partYear) {
        partYear = new FactorDecimal(1).plus(rate).pow(time - whole);
        partYears.set(key, partYear);
      }
      factor = factor.div(partYear);
    }
    const rounded = new OutcomesDecimal(factor.toSignificantDigits(QUOTIENT_SIGNIFICANT_DIGITS));
    factors.set(time, rounded);
    return rounded;
  });
}
