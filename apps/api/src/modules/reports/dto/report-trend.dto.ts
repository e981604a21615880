import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import type { ReportTrendRow } from '@ol/persistence';
import { IntFromQuery, Optional } from '../../../common/validation/validators';

export const MAX_TREND_QUARTERS = 40;

export class ReportTrendQuery {
  @ApiPropertyOptional({
    example: '2026-27 Q1',
    description: 'The last quarter of the trend (default: the latest reported)',
  })
  @Optional()
  @IsString()
  @Length(4, 20)
  until?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_TREND_QUARTERS, default: 8 })
  @Optional()
  @IntFromQuery()
  @IsInt()
  @Min(1)
  @Max(MAX_TREND_QUARTERS)
  limit = 8;
}

export class ReportTrendPoint {
  @ApiProperty({ example: '2026-27 Q1' }) period!: string;
  @ApiProperty({ format: 'date', example: '2026-04-01' }) periodStart!: string;
  @ApiProperty({ format: 'uuid', description: 'The quarter’s current version' }) reportId!: string;
  @ApiProperty({ type: 'integer', example: 2 }) version!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '151234.56',
    description: 'Social value, present value (decimal string), as in the version’s totals',
  })
  presentValue!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '1.5300',
    description: 'SROI ratio (decimal string); null when not worked or withheld with the open book',
  })
  sroiRatio!: string | null;

  static from(row: ReportTrendRow, withheld: boolean): ReportTrendPoint {
    return { ...row, sroiRatio: withheld ? null : row.sroiRatio };
  }
}

/** Headline totals of the current quarter versions, oldest first: what a trend chart plots. */
export class ReportTrend {
  @ApiProperty({ type: [ReportTrendPoint] }) data!: ReportTrendPoint[];
  @ApiProperty({
    description:
      'Whether SROI ratios are withheld from this reader (worked from the open book’s investment)',
  })
  sroiRatioWithheld!: boolean;
}
