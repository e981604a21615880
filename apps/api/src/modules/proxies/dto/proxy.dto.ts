import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import type {
  OverrideWithProxy,
  PartnershipProxyOverride,
  ProxyVersion,
  ProxyWithVersions,
} from '@ol/persistence';
import { PageInfo, PageQuery } from '../../../common/http/pagination.query';
import {
  IsDateOnly,
  IsDecimalString,
  IsNotBlank,
  NestedObject,
  Optional,
} from '../../../common/validation/validators';

const FRACTION = { scale: 4, min: '0', max: '1' } as const;

/** The value of a proxy and its SROI adjustments, valid from a date. */
export class ProxyVersionDto {
  @ApiProperty({
    example: '2026-04-01',
    description: 'First date this version applies to; the previous version ends the day before',
  })
  @IsDateOnly()
  validFrom!: string;

  @ApiProperty({ example: '14433.0000', description: 'Value per unit of outcome, decimal string' })
  @IsDecimalString({ scale: 4, integerDigits: 14, min: '0' })
  valuePerUnit!: string;

  @ApiPropertyOptional({ example: 'GBP', default: 'GBP' })
  @Optional()
  @Matches(/^[A-Z]{3}$/, { message: 'must be a three-letter ISO 4217 code such as GBP' })
  currency?: string;

  @ApiProperty({ example: 2024, description: 'Price year of the value' })
  @IsInt()
  @Min(1900)
  @Max(2200)
  priceYear!: number;

  @ApiPropertyOptional({
    example: '0.2000',
    default: '0',
    description: 'Fraction 0–1: what would have happened anyway',
  })
  @Optional()
  @IsDecimalString(FRACTION)
  deadweight?: string;

  @ApiPropertyOptional({
    example: '0.1000',
    default: '0',
    description: 'Fraction 0–1: the share due to others',
  })
  @Optional()
  @IsDecimalString(FRACTION)
  attribution?: string;

  @ApiPropertyOptional({
    example: '0.0500',
    default: '0',
    description: 'Fraction 0–1: outcome displaced elsewhere',
  })
  @Optional()
  @IsDecimalString(FRACTION)
  displacement?: string;

  @ApiPropertyOptional({
    example: '0.3000',
    default: '0',
    description: 'Fraction 0–1: yearly decline after year 1',
  })
  @Optional()
  @IsDecimalString(FRACTION)
  dropOff?: string;

  @ApiPropertyOptional({
    example: 3,
    default: 1,
    description: 'Years of benefit, including the first',
  })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(100)
  durationYears?: number;
}

export class CreateProxyDto {
  @ApiProperty({ example: 'EMP-FT' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, {
    message: 'must be 1-40 letters, digits, dot, dash or underscore',
  })
  code!: string;

  @ApiProperty({ example: 'Full-time employment (illustrative)' })
  @IsString()
  @Length(1, 300)
  @IsNotBlank()
  name!: string;

  @ApiProperty({ example: 'person' })
  @IsString()
  @Length(1, 80)
  @IsNotBlank()
  unit!: string;

  @ApiProperty({ example: 'Example value for demonstration only; not evidence.' })
  @IsString()
  @Length(1, 2000)
  @IsNotBlank()
  sourceCitation!: string;

  @ApiProperty({ example: 'CC0-1.0', description: 'Licence under which the value may be used' })
  @IsString()
  @Length(1, 200)
  @IsNotBlank()
  licence!: string;

  @ApiProperty({ type: ProxyVersionDto, description: 'The first version' })
  @IsDefined()
  @NestedObject(() => ProxyVersionDto)
  version!: ProxyVersionDto;
}

export class CreateOverrideDto extends ProxyVersionDto {
  @ApiPropertyOptional({ example: 'Local evaluation 2025, Northshire' })
  @Optional()
  @IsString()
  @Length(1, 2000)
  @IsNotBlank()
  note?: string;
}

export class ListProxiesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the code or name' })
  @Optional()
  @IsString()
  @Length(1, 100)
  @IsNotBlank()
  q?: string;
}

export class ProxyVersionResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2026-04-01' }) validFrom!: string;
  @ApiProperty({ nullable: true, type: String }) validTo!: string | null;
  @ApiProperty({ example: '14433.0000' }) valuePerUnit!: string;
  @ApiProperty({ example: 'GBP' }) currency!: string;
  @ApiProperty({ example: 2024 }) priceYear!: number;
  @ApiProperty({ example: '0.2000' }) deadweight!: string;
  @ApiProperty({ example: '0.1000' }) attribution!: string;
  @ApiProperty({ example: '0.0500' }) displacement!: string;
  @ApiProperty({ example: '0.3000' }) dropOff!: string;
  @ApiProperty({ example: 3 }) durationYears!: number;

  static from(v: ProxyVersion | PartnershipProxyOverride): ProxyVersionResponse {
    return {
      id: v.id,
      validFrom: v.validFrom,
      validTo: v.validTo,
      valuePerUnit: v.valuePerUnit,
      currency: v.currency,
      priceYear: v.priceYear,
      deadweight: v.deadweight,
      attribution: v.attribution,
      displacement: v.displacement,
      dropOff: v.dropOff,
      durationYears: v.durationYears,
    };
  }
}

export class ProxyResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'EMP-FT' }) code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'person' }) unit!: string;
  @ApiProperty() sourceCitation!: string;
  @ApiProperty({ example: 'CC0-1.0' }) licence!: string;
  @ApiProperty({ type: [ProxyVersionResponse] }) versions!: ProxyVersionResponse[];

  static from(p: ProxyWithVersions): ProxyResponse {
    return {
      id: p.id,
      code: p.code,
      name: p.name,
      unit: p.unit,
      sourceCitation: p.sourceCitation,
      licence: p.licence,
      versions: p.versions.map(ProxyVersionResponse.from),
    };
  }
}

export class ProxyPage {
  @ApiProperty({ type: [ProxyResponse] }) data!: ProxyResponse[];
  @ApiProperty() page!: PageInfo;
}

export class OverrideResponse extends ProxyVersionResponse {
  @ApiProperty({ format: 'uuid' }) proxyId!: string;
  @ApiProperty({ example: 'EMP-FT' }) proxyCode!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;

  static fromOverride(o: OverrideWithProxy): OverrideResponse {
    return {
      ...ProxyVersionResponse.from(o),
      proxyId: o.proxyId,
      proxyCode: o.proxy.code,
      note: o.note,
    };
  }
}

export class OverrideList {
  @ApiProperty({ type: [OverrideResponse] }) data!: OverrideResponse[];
}

export class ProxyImportResult {
  @ApiProperty({ example: 3 }) proxiesCreated!: number;
  @ApiProperty({ example: 5 }) versionsAdded!: number;
  @ApiProperty({ example: 8 }) rows!: number;
}
