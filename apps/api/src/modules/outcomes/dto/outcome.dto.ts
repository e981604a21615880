import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { impliedBasis } from '@ol/outcomes';
import {
  OutcomeAggregation,
  OutcomeDirection,
  ValuationBasis,
  type OutcomeWithValuation,
} from '@ol/persistence';
import { PageInfo, PageQuery } from '../../../common/http/pagination.query';
import {
  IsDateFilter,
  IsDateOnly,
  IsDecimalString,
  IsNotBlank,
  Nullable,
  Optional,
} from '../../../common/validation/validators';
import { PatchType } from '../../../common/validation/patch-type';

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export class CreateOutcomeDto {
  @ApiProperty({
    example: 'JOBS-01',
    description: 'Short reference, unique in the partnership; used in CSV imports',
  })
  @Matches(CODE, {
    message:
      'must be 1-40 letters, digits, dot, dash or underscore, starting with a letter or digit',
  })
  code!: string;

  @ApiProperty({
    example: 'Jobs',
    description: 'Theme, e.g. Jobs, Health, Housing, Environment, Community',
  })
  @IsString()
  @Length(1, 80)
  @IsNotBlank()
  theme!: string;

  @ApiProperty({ example: 'Long-term unemployed residents in sustained work (26 weeks)' })
  @IsString()
  @Length(1, 300)
  @IsNotBlank()
  title!: string;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'null clears it' })
  @Optional()
  @Nullable()
  @IsString()
  @Length(1, 5000)
  @IsNotBlank()
  description?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'Residents',
    description:
      'The stakeholder group the change happens to (for the report value by stakeholder); null clears it',
  })
  @Optional()
  @Nullable()
  @IsString()
  @Length(1, 120)
  @IsNotBlank()
  @Matches(/^\S(.*\S)?$/s, { message: 'stakeholder must not start or end with spaces' })
  stakeholder?: string | null;

  @ApiProperty({ example: 'people' })
  @IsString()
  @Length(1, 80)
  @IsNotBlank()
  unit!: string;

  @ApiPropertyOptional({ enum: OutcomeDirection, default: OutcomeDirection.increase })
  @Optional()
  @IsEnum(OutcomeDirection)
  direction?: OutcomeDirection;

  @ApiPropertyOptional({
    enum: OutcomeAggregation,
    default: OutcomeAggregation.sum,
    description: 'sum for counts, mean for scores, latest for stock levels',
  })
  @Optional()
  @IsEnum(OutcomeAggregation)
  aggregation?: OutcomeAggregation;

  @ApiPropertyOptional({ example: '120.0000', nullable: true, type: String })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsDecimalString({ scale: 4, integerDigits: 14 })
  baselineValue?: string | null;

  @ApiPropertyOptional({ example: '2025-03-31', nullable: true, type: String })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsDateOnly()
  baselineDate?: string | null;

  @ApiPropertyOptional({ default: false, description: 'A prevention outcome (a cost avoided)' })
  @Optional()
  @IsBoolean()
  isPrevention?: boolean;

  @ApiPropertyOptional({
    default: true,
    description:
      'A decrease outcome above its baseline (or a stock below it): valued as a negative line (true), or shown and not valued (false)',
  })
  @Optional()
  @IsBoolean()
  valueDisbenefits?: boolean;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Parent outcome (mission → place → neighbourhood)',
  })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  parentId?: string | null;

  @ApiPropertyOptional({
    example: '1.0000',
    default: '1.0000',
    description: 'Share of target at or above which the outcome is green',
  })
  @Optional()
  @IsDecimalString({ scale: 4, min: '0.0001', max: '9.9999' })
  greenThreshold?: string;

  @ApiPropertyOptional({
    example: '0.9000',
    default: '0.9000',
    description: 'Share of target at or above which it is amber (below: red)',
  })
  @Optional()
  @IsDecimalString({ scale: 4, min: '0.0001', max: '9.9999' })
  amberThreshold?: string;
}

export class UpdateOutcomeDto extends PatchType(OmitType(CreateOutcomeDto, ['code'] as const)) {
  @ApiPropertyOptional({
    description: 'Archive (true) or restore (false); archived outcomes take no new data',
  })
  @Optional()
  @IsBoolean()
  archived?: boolean;
}

