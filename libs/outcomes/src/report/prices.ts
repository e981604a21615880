import { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';
import { step, type ExplanationStep } from '../explanation/steps';
import { ONE, toDecimal } from '../money/decimal';
import type { IsoDate } from '../periods/calendar-date';

/** Decimal places of an uprating factor (half-up); the factor as stated is the one used. */
export const UPRATING_FACTOR_PLACES = 6;

/** Where a report's price year comes from. */
export type ReportPriceYearSource = 'setting' | 'window_end';

/** The price index a partnership uprates with, and its values for the years a report needs. */
export interface ReportPriceIndex {
  readonly series: { readonly id: string; readonly code: string; readonly name: string } | null;
  /** Index values (decimal strings, > 0) by year, ascending; only the years the report uses. */
  readonly values: readonly { readonly year: number; readonly value: string }[];
}

/** The report's price year and what uprates to it. */
export interface PriceContext {
  readonly reportYear: number;
  readonly source: ReportPriceYearSource;
  readonly index: ReportPriceIndex;
}

/**
 * The price year a report's pounds are in: the partnership's setting, else (the default) the
 * calendar year in which the report's window ends, so a report is in the prices of its own period.
 */
export function reportPriceYearOf(
  setting: number | null,
  windowEnd: IsoDate,
): { readonly year: number; readonly source: ReportPriceYearSource } {
  return setting === null
    ? { year: Number.parseInt(windowEnd.slice(0, 4), 10), source: 'window_end' }
    : { year: setting, source: 'setting' };
}

/** A value per unit brought to the report's price year. */
export interface Uprated {
  readonly ok: true;
  readonly priceYear: number;
  readonly reportYear: number;
  /** index[report year] ÷ index[price year] to {@link UPRATING_FACTOR_PLACES}; 1 for the same year. */
  readonly factor: Decimal;
  /** The value per unit as entered, in its price year. */
  readonly valuePerUnit: Decimal;
  /** valuePerUnit × factor, exact: the value per unit in the report's prices. */
  readonly uprated: Decimal;
  /** The working in words. */
  readonly step: ExplanationStep;
}

/** A value per unit that cannot be brought to the report's price year, and why. */
export interface NotUprated {
  readonly ok: false;
  readonly priceYear: number;
  readonly reportYear: number;
  /** The index years missing (empty when the partnership names no series). */
  readonly missingYears: readonly number[];
  readonly reason: string;
}

export type Uprating = Uprated | NotUprated;

const NOT_ADDED = 'so it is not valued (pounds of different price years are never added)';

/**
 * Brings a proxy's value per unit from its price year to the report's: factor = index[report year]
 * ÷ index[price year], rounded half-up to {@link UPRATING_FACTOR_PLACES} places and used as
 * stated; the uprated value is the value times that factor, exact. A value already in the report's
 * price year needs no index (factor 1). Without a series, or without the series' value for either
 * year, the value is not uprated, saying why: the caller must not add it to pounds of another year.
 *
 * @throws {@link ValidationError} for an index value that is not a positive decimal
 */
export function uprate(valuePerUnit: string, priceYear: number, prices: PriceContext): Uprating {
  const reportYear = prices.reportYear;
  const value = toDecimal(valuePerUnit, 'valuePerUnit');
  if (priceYear === reportYear) {
    return {
      ok: true,
      priceYear,
      reportYear,
      factor: ONE,
      valuePerUnit: value,
      uprated: value,
      step: step(
        'uprating',
        `Price year: ${value.toString()} per unit is in ${priceYear} prices, the report's price year: uprating factor 1.`,
        { priceYear, reportPriceYear: reportYear, factor: ONE, valuePerUnit: value },
      ),
    };
  }
  const { series, values } = prices.index;
  if (series === null) {
    return {
      ok: false,
      priceYear,
      reportYear,
      missingYears: [],
      reason: `its value per unit is in ${priceYear} prices and the partnership names no price index series to uprate it to the report's ${reportYear} prices, ${NOT_ADDED}`,
    };
  }
  const byYear = new Map(values.map((v) => [v.year, v.value]));
  const missingYears = [priceYear, reportYear].filter((y) => !byYear.has(y)).sort((a, b) => a - b);
  if (missingYears.length > 0) {
    return {
      ok: false,
      priceYear,
      reportYear,
      missingYears,
      reason: `its value per unit is in ${priceYear} prices and the index series ${series.code} (${series.name}) has no value for ${missingYears.join(' or ')}: it cannot be uprated to the report's ${reportYear} prices, ${NOT_ADDED}`,
    };
  }
  const { to, from, factor, factorText } = factorOf(byYear, priceYear, reportYear);
  const uprated = value.times(factor);
  return {
    ok: true,
    priceYear,
    reportYear,
    factor,
    valuePerUnit: value,
    uprated,
    step: step(
      'uprating',
      `Price year: ${value.toString()} per unit in ${priceYear} prices uprated to the report's ${reportYear} prices with ${series.code} (${series.name}): factor = ${reportYear} index ${to.toString()} ÷ ${priceYear} index ${from.toString()} = ${factorText} (to ${UPRATING_FACTOR_PLACES} places); ${value.toString()} × ${factorText} = ${uprated.toString()} per unit.`,
      {
        priceYear,
        reportPriceYear: reportYear,
        indexAtPriceYear: from,
        indexAtReportYear: to,
        factor,
        valuePerUnit: value,
        upratedValuePerUnit: uprated,
      },
    ),
  };
}

/** An uprating factor between two years of an index, and the index values it divides. */
interface Factor {
  readonly to: Decimal;
  readonly from: Decimal;
  readonly factor: Decimal;
  /** The factor to {@link UPRATING_FACTOR_PLACES} places, as the working shows it. */
  readonly factorText: string;
}

/**
 * Factors already worked out, by the two index values as given: a report uprates many proxies
 * from the same few price years, and each factor is a 1,000-digit division rounded to
 * {@link UPRATING_FACTOR_PLACES} places. Decimals are immutable: sharing them changes nothing.
 */
const factors = new Map<string, Factor>();
const MAX_FACTORS = 1_000;

function factorOf(
  byYear: ReadonlyMap<number, string>,
  priceYear: number,
  reportYear: number,
): Factor {
  const toText = byYear.get(reportYear)!;
  const fromText = byYear.get(priceYear)!;
  const key = `${toText}/${fromText}`;
  let known = factors.get(key);
  if (!known) {
    const to = positive(toText, `index.${reportYear}`);
    const from = positive(fromText, `index.${priceYear}`);
    const factor = to.div(from).toDecimalPlaces(UPRATING_FACTOR_PLACES, Decimal.ROUND_HALF_UP);
    known = { to, from, factor, factorText: factor.toFixed(UPRATING_FACTOR_PLACES) };
    if (factors.size >= MAX_FACTORS) factors.clear();
    factors.set(key, known);
  }
  return known;
}

function positive(text: string, field: string): Decimal {
  const value = toDecimal(text, field);
  if (!value.isPositive() || value.isZero()) {
    throw new ValidationError(field, text, 'must be a positive index value');
  }
  return value;
}
