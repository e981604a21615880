import { ApiProperty } from '@nestjs/swagger';

/** A decimal string at full precision: optional minus, digits, optional fraction; never exponent. */
export const DECIMAL_PATTERN = '^-?[0-9]+(\\.[0-9]+)?$';

/** A decimal string with exactly `places` digits after the point. */
export const decimalPattern = (places: number): string => `^-?[0-9]+\\.[0-9]{${places}}$`;

export interface DecimalPropertyOptions {
  /** Digits after the point, always all of them; omit for full precision. */
  readonly places?: number;
  readonly description: string;
  readonly example: string;
  readonly nullable?: boolean;
}

/**
 * Documents a decimal string (money, a rate, a ratio, a quantity) with its scale: a pattern the
 * value matches and the scale in words, so a client never parses one as a float by accident.
 */
export const DecimalProperty = (o: DecimalPropertyOptions): PropertyDecorator =>
  ApiProperty({
    type: String,
    pattern: o.places === undefined ? DECIMAL_PATTERN : decimalPattern(o.places),
    description: `${o.description} (decimal string, ${
      o.places === undefined ? 'full precision' : `${o.places} decimal places`
    }${o.nullable ? '; null when not available' : ''})`,
    example: o.example,
    ...(o.nullable ? { nullable: true } : {}),
  });

/** Money: a decimal string with 2 places (rounded half-up at the edge). */
export const MoneyProperty = (description: string, nullable = false): PropertyDecorator =>
  DecimalProperty({ places: 2, description, example: '77294.69', nullable });
