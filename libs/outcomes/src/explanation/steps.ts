import type { Decimal } from 'decimal.js';

/**
 * One line of working behind a result, for board packs and auditors.
 *
 * `code` identifies the kind of step (`input`, `gross`, `deduction.deadweight`, `year.2`,
 * `band.1`, …), `text` is the line a person reads (money shown to 2 dp), and `values` holds every
 * figure used in the step at full precision as decimal strings, so the working can be re-checked.
 */
export interface ExplanationStep {
  /** Stable machine-readable kind of step, e.g. `deduction.deadweight` or `year.2`. */
  readonly code: string;
  /** The step in plain English, money rounded to 2 dp for reading. */
  readonly text: string;
  /** Figures used in the step at full precision (decimal strings). */
  readonly values: Readonly<Record<string, string>>;
}

/** Anything that carries its working. */
export interface Explained {
  /** The steps that produced the result, in order. */
  readonly steps: readonly ExplanationStep[];
}

/**
 * Joins a result's steps into human-readable text, one step per line.
 *
 * @example explain(valueOutcomeLine(line)) // "Outcome jobs-1: 10 job starts …\nGross value = …"
 */
export function explain(result: Explained): string {
  return result.steps.map((entry) => entry.text).join('\n');
}

/** Builds a step, converting Decimal values to full-precision strings. @internal */
export function step(
  code: string,
  text: string,
  values: Readonly<Record<string, Decimal | string | number>> = {},
): ExplanationStep {
  const converted: Record<string, string> = {};
  for (const key in values) {
    const value = values[key];
    converted[key] = typeof value === 'string' ? value : value.toString();
  }
  return { code, text, values: converted };
}
