import { ApiExtraModels, ApiProperty, ApiSchema, getSchemaPath } from '@nestjs/swagger';
import type { BreakEvenFigures, SensitivityFigures, SensitivityParameter } from '@ol/outcomes';
import { DecimalProperty, MoneyProperty } from '../../../common/http/decimal-property';
import type { Assert, SameShape } from '../../../common/http/schema-contract';
import { SENSITIVITY_PARAMETER_VALUES } from './report-enums';

type Reachable = Extract<BreakEvenFigures, { reachable: true }>;
type Unreachable = Extract<BreakEvenFigures, { reachable: false }>;
type SensitivityResult = SensitivityFigures['results'][number];

/** {@link BreakEvenFigures} when reachable: the change that brings the ratio to 1:1. */
@ApiSchema({ name: 'BreakEvenReachable' })
export class BreakEvenReachableResponse implements Reachable {
  @ApiProperty({ type: Boolean, enum: [true] }) readonly reachable!: true;
  @DecimalProperty({ description: "The change, in the parameter's units", example: '0.386' })
  readonly change!: string;
  @DecimalProperty({ description: 'The ratio with that change applied', example: '1' })
  readonly ratioAtChange!: string;
  @ApiProperty({ example: 'The ratio falls to 1:1 when deadweight rises by 0.386' })
  readonly text!: string;
}

/** {@link BreakEvenFigures} when not reachable, and why. */
@ApiSchema({ name: 'BreakEvenUnreachable' })
export class BreakEvenUnreachableResponse implements Unreachable {
  @ApiProperty({ type: Boolean, enum: [false] }) readonly reachable!: false;
  @ApiProperty({
    description: 'Why no change within valid bounds brings the ratio to 1:1',
    example: 'not-reachable-within-valid-bounds',
  })
  readonly reason!: string;
  @ApiProperty() readonly text!: string;
}

/** {@link SensitivityFigures}`['results'][number]`: the ratio with one parameter changed. */
@ApiSchema({ name: 'SensitivityResult' })
@ApiExtraModels(BreakEvenReachableResponse, BreakEvenUnreachableResponse)
export class SensitivityResultResponse implements SensitivityResult {
  @ApiProperty({ enum: SENSITIVITY_PARAMETER_VALUES, enumName: 'SensitivityParameter' })
  readonly parameter!: SensitivityParameter;
  @DecimalProperty({
    description: "The change tested, in the parameter's units (whole years for duration)",
    example: '0.1',
  })
  readonly change!: string;
  @ApiProperty({ description: "The change was clamped to the parameter's valid bounds" })
  readonly clamped!: boolean;
  @MoneyProperty('Total present value with the change') readonly presentValue!: string;
  @DecimalProperty({
    places: 2,
    description: 'SROI ratio with the change',
    example: '1.69',
    nullable: true,
  })
  readonly ratio!: string | null;
  @ApiProperty({
    oneOf: [
      { $ref: getSchemaPath(BreakEvenReachableResponse) },
      { $ref: getSchemaPath(BreakEvenUnreachableResponse) },
    ],
    description: 'The change that brings the ratio to 1:1, told apart by `reachable`',
  })
  readonly breakEven!: BreakEvenReachableResponse | BreakEvenUnreachableResponse;
}

/** {@link SensitivityFigures}: the sensitivity table. */
@ApiSchema({ name: 'SensitivityFigures' })
export class SensitivityFiguresResponse implements SensitivityFigures {
  @DecimalProperty({
    places: 2,
    description: 'The SROI ratio unchanged',
    example: '1.93',
    nullable: true,
  })
  readonly baseRatio!: string | null;
  @ApiProperty({ type: () => [SensitivityResultResponse] })
  readonly results!: readonly SensitivityResult[];
}

type _Reachable = Assert<SameShape<BreakEvenReachableResponse, Reachable>>;
type _Unreachable = Assert<SameShape<BreakEvenUnreachableResponse, Unreachable>>;
type _BreakEven = Assert<
  [BreakEvenFigures] extends [SensitivityResultResponse['breakEven']] ? true : false
>;
type _Result = Assert<SameShape<SensitivityResultResponse, SensitivityResult>>;
type _Sensitivity = Assert<SameShape<SensitivityFiguresResponse, SensitivityFigures>>;