export class ListOutcomesQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'Jobs' })
  @Optional()
  @IsString()
  @Length(1, 80)
  @IsNotBlank()
  theme?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ description: 'Part of the title or code' })
  @Optional()
  @IsString()
  @Length(1, 100)
  @IsNotBlank()
  q?: string;

  @ApiPropertyOptional({ default: false })
  @Optional()
  @Type(() => String)
  @Matches(/^(true|false)$/, { message: 'must be true or false' })
  includeArchived?: string;
}

export class OutcomeValuationSummary {
  @ApiProperty({ format: 'uuid' }) proxyId!: string;
  @ApiProperty({ example: 'EMP-FT' }) proxyCode!: string;
  @ApiProperty() proxyName!: string;
  @ApiProperty({
    enum: ValuationBasis,
    nullable: true,
    description: 'What the proxy values; null: a score linked before bases existed, not valued',
  })
  basis!: ValuationBasis | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) countOutcomeId!: string | null;
}

export class OutcomeResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) partnershipId!: string;
  @ApiProperty({ example: 'JOBS-01' }) code!: string;
  @ApiProperty({ example: 'Jobs' }) theme!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ example: 'people' }) unit!: string;
  @ApiProperty({ enum: OutcomeDirection }) direction!: OutcomeDirection;
  @ApiProperty({ enum: OutcomeAggregation }) aggregation!: OutcomeAggregation;
  @ApiProperty({ nullable: true, type: String, example: '120.0000' }) baselineValue!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2025-03-31' }) baselineDate!:
    string | null;
  @ApiProperty() isPrevention!: boolean;
  @ApiProperty() valueDisbenefits!: boolean;
  @ApiProperty({ nullable: true, type: String, example: 'Residents' }) stakeholder!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId!: string | null;
  @ApiProperty({ example: '1.0000' }) greenThreshold!: string;
  @ApiProperty({ example: '0.9000' }) amberThreshold!: string;
  @ApiProperty({
    nullable: true,
    type: OutcomeValuationSummary,
    description: 'null: not monetised',
  })
  valuation!: OutcomeValuationSummary | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) archivedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(o: OutcomeWithValuation): OutcomeResponse {
    return {
      id: o.id,
      partnershipId: o.partnershipId,
      code: o.code,
      theme: o.theme,
      title: o.title,
      description: o.description,
      unit: o.unit,
      direction: o.direction,
      aggregation: o.aggregation,
      baselineValue: o.baselineValue,
      baselineDate: o.baselineDate,
      isPrevention: o.isPrevention,
      valueDisbenefits: o.valueDisbenefits,
      stakeholder: o.stakeholder,
      parentId: o.parentId,
      greenThreshold: o.greenThreshold,
      amberThreshold: o.amberThreshold,
      valuation: o.valuation
        ? {
            proxyId: o.valuation.proxyId,
            proxyCode: o.valuation.proxy.code,
            proxyName: o.valuation.proxy.name,
            basis: o.valuation.basis ?? impliedBasis(o),
            countOutcomeId: o.valuation.countOutcomeId,
          }
        : null,
      archivedAt: o.archivedAt,
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
    };
  }
}

export class OutcomePage {
  @ApiProperty({ type: [OutcomeResponse] }) data!: OutcomeResponse[];
  @ApiProperty() page!: PageInfo;
}

export class SetValuationDto {
  @ApiProperty({ format: 'uuid', description: 'The library proxy that values this outcome' })
  @IsUUID()
  proxyId!: string;

  @ApiPropertyOptional({
    enum: ValuationBasis,
    description:
      'What the proxy values. A count is valued on what changed: achieved (should increase) or avoided against its baseline (should decrease), implied when left out. A stock level (latest) must name change_in_stock; a score (mean) must name count_outcome with countOutcomeId: a score is never multiplied by a per-unit proxy.',
  })
  @Optional()
  @IsEnum(ValuationBasis)
  basis?: ValuationBasis;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'For basis count_outcome: the count outcome (e.g. people whose score improved by at least N) whose people are valued; it must not be valued by a proxy of its own',
  })
  @Optional()
  @IsUUID()
  countOutcomeId?: string;
}

export class ValuationQuery {
  @ApiPropertyOptional({
    example: '2026-06-30',
    description: 'Date whose proxy version applies (default: today)',
  })
  @Optional()
  @IsDateFilter()
  date?: string;
}
