import {
  ApiExtraModels,
  ApiProperty,
  ApiSchema,
  getSchemaPath,
  type ApiPropertyOptions,
} from '@nestjs/swagger';
import type {
  MonetisedLineFigures,
  UnmonetisedLineFigures,
  ValuationBasis,
  ValuationLineFigures,
} from '@ol/outcomes';
import { DecimalProperty, MoneyProperty } from '../../../common/http/decimal-property';
import { ExplanationStepResponse } from '../../../common/http/explanation-step.response';
import type { Assert, SameShape } from '../../../common/http/schema-contract';
import { VALUATION_BASIS_VALUES } from './report-enums';

type Deduction = MonetisedLineFigures['deductions'][number];
type LineYear = MonetisedLineFigures['years'][number];

const BASIS = {
  enum: [...VALUATION_BASIS_VALUES, null],
  nullable: true,
  description: 'What the proxy values (null for a link stored without one)',
} as const;
const BASIS_TEXT = {
  type: String,
  nullable: true,
  description: 'How the quantity was arrived at, in words',
  example: '71 attendances avoided: baseline 400 − actual 329',
} as const;

/** {@link MonetisedLineFigures}`['deductions'][number]`: one SROI deduction of a line. */
@ApiSchema({ name: 'LineDeduction' })
export class LineDeductionResponse implements Deduction {
  @ApiProperty({ example: 'deadweight' }) readonly name!: string;
  @DecimalProperty({ description: 'The fraction deducted', example: '0.2' })
  readonly rate!: string;
  @MoneyProperty('The amount deducted') readonly amount!: string;
}

/** {@link MonetisedLineFigures}`['years'][number]`: one year of benefit, discounted. */
@ApiSchema({ name: 'LineYear' })
export class LineYearResponse implements LineYear {
  @ApiProperty({ type: 'integer', minimum: 1, example: 1 }) readonly year!: number;
  @MoneyProperty('Value in the year, after drop-off') readonly value!: string;
  @DecimalProperty({ places: 6, description: 'Discount factor', example: '0.966184' })
  readonly discountFactor!: string;
  @MoneyProperty('Present value of the year') readonly presentValue!: string;
}

/** {@link MonetisedLineFigures}: a valuation line of the impact map, with its working. */
@ApiSchema({ name: 'MonetisedLineFigures' })
export class MonetisedLineFiguresResponse implements MonetisedLineFigures {
  @ApiProperty({ format: 'uuid' }) readonly outcomeId!: string;
  @ApiProperty({ type: Boolean, enum: [true] }) readonly monetised!: true;
  @ApiProperty(BASIS) readonly basis!: ValuationBasis | null;
  @ApiProperty(BASIS_TEXT) readonly basisText!: string | null;
  @DecimalProperty({
    description: 'What is valued; negative for a disbenefit (a rise above the baseline)',
    example: '71',
  })
  readonly quantity!: string;
  @ApiProperty({ type: String, nullable: true, example: 'EMP' }) readonly proxyCode!: string | null;
  @ApiProperty({
    type: 'integer',
    example: 2023,
    description: "The year whose prices the proxy's value per unit is in",
  })
  readonly priceYear!: number;
  @ApiProperty({
    type: 'integer',
    example: 2026,
    description: "The price year of the report's pounds",
  })
  readonly reportPriceYear!: number;
  @DecimalProperty({
    places: 6,
    description: 'index[report price year] ÷ index[price year] (1.000000 for the same year)',
    example: '1.071565',
  })
  readonly upratingFactor!: string;
  @DecimalProperty({
    description: "The proxy's value per unit as entered, in its price year",
    example: '14000.0000',
  })
  readonly valuePerUnitAtPriceYear!: string;
  @DecimalProperty({
    description: "The value per unit used: uprated to the report's price year (exact)",
    example: '15001.91',
  })
  readonly valuePerUnit!: string;
  @MoneyProperty('Quantity × value per unit') readonly gross!: string;
  @ApiProperty({ type: () => [LineDeductionResponse] }) readonly deductions!: readonly Deduction[];
  @MoneyProperty('Gross after the deductions (year 1 value)') readonly impact!: string;
  @DecimalProperty({ description: 'Drop-off a year (fraction)', example: '0.1' })
  readonly dropOff!: string;
  @ApiProperty({ type: 'integer', minimum: 1, example: 3 }) readonly durationYears!: number;
  @ApiProperty({ type: () => [LineYearResponse] }) readonly years!: readonly LineYear[];
  @MoneyProperty('Present value of the line') readonly presentValue!: string;
  @MoneyProperty('The part of the present value resting on claimed, not yet verified, delivery')
  readonly presentValueFromClaims!: string;
  @ApiProperty({ type: () => [ExplanationStepResponse], description: 'The working of the line' })
  readonly explanation!: readonly ExplanationStepResponse[];
}

/** {@link UnmonetisedLineFigures}: what an outcome achieved, in its own units, and why not valued. */
@ApiSchema({ name: 'UnmonetisedLineFigures' })
export class UnmonetisedLineFiguresResponse implements UnmonetisedLineFigures {
  @ApiProperty({ format: 'uuid' }) readonly outcomeId!: string;
  @ApiProperty({ type: Boolean, enum: [false] }) readonly monetised!: false;
  @ApiProperty(BASIS) readonly basis!: ValuationBasis | null;
  @ApiProperty(BASIS_TEXT) readonly basisText!: string | null;
  @DecimalProperty({ description: 'The quantity, in its own units', example: '12' })
  readonly quantity!: string;
  @ApiProperty({ type: String, nullable: true, example: 'people' }) readonly unit!: string | null;
  @ApiProperty({ example: 'a rise above the baseline: disbenefits of this outcome are not valued' })
  readonly reason!: string;
}

/**
 * {@link ValuationLineFigures}: one of the two line shapes, told apart by `monetised`. Put on the
 * property `@ApiProperty(VALUATION_LINES)`.
 */
export const VALUATION_LINES: ApiPropertyOptions = {
  type: 'array',
  items: {
    oneOf: [
      { $ref: getSchemaPath(MonetisedLineFiguresResponse) },
      { $ref: getSchemaPath(UnmonetisedLineFiguresResponse) },
    ],
  },
  description:
    'The impact map: a monetised line (`monetised: true`) with its working, or a line in its own units (`monetised: false`)',
};

/** Registers the line shapes {@link VALUATION_LINES} refers to. */
export const ValuationLineModels = (): ClassDecorator =>
  ApiExtraModels(MonetisedLineFiguresResponse, UnmonetisedLineFiguresResponse);

export type ValuationLineResponse = MonetisedLineFiguresResponse | UnmonetisedLineFiguresResponse;

type _Deduction = Assert<SameShape<LineDeductionResponse, Deduction>>;
type _LineYear = Assert<SameShape<LineYearResponse, LineYear>>;
type _Monetised = Assert<SameShape<MonetisedLineFiguresResponse, MonetisedLineFigures>>;
type _Unmonetised = Assert<SameShape<UnmonetisedLineFiguresResponse, UnmonetisedLineFigures>>;
type _Lines = Assert<
  [ValuationLineResponse] extends [ValuationLineFigures]
    ? [ValuationLineFigures] extends [ValuationLineResponse]
      ? true
      : false
    : false
>;
