import type { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';
import { step, type ExplanationStep } from '../explanation/steps';
import { ONE, ZERO, divide, maxDecimal, toDecimal, type DecimalInput } from '../money/decimal';
import { percentText, toPercentString } from '../money/money';
import {
  aggregateEntries,
  type AggregatedValue,
  type Aggregation,
  type PeriodEntry,
} from './aggregation';

/** Whether more is better (`increase`, e.g. people into work) or less (`decrease`, e.g. rough sleepers). */
export type Direction = 'increase' | 'decrease';

/** Red / amber / green status. */
export type Rag = 'green' | 'amber' | 'red';

/**
 * Key performance indicator rating required by the UK Procurement Act 2023 (s.52 KPIs, published
 * in contract performance notices): good, approaching target, requires improvement, inadequate.
 */
export type ProcurementKpiRating =
  'good' | 'approaching-target' | 'requires-improvement' | 'inadequate';

/**
 * Progress thresholds, as fractions of the improvement asked for (1 = 100% of target).
 *
 * - `green` (default `"1"`): green / "good" at or above;
 * - `amber` (default `"0.9"`): amber / "approaching target" at or above;
 * - `inadequate` (default: one amber-band width below amber, `amber − (green − amber)` = 0.8 with
 *   the defaults, never below 0): below it the Procurement Act rating is "inadequate"; between it
 *   and amber it is "requires improvement". Both are red.
 */
export interface RagThresholds {
  /** Green threshold, default `"1"`. */
  readonly green?: DecimalInput;
  /** Amber threshold, default `"0.9"`. */
  readonly amber?: DecimalInput;
  /** Inadequate threshold, default `amber − (green − amber)`, not below 0. */
  readonly inadequate?: DecimalInput;
}

/** Validated thresholds. */
export interface ResolvedThresholds {
  /** Green at or above. */
  readonly green: Decimal;
  /** Amber at or above. */
  readonly amber: Decimal;
  /** Inadequate below. */
  readonly inadequate: Decimal;
}

/** Inputs for {@link evaluateTargetProgress}. */
export interface TargetProgressInput {
  /** Increase or decrease. */
  readonly direction: Direction;
  /** Level before the programme (default `"0"`); progress is measured from it. */
  readonly baseline?: DecimalInput;
  /** Level to reach in the period. */
  readonly target: DecimalInput;
  /** Level achieved, or null when there is no data. */
  readonly actual: DecimalInput | null;
  /** RAG thresholds; defaults green 100%, amber 90%, inadequate 80%. */
  readonly thresholds?: RagThresholds;
}

/**
 * How progress was measured:
 * - `from-baseline`: (actual − baseline) ÷ (target − baseline);
 * - `against-target-level`: the target equals the baseline (including a zero target on a zero
 *   baseline), so there is no improvement to measure: see {@link evaluateTargetProgress};
 * - `no-data`: no actual value.
 */
export type ProgressBasis = 'from-baseline' | 'against-target-level' | 'no-data';

/** Progress against a target with its RAG status and Procurement Act rating. */
export interface TargetProgress {
  /** Direction of the outcome. */
  readonly direction: Direction;
  /** Baseline. */
  readonly baseline: Decimal;
  /** Target. */
  readonly target: Decimal;
  /** Actual, or null when there is no data. */
  readonly actual: Decimal | null;
  /** How progress was measured. */
  readonly basis: ProgressBasis;
  /** Fraction of the target reached (1 = met, may exceed 1 or be negative), null without data. */
  readonly progress: Decimal | null;
  /** Whether the target is met (actual at or better than target), null without data. */
  readonly met: boolean | null;
  /** Red/amber/green, null without data. */
  readonly rag: Rag | null;
  /** Procurement Act 2023 KPI rating, null without data. */
  readonly procurementRating: ProcurementKpiRating | null;
  /** Thresholds used. */
  readonly thresholds: ResolvedThresholds;
  /** The working. */
  readonly steps: readonly ExplanationStep[];
}

/** Inputs for {@link evaluateOutcomePeriod}. */
export interface OutcomePeriodInput {
  /** Increase or decrease. */
  readonly direction: Direction;
  /** How entries are combined. */
  readonly aggregation: Aggregation;
  /** Baseline, default `"0"`. */
  readonly baseline?: DecimalInput;
  /** Target for the period. */
  readonly target: DecimalInput;
  /** The period's entries. */
  readonly entries: readonly PeriodEntry[];
  /** RAG thresholds. */
  readonly thresholds?: RagThresholds;
}

/** {@link TargetProgress} with the aggregate it was computed from. */
export interface OutcomePeriodProgress extends TargetProgress {
  /** The aggregated entries. */
  readonly aggregated: AggregatedValue;
}

const DIRECTIONS: readonly Direction[] = ['increase', 'decrease'];

/**
 * Validates RAG thresholds and fills in the defaults.
 *
 * @throws {@link ValidationError} unless 0 ≤ inadequate ≤ amber ≤ green
 */
export function resolveThresholds(
  thresholds: RagThresholds = {},
  field = 'thresholds',
): ResolvedThresholds {
  const green = toDecimal(thresholds.green ?? '1', `${field}.green`);
  const amber = toDecimal(thresholds.amber ?? '0.9', `${field}.amber`);
  if (amber.lt(0))
    throw new ValidationError(`${field}.amber`, thresholds.amber, 'must not be negative');
  if (amber.gt(green)) {
    throw new ValidationError(
      `${field}.amber`,
      thresholds.amber,
      'must not be above the green threshold',
    );
  }
  const inadequate =
    thresholds.inadequate === undefined
      ? maxDecimal(ZERO, amber.minus(green.minus(amber)))
      : toDecimal(thresholds.inadequate, `${field}.inadequate`);
  if (inadequate.lt(0) || inadequate.gt(amber)) {
    throw new ValidationError(
      `${field}.inadequate`,
      thresholds.inadequate,
      'must be between 0 and the amber threshold',
    );
  }
  return { green, amber, inadequate };
}

/** RAG for a progress fraction: green ≥ green threshold, amber ≥ amber threshold, else red. */
export function ragFor(progress: Decimal, thresholds: ResolvedThresholds): Rag {
  if (progress.gte(thresholds.green)) return 'green';
  if (progress.gte(thresholds.amber)) return 'amber';
  return 'red';
}

/**
 * Procurement Act 2023 KPI rating from the same thresholds: good = green; approaching target =
 * amber; requires improvement = red at or above the inadequate threshold; inadequate = below it.
 */
export function procurementRatingFor(
  progress: Decimal,
  thresholds: ResolvedThresholds,
): ProcurementKpiRating {
  const rag = ragFor(progress, thresholds);
  if (rag === 'green') return 'good';
  if (rag === 'amber') return 'approaching-target';
  return progress.gte(thresholds.inadequate) ? 'requires-improvement' : 'inadequate';
}

function targetLevelProgress(direction: Direction, target: Decimal, actual: Decimal): Decimal {
  const met = direction === 'increase' ? actual.gte(target) : actual.lte(target);
  if (met) return ONE;
  if (direction === 'increase') {
    return target.isPositive() && actual.isPositive() ? divide(actual, target) : ZERO;
  }
  return target.isPositive() ? divide(target, actual) : ZERO;
}

/**
 * Progress against a target, measured from the baseline rather than from zero, with RAG and the
 * Procurement Act 2023 KPI rating.
 *
 * - Normal case: progress = (actual − baseline) ÷ (target − baseline). The same formula serves
 *   both directions (for `decrease` both differences are negative). 1 means the target is met;
 *   above 1 over-achieved; below 0 worse than the baseline.
 * - Target equal to baseline (a "hold the line" target, including a zero target on a zero
 *   baseline): there is no improvement to measure, so progress is 1 (met) when the actual is at or
 *   better than the target; otherwise, for a positive target, how close the actual came
 *   (actual ÷ target for increase, target ÷ actual for decrease) and 0 for a zero or negative
 *   target. A zero-target decrease ("no rough sleepers") is met only by an actual of 0 or less.
 * - No actual: progress, RAG and rating are null (no data is not the same as zero).
 *
 * @throws {@link ValidationError} when the target is on the wrong side of the baseline for the
 * direction (e.g. an increase target below the baseline), or for invalid numbers or thresholds
 */
export function evaluateTargetProgress(input: TargetProgressInput): TargetProgress {
  if (!DIRECTIONS.includes(input.direction)) {
    throw new ValidationError('direction', input.direction, 'must be increase or decrease');
  }
  const { direction } = input;
  const baseline = toDecimal(input.baseline ?? '0', 'baseline');
  const target = toDecimal(input.target, 'target');
  const thresholds = resolveThresholds(input.thresholds);
  if (direction === 'increase' ? target.lt(baseline) : target.gt(baseline)) {
    throw new ValidationError(
      'target',
      input.target,
      `must be ${direction === 'increase' ? 'at or above' : 'at or below'} the baseline (${baseline.toString()}) for ${direction === 'increase' ? 'an increase' : 'a decrease'} outcome`,
    );
  }
  const actual = input.actual === null ? null : toDecimal(input.actual, 'actual');
  const steps: ExplanationStep[] = [
    step(
      'input',
      `Target (${direction}): baseline ${baseline.toString()}, target ${target.toString()}, actual ${actual === null ? 'no data' : actual.toString()}.`,
      { baseline, target, ...(actual ? { actual } : {}) },
    ),
  ];
  if (actual === null) {
    steps.push(step('progress', 'No data for the period: no progress, RAG or rating.'));
    return {
      direction,
      baseline,
      target,
      actual,
      basis: 'no-data',
      progress: null,
      met: null,
      rag: null,
      procurementRating: null,
      thresholds,
      steps,
    };
  }
  const basis: ProgressBasis = target.eq(baseline) ? 'against-target-level' : 'from-baseline';
  const progress =
    basis === 'from-baseline'
      ? divide(actual.minus(baseline), target.minus(baseline))
      : targetLevelProgress(direction, target, actual);
  steps.push(
    step(
      'progress',
      basis === 'from-baseline'
        ? `Progress = (${actual.toString()} − ${baseline.toString()}) ÷ (${target.toString()} − ${baseline.toString()}) = ${toPercentString(progress)}.`
        : `Target equals baseline (${target.toString()}): progress against the target level = ${toPercentString(progress)}.`,
      { progress },
    ),
  );
  const met = direction === 'increase' ? actual.gte(target) : actual.lte(target);
  const rag = ragFor(progress, thresholds);
  const procurementRating = procurementRatingFor(progress, thresholds);
  steps.push(
    step(
      'rating',
      `RAG ${rag} (green ≥ ${percentText(thresholds.green)}, amber ≥ ${percentText(thresholds.amber)}); Procurement Act rating "${procurementRating}" (inadequate below ${percentText(thresholds.inadequate)}).`,
      { green: thresholds.green, amber: thresholds.amber, inadequate: thresholds.inadequate },
    ),
  );
  return {
    direction,
    baseline,
    target,
    actual,
    basis,
    progress,
    met,
    rag,
    procurementRating,
    thresholds,
    steps,
  };
}

/**
 * Aggregates an outcome's entries for a period ({@link aggregateEntries}) and evaluates progress
 * against the period's target ({@link evaluateTargetProgress}).
 */
export function evaluateOutcomePeriod(input: OutcomePeriodInput): OutcomePeriodProgress {
  const aggregated = aggregateEntries(input.entries, input.aggregation);
  const progress = evaluateTargetProgress({
    direction: input.direction,
    baseline: input.baseline,
    target: input.target,
    actual: aggregated.value,
    thresholds: input.thresholds,
  });
  const aggregationStep = step(
    'aggregation',
    `Aggregated ${aggregated.entryCount} entr${aggregated.entryCount === 1 ? 'y' : 'ies'} by ${aggregated.aggregation}: ${aggregated.value === null ? 'no data' : aggregated.value.toString()}.`,
    aggregated.value === null ? {} : { value: aggregated.value },
  );
  return { ...progress, aggregated, steps: [aggregationStep, ...progress.steps] };
}
