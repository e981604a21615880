import { Decimal } from 'decimal.js';

import { OutcomesDecimal } from '../../money/decimal';

import type { ReportFigures } from '../figures';

/**
 * A figure as stored with an older version: any field may be absent (composed before it existed)
 * or null. The board pack reads every stored version through this type, so it never assumes a
 * field a version does not have.
 */
export type Stored<T> = T extends readonly (infer U)[]
  ? readonly Stored<U>[]
  : T extends object
    ? { readonly [K in keyof T]?: Stored<T[K]> | null }
    : T;

/** Report figures as read back from any stored version. */
export type StoredReportFigures = Stored<ReportFigures>;

/**
 * Stored figures as the board pack reads them: any JSON object (a field of the wrong kind is
 * treated as absent where it is read); anything else reads as a version with no figures.
 */
export function storedFigures(json: unknown): StoredReportFigures {
  return typeof json === 'object' && json !== null && !Array.isArray(json) ? json : {};
}

/** A number cell: a plain decimal string at its declared scale (`-5323.80`, `12`, `0.966184`). */
export interface BoardPackNumber {
  readonly number: string;
}

/** A cell: text (shown as written), a number, or empty (null). */
export type BoardPackCell = string | BoardPackNumber | null;

/**
 * One table of the board pack: what it is, its columns and its rows (each as long as its columns).
 * `note` says in a line what the rows are and the scale of their numbers.
 */
export interface BoardPackSection {
  readonly id: string;
  readonly title: string;
  readonly note: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly BoardPackCell[])[];
}

const DECIMAL = /^[+-]?\d+(\.\d+)?$/;

/** Whole-number digits with thousands separators for reading: "1234567" → "1,234,567". */
export function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A stored array, or none (absent, null or not an array). */
export function list<T>(value: readonly T[] | null | undefined): readonly T[] {
  return Array.isArray(value) ? (value as readonly T[]) : [];
}

/** Present items of a stored array (objects only: a malformed entry is skipped, never fatal). */
export function items<T extends object>(value: readonly T[] | null | undefined): readonly T[] {
  return list(value).filter((v) => typeof v === 'object' && v !== null);
}

/** Stored text, or an empty cell. */
export function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  return typeof value === 'number' ? String(value) : null;
}

/** `yes` / `no`, or an empty cell. */
export function yesNo(value: unknown): string | null {
  return typeof value === 'boolean' ? (value ? 'yes' : 'no') : null;
}

function decimalOf(value: unknown): Decimal | null {
  if (typeof value === 'number' && Number.isInteger(value)) return new OutcomesDecimal(value);
  return typeof value === 'string' && DECIMAL.test(value) ? new OutcomesDecimal(value) : null;
}

const withoutNegativeZero = (s: string): BoardPackNumber => ({
  number: /^-0(\.0*)?$/.test(s) ? s.slice(1) : s,
});

/**
 * A number with exactly `places` decimals, rounded half-up (`1.0000`, `77294.69`, `0.966184`). A
 * stored value that is not a decimal is shown as the text it is (never lost, never a crash);
 * absent is an empty cell.
 */
export function scaled(value: unknown, places: number): BoardPackCell {
  const d = decimalOf(value);
  return d === null ? text(value) : withoutNegativeZero(d.toFixed(places, Decimal.ROUND_HALF_UP));
}

/** At most `places` decimals, rounded half-up, without trailing zeros (`10`, `2.5`). */
export function upTo(value: unknown, places: number): BoardPackCell {
  const d = decimalOf(value);
  return d === null
    ? text(value)
    : withoutNegativeZero(d.toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed());
}

/** A whole number (entries, years), or an empty cell. */
export function integer(value: unknown): BoardPackCell {
  return typeof value === 'number' && Number.isInteger(value) ? { number: String(value) } : null;
}

/** Money at 2 decimals. */
export const money = (v: unknown): BoardPackCell => scaled(v, 2);
/** A ratio (SROI) at 2 decimals. */
export const ratio = (v: unknown): BoardPackCell => scaled(v, 2);
/** A ratio as a board reads it: `1.93:1`. */
export function ratioText(v: unknown): string | null {
  const cell = ratio(v);
  return cell !== null && typeof cell === 'object' ? `${cell.number}:1` : null;
}
/** Progress: the fraction of the target reached, at 4 decimals (1.0000 = 100%). */
export const progress = (v: unknown): BoardPackCell => scaled(v, 4);
/** A rate or fraction (deductions, drop-off, the discount rate) at 4 decimals. */
export const rate = (v: unknown): BoardPackCell => scaled(v, 4);
/** A discount or uprating factor at 6 decimals. */
export const factor = (v: unknown): BoardPackCell => scaled(v, 6);

/** Scale of a quantity: a score (mean) at 2 decimals; counts and stock levels as recorded. */
export function quantity(value: unknown, aggregation: unknown): BoardPackCell {
  return aggregation === 'mean' ? scaled(value, 2) : upTo(value, 4);
}
