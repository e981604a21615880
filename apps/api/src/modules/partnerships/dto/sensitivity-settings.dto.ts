import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum } from 'class-validator';
import { SensitivityParameter } from '@ol/persistence';
import type { ReportSensitivitySettings } from '@ol/outcomes';
import { IsDecimalString, NestedObject, Nullable } from '../../../common/validation/validators';

/** A change as sent: up to 4 places, −500 to 500 (each parameter's bounds are checked after). */
const CHANGE = { scale: 4, integerDigits: 3, min: '-500', max: '500' };

const CHANGE_UNITS =
  'deadweight, attribution, displacement, dropOff: points as a fraction ("0.05" = +5 points, −1 to 1); proxyValue (the value per unit) and investment: relative ("-0.2" = −20%, −1 to 10); duration: whole years (−500 to 500). Negative changes allowed.';

/** The most cases a partnership may add. */
export const MAX_SENSITIVITY_CASES = 20;

export class SensitivityCaseDto {
  @ApiProperty({ enum: SensitivityParameter, example: SensitivityParameter.deadweight })
  @IsEnum(SensitivityParameter)
  parameter!: SensitivityParameter;

  @ApiProperty({ example: '-0.05', description: `Not zero. ${CHANGE_UNITS}` })
  @IsDecimalString(CHANGE)
  change!: string;
}

export class SensitivityAxisDto {
  @ApiProperty({ enum: SensitivityParameter, example: SensitivityParameter.proxyValue })
  @IsEnum(SensitivityParameter)
  parameter!: SensitivityParameter;

  @ApiProperty({
    type: [String],
    example: ['-0.2', '0', '0.2'],
    minItems: 1,
    maxItems: 9,
    description: `1 to 9 changes (0 is the base). ${CHANGE_UNITS}`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(9)
  @IsDecimalString(CHANGE, { each: true })
  changes!: string[];
}

export class SensitivityGridDto {
  @ApiProperty({ type: SensitivityAxisDto })
  @NestedObject(() => SensitivityAxisDto)
  rows!: SensitivityAxisDto;

  @ApiProperty({ type: SensitivityAxisDto, description: 'A parameter other than the rows’' })
  @NestedObject(() => SensitivityAxisDto)
  columns!: SensitivityAxisDto;
}

/** The partnership's own sensitivity cases and two-way grid (replaced as a whole). */
export class SensitivitySettingsDto {
  @ApiProperty({
    type: [SensitivityCaseDto],
    maxItems: MAX_SENSITIVITY_CASES,
    description: 'Run on every monetised line after the standard cases, in this order.',
  })
  @IsArray()
  @ArrayMaxSize(MAX_SENSITIVITY_CASES)
  @NestedObject(() => SensitivityCaseDto, { each: true })
  cases!: SensitivityCaseDto[];

  @ApiProperty({
    type: SensitivityGridDto,
    nullable: true,
    description: 'The SROI ratio for every pair of the rows’ and columns’ changes; null for none.',
  })
  @Nullable()
  @NestedObject(() => SensitivityGridDto)
  grid!: SensitivityGridDto | null;
}

export class SensitivityCaseResponse {
  @ApiProperty({ enum: SensitivityParameter }) parameter!: SensitivityParameter;
  @ApiProperty({ example: '-0.05' }) change!: string;
}

export class SensitivityAxisResponse {
  @ApiProperty({ enum: SensitivityParameter }) parameter!: SensitivityParameter;
  @ApiProperty({ type: [String], example: ['-0.2', '0', '0.2'] }) changes!: string[];
}

export class SensitivityGridResponse {
  @ApiProperty({ type: SensitivityAxisResponse }) rows!: SensitivityAxisResponse;
  @ApiProperty({ type: SensitivityAxisResponse }) columns!: SensitivityAxisResponse;
}

export class SensitivitySettingsResponse {
  @ApiProperty({ type: [SensitivityCaseResponse] }) cases!: SensitivityCaseResponse[];
  @ApiProperty({ type: SensitivityGridResponse, nullable: true })
  grid!: SensitivityGridResponse | null;

  static from(s: ReportSensitivitySettings): SensitivitySettingsResponse {
    // Stored settings only hold the parameters a partnership may set (never leakage).
    const parameter = (p: string) => p as SensitivityParameter;
    return {
      cases: s.cases.map((c) => ({ parameter: parameter(c.parameter), change: c.change })),
      grid: s.grid && {
        rows: { parameter: parameter(s.grid.rows.parameter), changes: [...s.grid.rows.changes] },
        columns: {
          parameter: parameter(s.grid.columns.parameter),
          changes: [...s.grid.columns.changes],
        },
      },
    };
  }
}
