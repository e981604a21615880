import type { Decimal } from 'decimal.js';

import { ValidationError } from '../errors';
import { step, type ExplanationStep } from '../explanation/steps';
import {
  ONE,
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
import { resolveDiscount, type ResolvedDiscount } from './discount';
import {
  MAX_DURATION_YEARS,
  valueLineWith,
  type FinancialProxyInput,
  type OutcomeLineInput,
} from './outcome-line';
import type { SroiReportInput } from './report';
import {
  SENSITIVITY_PARAMETERS,
  changedInvestment,
  type SensitivityParameter,
} from './sensitivity';

/** One parameter changed (units as in {@link SensitivityParameter}). */
export interface ParameterChange {
  readonly parameter: SensitivityParameter;
  readonly change: DecimalInput;
}

/** The report's present value, investment and ratio with some parameters changed together. */
export interface ChangedValuation {
  readonly presentValue: Decimal;
  readonly investment: Decimal;
  /** Present value ÷ investment, or null for zero investment. */
  readonly ratio: Decimal | null;
  /** True when some change had to be clamped to stay valid on some line (or the investment). */
  readonly clamped: boolean;
}

const clampFraction = (value: Decimal): Decimal => minDecimal(ONE, maxDecimal(ZERO, value));

/** A proxy with one change applied, kept within bounds (and whether it had to be). */
function changedProxy(
  proxy: FinancialProxyInput,
  parameter: Exclude<SensitivityParameter, 'investment'>,
  change: Decimal,
  path: string,
): { proxy: FinancialProxyInput; clamped: boolean } {
  if (parameter === 'duration') {
    const wanted = (proxy.durationYears ?? 1) + change.toNumber();
    const durationYears = Math.min(MAX_DURATION_YEARS, Math.max(1, wanted));
    return { proxy: { ...proxy, durationYears }, clamped: durationYears !== wanted };
  }
  if (parameter === 'proxyValue') {
    const current = toNonNegativeDecimal(proxy.valuePerUnit, `${path}.valuePerUnit`);
    const wanted = current.times(ONE.plus(change));
    const value = maxDecimal(ZERO, wanted);
    return { proxy: { ...proxy, valuePerUnit: value }, clamped: !value.eq(wanted) };
  }
  const current = toDecimal(proxy[parameter] ?? '0', `${path}.${parameter}`);
  const wanted = current.plus(change);
  const rate = clampFraction(wanted);
  return { proxy: { ...proxy, [parameter]: rate }, clamped: !rate.eq(wanted) };
}

function readChange(entry: ParameterChange, path: string): Decimal {
  if (!SENSITIVITY_PARAMETERS.includes(entry.parameter)) {
    throw new ValidationError(
      `${path}.parameter`,
      entry.parameter,
      `must be one of ${SENSITIVITY_PARAMETERS.join(', ')}`,
    );
  }
  const change = toDecimal(entry.change, `${path}.change`);
  if (entry.parameter === 'duration' && !change.isInteger()) {
    throw new ValidationError(`${path}.change`, entry.change, 'must be a whole number of years');
  }
  return change;
}

function valueChanged(
  lines: readonly OutcomeLineInput[],
  investment: Decimal,
  discount: ResolvedDiscount,
  changes: readonly { parameter: SensitivityParameter; change: Decimal }[],
): ChangedValuation {
  let clamped = false;
  const values = lines.map((line, index) => {
    let proxy = line.proxy;
    if (proxy) {
      for (const { parameter, change } of changes) {
        if (parameter === 'investment') continue;
        const applied = changedProxy(proxy, parameter, change, `lines[${index}].proxy`);
        proxy = applied.proxy;
        clamped ||= applied.clamped;
      }
    }
    const valuation = valueLineWith({ ...line, proxy }, discount, `lines[${index}]`);
    return valuation.monetised ? valuation.presentValue : ZERO;
  });
  let changedInvestmentTotal = investment;
  for (const { parameter, change } of changes) {
    if (parameter !== 'investment') continue;
    const applied = changedInvestment(changedInvestmentTotal, change);
    changedInvestmentTotal = applied.investment;
    clamped ||= applied.clamped;
  }
  const presentValue = sum(values);
  return {
    presentValue,
    investment: changedInvestmentTotal,
    ratio: changedInvestmentTotal.isZero() ? null : divide(presentValue, changedInvestmentTotal),
    clamped,
  };
}

/**
 * The report valued in full with every change applied to every monetised line together (and the
 * investment changed when one of them is `investment`), each kept within its valid bounds as the
 * sensitivity cases keep them: the definition the sensitivity figures are checked against.
 *
 * @throws {@link ValidationError} for invalid report inputs or changes
 */
export function valueWithChanges(
  input: SroiReportInput,
  changes: readonly ParameterChange[],
): ChangedValuation {
  const discount = resolveDiscount(input.discount);
  const investment = toNonNegativeDecimal(input.investment, 'investment');
  if (!isList(input.lines))
    throw new ValidationError('lines', input.lines, 'must be a list of lines');
  const read = changes.map((entry, index) => ({
    parameter: entry.parameter,
    change: readChange(entry, `changes[${index}]`),
  }));
  return valueChanged(input.lines, investment, discount, read);
}

/** The most steps an axis of a two-way grid may have. */
export const MAX_GRID_STEPS = 9;

/** One axis of a two-way sensitivity grid: a parameter and the changes to try. */
export interface SensitivityAxis {
  readonly parameter: SensitivityParameter;
  /** 1 to {@link MAX_GRID_STEPS} changes, in the parameter's units. */
  readonly changes: readonly DecimalInput[];
}

/** Two parameters varied together: one ratio for every pair of their changes. */
export interface SensitivityGridInput {
  readonly rows: SensitivityAxis;
  readonly columns: SensitivityAxis;
}

/** One cell: both changes applied to every monetised line (and the investment). */
export interface SensitivityGridCell {
  readonly rowChange: Decimal;
  readonly columnChange: Decimal;
  readonly presentValue: Decimal;
  readonly investment: Decimal;
  readonly ratio: Decimal | null;
  readonly clamped: boolean;
}

/** A two-way sensitivity grid. */
export interface SensitivityGrid {
  readonly rows: { readonly parameter: SensitivityParameter; readonly changes: readonly Decimal[] };
  readonly columns: {
    readonly parameter: SensitivityParameter;
    readonly changes: readonly Decimal[];
  };
  /** cells[r][c]: the row's r-th change with the column's c-th. */
  readonly cells: readonly (readonly SensitivityGridCell[])[];
  /** The working. */
  readonly steps: readonly ExplanationStep[];
}

function readAxis(
  axis: SensitivityAxis,
  path: string,
): { parameter: SensitivityParameter; changes: Decimal[] } {
  if (!isList(axis.changes) || axis.changes.length < 1 || axis.changes.length > MAX_GRID_STEPS) {
    throw new ValidationError(
      `${path}.changes`,
      axis.changes,
      `must list 1 to ${MAX_GRID_STEPS} changes`,
    );
  }
  return {
    parameter: axis.parameter,
    changes: axis.changes.map((change, index) =>
      readChange({ parameter: axis.parameter, change }, `${path}.changes[${index}]`),
    ),
  };
}

/**
 * A two-way sensitivity grid: the SROI ratio with the rows' parameter changed by each of its
 * changes and, together, the columns' parameter by each of its changes, on every monetised line
 * (each kept within bounds as a single case keeps it). Each cell values the changed lines in full.
 *
 * @throws {@link ValidationError} for invalid report inputs, an unknown or repeated parameter, or
 * an axis without 1 to {@link MAX_GRID_STEPS} valid changes
 */
export function analyseSensitivityGrid(
  input: SroiReportInput,
  grid: SensitivityGridInput,
): SensitivityGrid {
  const discount = resolveDiscount(input.discount);
  const investment = toNonNegativeDecimal(input.investment, 'investment');
  if (!isList(input.lines))
    throw new ValidationError('lines', input.lines, 'must be a list of lines');
  const rows = readAxis(grid.rows, 'grid.rows');
  const columns = readAxis(grid.columns, 'grid.columns');
  if (rows.parameter === columns.parameter) {
    throw new ValidationError(
      'grid.columns.parameter',
      columns.parameter,
      'must differ from the rows’ parameter',
    );
  }
  const cells = rows.changes.map((rowChange) =>
    columns.changes.map((columnChange): SensitivityGridCell => {
      const valued = valueChanged(input.lines, investment, discount, [
        { parameter: rows.parameter, change: rowChange },
        { parameter: columns.parameter, change: columnChange },
      ]);
      return { rowChange, columnChange, ...valued };
    }),
  );
  const count = rows.changes.length * columns.changes.length;
  const steps = [
    step(
      'sensitivity.grid',
      `Two-way sensitivity: ${rows.parameter} changed by ${rows.changes.join(', ')} (rows) with ${columns.parameter} changed by ${columns.changes.join(', ')} (columns), both on every monetised line: ${count} SROI ratios, each from the lines valued in full with both changes (a change is clamped to its valid bounds where needed, and the cell says so).`,
    ),
  ];
  return { rows, columns, cells, steps };
}
