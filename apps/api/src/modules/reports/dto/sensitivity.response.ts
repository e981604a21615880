import { ApiExtraModels, ApiProperty, ApiSchema, getSchemaPath } from '@nestjs/swagger';
import type {
  BreakEvenFigures,
  SensitivityFigures,
  SensitivityGridFigures,
  SensitivityParameter,
} from '@ol/outcomes';
import { ExplanationStepResponse } from '../../../common/http/explanation-step.response';
import { DecimalProperty, MoneyProperty } from '../../../common/http/decimal-property';
import type { Assert, SameShape } from '../../../common/http/schema-contract';
import { SENSITIVITY_PARAMETER_VALUES, SENSITIVITY_SOURCE_VALUES } from './report-enums';

type Reachable = Extract<BreakEvenFigures, { reachable: true }>;
type Unreachable = Extract<BreakEvenFigures, { reachable: false }>;
type SensitivityResult = SensitivityFigures['results'][number];
type GridAxis = SensitivityGridFigures['rows'];
type GridCell = SensitivityGridFigures['cells'][number][number];

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
  @ApiProperty({
    enum: SENSITIVITY_SOURCE_VALUES,
    enumName: 'SensitivityCaseSource',
    description: "standard: the product's table; partnership: the partnership's own case",
  })
  readonly source!: 'standard' | 'partnership';
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

/** {@link SensitivityGridFigures}`['rows']`: one axis of the two-way grid. */
@ApiSchema({ name: 'SensitivityGridAxis' })
export class SensitivityGridAxisResponse implements GridAxis {
  @ApiProperty({ enum: SENSITIVITY_PARAMETER_VALUES, enumName: 'SensitivityParameter' })
  readonly parameter!: SensitivityParameter;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]+)?$' },
    description: "The changes along the axis, in the parameter's units (decimal strings)",
    example: ['-0.1', '0', '0.1'],
  })
  readonly changes!: readonly string[];
}

/** {@link SensitivityGridFigures}`['cells'][r][c]`: the ratio with both changes applied. */
@ApiSchema({ name: 'SensitivityGridCell' })
export class SensitivityGridCellResponse implements GridCell {
  @DecimalProperty({ description: "The row parameter's change", example: '-0.1' })
  readonly rowChange!: string;
  @DecimalProperty({ description: "The column parameter's change", example: '1' })
  readonly columnChange!: string;
  @MoneyProperty('Total present value with both changes') readonly presentValue!: string;
  @MoneyProperty(
    'The investment with both changes (it changes only on the investment axis; null only where withheld)',
    true,
  )
  readonly investment!: string | null;
  @DecimalProperty({
    places: 2,
    description: 'SROI ratio with both changes',
    example: '1.52',
    nullable: true,
  })
  readonly ratio!: string | null;
  @ApiProperty({ description: "A change was clamped to its parameter's valid bounds" })
  readonly clamped!: boolean;
}

/** {@link SensitivityGridFigures}: the ratio for every combination of two parameters' changes. */
@ApiSchema({ name: 'SensitivityGridFigures' })
export class SensitivityGridFiguresResponse implements SensitivityGridFigures {
  @ApiProperty({ type: () => SensitivityGridAxisResponse }) readonly rows!: GridAxis;
  @ApiProperty({ type: () => SensitivityGridAxisResponse }) readonly columns!: GridAxis;
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { $ref: getSchemaPath(SensitivityGridCellResponse) } },
    description: "cells[r][c]: the rows' r-th change with the columns' c-th",
  })
  readonly cells!: readonly (readonly GridCell[])[];
  @ApiProperty({ type: () => [ExplanationStepResponse] })
  readonly explanation!: readonly ExplanationStepResponse[];
}

/** {@link SensitivityFigures}: the sensitivity table. */
@ApiSchema({ name: 'SensitivityFigures' })
@ApiExtraModels(SensitivityGridCellResponse)
export class SensitivityFiguresResponse implements SensitivityFigures {
  @DecimalProperty({
    places: 2,
    description: 'The SROI ratio unchanged',
    example: '1.93',
    nullable: true,
  })
  readonly baseRatio!: string | null;
  @ApiProperty({
    type: () => [SensitivityResultResponse],
    description: "The standard cases, then the partnership's own",
  })
  readonly results!: readonly SensitivityResult[];
  @ApiProperty({
    type: () => SensitivityGridFiguresResponse,
    nullable: true,
    description: "The partnership's two-way grid; null when it has none",
  })
  readonly grid!: SensitivityGridFigures | null;
}

type _Reachable = Assert<SameShape<BreakEvenReachableResponse, Reachable>>;
type _Unreachable = Assert<SameShape<BreakEvenUnreachableResponse, Unreachable>>;
type _BreakEven = Assert<
  [BreakEvenFigures] extends [SensitivityResultResponse['breakEven']] ? true : false
>;
type _Result = Assert<SameShape<SensitivityResultResponse, SensitivityResult>>;
type _GridAxis = Assert<SameShape<SensitivityGridAxisResponse, GridAxis>>;
type _GridCell = Assert<SameShape<SensitivityGridCellResponse, GridCell>>;
type _Grid = Assert<SameShape<SensitivityGridFiguresResponse, SensitivityGridFigures>>;
type _Sensitivity = Assert<SameShape<SensitivityFiguresResponse, SensitivityFigures>>;
