import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import {
  IsObject,
  registerDecorator,
  ValidateIf,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';
// eslint-disable-next-line no-restricted-imports -- the one place ValidateNested is wrapped
import { ValidateNested } from 'class-validator';
import { SUPPORTED_DATES as CALENDAR } from '@ol/outcomes';
import Decimal from 'decimal.js';

/**
 * The field may be left out. Unlike class-validator's IsOptional, `null` is not "left out": it is
 * validated like any other value (and refused by a type check), unless the field is also
 * {@link Nullable}. Use this, never IsOptional (lint-enforced).
 */
export const Optional = (): PropertyDecorator => ValidateIf((_, value) => value !== undefined);

/**
 * A nested DTO (or, with `each`, a list of them): each must be a JSON object (an array or a scalar
 * in its place is refused, naming the field) and is validated as `type`. Use this, never a bare
 * ValidateNested, which lets `[[]]` through to the service.
 */
export const NestedObject = (
  type: () => new () => object,
  options: { each?: boolean } = {},
): PropertyDecorator =>
  applyDecorators(
    IsObject({
      each: options.each,
      message: options.each ? 'each item must be an object' : 'must be an object',
    }),
    ValidateNested({ each: options.each }),
    Type(type),
  );

/** `null` is a meaningful value of this field (e.g. clears it); other values are validated. */
export const Nullable = (): PropertyDecorator => ValidateIf((_, value) => value !== null);

/**
 * A whole number sent in a query string: only plain digits (with an optional minus) become a
 * number; "0x10", "1e3", " 1", "" and repeated parameters are left as they are, for IsInt to
 * refuse. Body fields need no conversion: JSON numbers arrive as numbers.
 */
export const IntFromQuery = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number.parseInt(value, 10) : value,
  );

/** The largest PostgreSQL bigint: numeric record ids and cursors stay within it. */
export const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** A numeric record id (bigint) sent as a string of digits, from 1 to {@link MAX_BIGINT}. */
export function IsBigIntId(validationOptions?: ValidationOptions) {
  return (object: object, propertyName: string): void => {
    registerDecorator({
      name: 'isBigIntId',
      target: object.constructor,
      propertyName,
      options: validationOptions,
      validator: {
        validate: (value: unknown): boolean =>
          typeof value === 'string' && /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= MAX_BIGINT,
        defaultMessage: () => `must be a whole number from 1 to ${MAX_BIGINT}, as a string`,
      },
    });
  };
}

/** A string with something in it besides whitespace. */
export function IsNotBlank(validationOptions?: ValidationOptions) {
  return (object: object, propertyName: string): void => {
    registerDecorator({
      name: 'isNotBlank',
      target: object.constructor,
      propertyName,
      options: validationOptions,
      validator: {
        validate: (value: unknown): boolean => typeof value !== 'string' || value.trim() !== '',
        defaultMessage: () => 'must not be blank (only whitespace)',
      },
    });
  };
}

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

/** A real calendar date "YYYY-MM-DD" (no time, no zone) from `first` to `last`. */
function dateOnlyValidator(first: string, last: string, name: string) {
  return (validationOptions?: ValidationOptions) =>
    (object: object, propertyName: string): void => {
      registerDecorator({
        name,
        target: object.constructor,
        propertyName,
        options: validationOptions,
        validator: {
          validate(value: unknown): boolean {
            if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
            const d = new Date(`${value}T00:00:00Z`);
            return (
              !Number.isNaN(d.getTime()) &&
              d.toISOString().slice(0, 10) === value &&
              value >= first &&
              value <= last
            );
          },
          defaultMessage: () =>
            `must be a calendar date in the form YYYY-MM-DD, from ${first} to ${last}`,
        },
      });
    };
}

/** A date the ledger stores: a real "YYYY-MM-DD" within the supported range ({@link CALENDAR}). */
export const IsDateOnly = dateOnlyValidator(CALENDAR.first, CALENDAR.last, 'isDateOnly');

/**
 * A date that only filters (from, to, as of): any real date PostgreSQL knows, so open-ended
 * bounds such as 0001-01-01 or 9999-12-31 work.
 */
export const IsDateFilter = dateOnlyValidator('0001-01-01', '9999-12-31', 'isDateFilter');

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
