import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEnum, IsString, Length } from 'class-validator';
import { TargetPeriodKind, type Target } from '@ol/persistence';
import {
  IsDateFilter,
  IsDecimalString,
  NestedObject,
  Optional,
} from '../../../common/validation/validators';

/** An outcome's targets: set by period or a whole year at once, listed, answered. */

export class TargetInput {
  @ApiProperty({
    example: '2026-27 Q1',
    description:
      "A quarter ('2026-27 Q1') or a financial year ('2026-27') of the partnership's calendar",
  })
  @IsString()
  @Length(4, 20)
  period!: string;

  @ApiProperty({ example: '25.0000', description: 'Target value as a decimal string' })
  @IsDecimalString({ scale: 4, integerDigits: 14 })
  value!: string;
}

export class SetTargetsDto {
  @ApiPropertyOptional({ type: [TargetInput], description: 'Targets by period label' })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(400)
  @NestedObject(() => TargetInput, { each: true })
  targets?: TargetInput[];

  @ApiPropertyOptional({
    example: '2026-27',
    description: 'Bulk: a whole financial year, with quarterValues and/or annualValue',
  })
  @Optional()
  @IsString()
  @Length(4, 10)
  financialYear?: string;

  @ApiPropertyOptional({
    example: ['20', '25', '25', '30'],
    description: 'Q1..Q4 targets of financialYear',
  })
  @Optional()
  @IsArray()
  @ArrayMinSize(4)
  @ArrayMaxSize(4)
  @IsDecimalString({ scale: 4, integerDigits: 14 }, { each: true })
  quarterValues?: string[];

  @ApiPropertyOptional({ example: '100', description: 'Whole-year target of financialYear' })
  @Optional()
  @IsDecimalString({ scale: 4, integerDigits: 14 })
  annualValue?: string;
}

export class ListTargetsQuery {
  @ApiPropertyOptional({ enum: TargetPeriodKind })
  @Optional()
  @IsEnum(TargetPeriodKind)
  periodKind?: TargetPeriodKind;

  @ApiPropertyOptional({ example: '2026-04-01', description: 'Periods starting on or after' })
  @Optional()
  @IsDateFilter()
  from?: string;

  @ApiPropertyOptional({ example: '2027-03-31', description: 'Periods starting on or before' })
  @Optional()
  @IsDateFilter()
  to?: string;
}

export class TargetResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) outcomeId!: string;
  @ApiProperty({ enum: TargetPeriodKind }) periodKind!: TargetPeriodKind;
  @ApiProperty({ example: '2026-27 Q1' }) period!: string;
  @ApiProperty({ example: '2026-04-01' }) periodStart!: string;
  @ApiProperty({ example: '2026-06-30' }) periodEnd!: string;
  @ApiProperty({ example: '25.0000' }) value!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(t: Target): TargetResponse {
    return {
      id: t.id,
      outcomeId: t.outcomeId,
      periodKind: t.periodKind,
      period: t.periodLabel,
      periodStart: t.periodStart,
      periodEnd: t.periodEnd,
      value: t.targetValue,
      updatedAt: t.updatedAt,
    };
  }
}

export class TargetList {
  @ApiProperty({ type: [TargetResponse] }) data!: TargetResponse[];
}
