import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import type { IndexSeriesWithValues } from '@ol/persistence';
import { PageInfo } from '../../../common/http/pagination.query';
import { IsDecimalString, IsNotBlank } from '../../../common/validation/validators';

/** Years an index value (and a price year) may have. */
export const INDEX_YEARS = { min: 1900, max: 2199 } as const;

export class CreateIndexSeriesDto {
  @ApiProperty({ example: 'GDPD-UK' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, {
    message: 'must be 1-40 letters, digits, dot, dash or underscore',
  })
  code!: string;

  @ApiProperty({ example: 'GDP deflator at market prices (illustrative)' })
  @IsString()
  @Length(1, 300)
  @IsNotBlank()
  name!: string;

  @ApiProperty({ example: 'HM Treasury GDP deflators, calendar years; values illustrative.' })
  @IsString()
  @Length(1, 2000)
  @IsNotBlank()
  sourceCitation!: string;
}

/** One row of an index CSV: a year and its positive index value. */
export class IndexValueRow {
  @IsInt({ message: 'must be a whole year such as 2026' })
  @Min(INDEX_YEARS.min)
  @Max(INDEX_YEARS.max)
  year!: number;

  @IsDecimalString({ scale: 6, integerDigits: 12, min: '0' })
  @Matches(/^(?!-)(?=.*[1-9])/, { message: 'must be greater than 0' })
  value!: string;
}

export class IndexValueResponse {
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ example: '112.300000', description: 'Decimal string, 6 places' }) value!: string;
}

export class IndexSeriesResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'GDPD-UK' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() sourceCitation!: string;
  @ApiProperty({ type: [IndexValueResponse], description: 'By year, ascending' })
  values!: IndexValueResponse[];

  static from(s: IndexSeriesWithValues): IndexSeriesResponse {
    return {
      id: s.id,
      code: s.code,
      name: s.name,
      sourceCitation: s.sourceCitation,
      values: s.values.map((v) => ({ year: v.year, value: v.value.toFixed(6) })),
    };
  }
}

export class IndexSeriesPage {
  @ApiProperty({ type: [IndexSeriesResponse] }) data!: IndexSeriesResponse[];
  @ApiProperty() page!: PageInfo;
}

export class IndexImportResult {
  @ApiProperty({ example: 30, description: 'Rows in the file' }) rows!: number;
  @ApiProperty({ example: 28, description: 'Years the series did not have' }) added!: number;
  @ApiProperty({ example: 1, description: 'Years whose value the file revised' }) changed!: number;
  @ApiProperty({ example: 1, description: 'Years already holding the same value' })
  unchanged!: number;
}
