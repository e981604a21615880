import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import Decimal from 'decimal.js';

export interface DecimalStringOptions {
  /** Most digits after the point (the column's scale). */
  scale: number;
  /** Most digits before the point (precision − scale). */
  integerDigits?: number;
  min?: string;
  max?: string;
  /** Whether `max` itself is refused. */
  maxExclusive?: boolean;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A decimal number sent as a JSON string ("1234.50"), never as a float. */
export function IsDecimalString(
  options: DecimalStringOptions,
  validationOptions?: ValidationOptions,
) {
  return (object: object, propertyName: string): void => {
    registerDecorator({
      name: 'isDecimalString',
      target: object.constructor,
      propertyName,
      options: validationOptions,
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'string' || !DECIMAL.test(value)) return false;
          const [int, frac = ''] = value.replace('-', '').split('.');
          if (frac.length > options.scale) return false;
          if (
            options.integerDigits !== undefined &&
            int.replace(/^0+(?=\d)/, '').length > options.integerDigits
          )
            return false;
          const d = new Decimal(value);
          if (options.min !== undefined && d.lt(options.min)) return false;
          if (
            options.max !== undefined &&
            (options.maxExclusive ? d.gte(options.max) : d.gt(options.max))
          )
            return false;
          return true;
        },
        defaultMessage(args: ValidationArguments): string {
          const range =
            options.min !== undefined || options.max !== undefined
              ? ` between ${options.min ?? '-∞'} and ${options.max ?? '∞'}${options.maxExclusive ? ' (exclusive)' : ''}`
              : '';
          const kind =
            typeof args.value === 'number'
              ? ' (numbers are refused: send money and rates as strings)'
              : '';
          return `must be a decimal string with at most ${options.scale} decimal places${range}, e.g. "${options.scale === 2 ? '1234.50' : '0.035'}"${kind}`;
        },
      },
    });
  };
}

/** A calendar date "YYYY-MM-DD" that exists (no time, no zone). */
export function IsDateOnly(validationOptions?: ValidationOptions) {
  return (object: object, propertyName: string): void => {
    registerDecorator({
      name: 'isDateOnly',
      target: object.constructor,
      propertyName,
      options: validationOptions,
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
          const d = new Date(`${value}T00:00:00Z`);
          return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
        },
        defaultMessage: () => 'must be a calendar date in the form YYYY-MM-DD',
      },
    });
  };
}

/** "YYYY-MM-DD" → the Date Prisma writes to a `date` column (UTC midnight, no drift). */
export function dateOnlyToDate(value: string): Date {
  return new Date(`${value}T00:00:00Z`);
}

/** A `date` column value → "YYYY-MM-DD". */
export function dateToDateOnly(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** A Decimal column → its string with the column's full scale ("1234.50"). */
export function decimalToString(
  value: { toFixed(dp: number): string } | null | undefined,
  scale: number,
): string | null {
  return value === null || value === undefined ? null : value.toFixed(scale);
}
