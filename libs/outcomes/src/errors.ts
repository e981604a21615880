/**
 * Domain errors raised by libs/outcomes.
 *
 * Every error the library throws on purpose is a {@link DomainError}, so callers can tell a rule
 * violation (map to HTTP 422 problem details) from a programming error (HTTP 500).
 */

/** One input a rule refused: where, what was given, and why (a problem-details field error). */
export interface FieldError {
  /** Path of the input, e.g. `activityDate` or `records[2].activityDate`. */
  readonly field: string;
  /** The value received, when there is one to show. */
  readonly value?: unknown;
  /** Why it is refused, phrased to follow the field name. */
  readonly reason: string;
}

/**
 * Base class of every error libs/outcomes throws on purpose.
 *
 * `code` is a stable machine-readable identifier (the API maps it to a problem type and status in
 * one table); `message` is a human-readable sentence; `errors` names the inputs at fault, if any.
 */
export abstract class DomainError extends Error {
  /** Stable machine-readable error code, e.g. `validation_failed`. */
  abstract readonly code: string;
  /** The inputs at fault (empty when the refusal is about the request as a whole). */
  readonly errors: readonly FieldError[];

  protected constructor(message: string, errors: readonly FieldError[] = []) {
    super(message);
    this.name = new.target.name;
    this.errors = errors;
  }
}

/**
 * An input to a calculation is invalid.
 *
 * Carries the path of the offending input (`field`, e.g. `lines[2].proxy.deadweight`), the value
 * received (Decimal values are converted to their string form) and the reason in plain English,
 * which is what an RFC 9457 problem-details body needs.
 */
export class ValidationError extends DomainError {
  /** Always `validation_failed`. */
  readonly code = 'validation_failed';
  /** Path of the invalid input, e.g. `lines[0].quantity`. */
  readonly field: string;
  /** The value received (a string for Decimal inputs so it serialises cleanly). */
  readonly value: unknown;
  /** Why the value is invalid, e.g. `must be between 0 and 1`. */
  readonly reason: string;

  /**
   * @param field - path of the invalid input
   * @param value - the value received
   * @param reason - why it is invalid, phrased to follow the field name
   */
  constructor(field: string, value: unknown, reason: string) {
    super(`${field} ${reason} (received ${describeValue(value)})`, [
      { field, value: normaliseValue(value), reason },
    ]);
    this.field = field;
    this.value = normaliseValue(value);
    this.reason = reason;
  }
}

function normaliseValue(value: unknown): unknown {
  if (isDecimalLike(value)) return value.toString();
  return value;
}

function isDecimalLike(value: unknown): value is { toString(): string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { toStringTag?: unknown }).toStringTag === '[object Decimal]'
  );
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (isDecimalLike(value)) return `Decimal ${value.toString()}`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value);
  }
  if (value === undefined) return 'nothing';
  return typeof value;
}
