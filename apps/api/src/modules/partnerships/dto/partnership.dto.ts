import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEnum,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import {
  DiscountConvention,
  DiscountSchedule,
  PaybackMethod,
  PartnershipModel,
  PartnershipStatus,
  type Partnership,
} from '@ol/persistence';
import { PageInfo, PageQuery } from '../../../common/http/pagination.query';
import {
  decimalToString,
  IsDateOnly,
  IsDecimalString,
  IsNotBlank,
  Nullable,
  Optional,
} from '../../../common/validation/validators';
import { PatchType } from '../../../common/validation/patch-type';

export class CreatePartnershipDto {
  @ApiProperty({ example: 'Northshire Employment Alliance', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  @IsNotBlank()
  name!: string;

  @ApiPropertyOptional({
    example: 'Help 2,000 long-term unemployed residents into sustained work by 2031.',
    nullable: true,
    type: String,
    description: 'null clears it',
  })
  @Optional()
  @Nullable()
  @IsString()
  @Length(1, 2000)
  @IsNotBlank()
  purpose?: string | null;

  @ApiProperty({ enum: PartnershipModel, example: PartnershipModel.alliance })
  @IsEnum(PartnershipModel)
  model!: PartnershipModel;

  @ApiPropertyOptional({ enum: PartnershipStatus, default: PartnershipStatus.draft })
  @Optional()
  @IsEnum(PartnershipStatus)
  status?: PartnershipStatus;

  @ApiProperty({ example: '2026-04-01', description: 'Calendar date YYYY-MM-DD' })
  @IsDateOnly()
  startDate!: string;

  @ApiProperty({ example: '2031-03-31', description: 'Calendar date YYYY-MM-DD, after startDate' })
  @IsDateOnly()
  endDate!: string;

  @ApiPropertyOptional({ example: 'GBP', default: 'GBP', description: 'ISO 4217 code' })
  @Optional()
  @Matches(/^[A-Z]{3}$/, { message: 'must be a three-letter ISO 4217 code such as GBP' })
  currency?: string;

  @ApiPropertyOptional({
    example: 4,
    default: 4,
    minimum: 1,
    maximum: 12,
    description: 'Month the financial year starts (4 = April)',
  })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(12)
  fyStartMonth?: number;

  @ApiPropertyOptional({
    example: '0.0350',
    default: '0.0350',
    description:
      'Discount rate as a decimal string, 0 ≤ rate < 1 (3.5% default). It applies every year unless discountSchedule is green_book_declining (which requires 0.0350).',
  })
  @Optional()
  @IsDecimalString({ scale: 4, min: '0', max: '1', maxExclusive: true })
  discountRate?: string;

  @ApiPropertyOptional({ enum: DiscountConvention, default: DiscountConvention.end_of_year })
  @Optional()
  @IsEnum(DiscountConvention)
  discountConvention?: DiscountConvention;

  @ApiPropertyOptional({
    enum: DiscountSchedule,
    default: DiscountSchedule.constant,
    description:
      'constant: discountRate every year (a flat 3.5% beyond year 30 included); green_book_declining: HM Treasury Green Book declining long-term rates (3.5% to year 30, then 3%, 2.5%, ...), which requires discountRate 0.0350 (422 otherwise).',
  })
  @Optional()
  @IsEnum(DiscountSchedule)
  discountSchedule?: DiscountSchedule;

  @ApiPropertyOptional({
    enum: PaybackMethod,
    default: PaybackMethod.sroi_guide,
    description:
      "The report's headline payback: sroi_guide = investment ÷ (first-year value ÷ 12), the SROI Guide's; cumulative = months until cumulative undiscounted value covers the investment. The other is shown beside it.",
  })
  @Optional()
  @IsEnum(PaybackMethod)
  paybackMethod?: PaybackMethod;

  @ApiPropertyOptional({
    example: '12500000.00',
    nullable: true,
    type: String,
    description: 'Total contract value, money as a decimal string',
  })
  @Optional()
  @ValidateIf((_, v) => v !== null)
  @IsDecimalString({ scale: 2, integerDigits: 16, min: '0' })
  contractValue?: string | null;

  @ApiPropertyOptional({
    default: true,
    description:
      'Whether claimed, not yet verified, delivery counts in headline figures (it is always shown apart; disputed delivery never counts). false: verified delivery only.',
  })
  @Optional()
  @IsBoolean()
  countUnverified?: boolean;

  @ApiPropertyOptional({
    default: false,
    description:
      'Whether providers read the open book’s total in reports: the investment (every provider’s allowable cost) and every figure worked from it (ratios, net present value, payback, break-even points). false (default): withheld from providers, who could otherwise subtract their own costs and learn their rivals’; board, finance, auditors and admins always read them.',
  })
  @Optional()
  @IsBoolean()
  shareOpenBookWithProviders?: boolean;

  @ApiPropertyOptional({
    default: false,
    description:
      'Whether a financial return awaiting review (submitted, queried or resubmitted) counts, as provisional, in share evaluations and reports’ investment until finance decides it. false (default): only accepted returns count, so nobody pays or claws back on figures finance has not checked. A rejected or replaced revision never counts. A change re-evaluates every provider’s latest financial year and recomputes current reports.',
  })
  @Optional()
  @IsBoolean()
  provisionalReturnsCount?: boolean;

  @ApiPropertyOptional({
    default: true,
    description:
      'Whether a profit-share trigger must be settled by someone other than the person who acknowledged it (separation of duties). true (default); false lets one person do both, e.g. a partnership with one finance officer.',
  })
  @Optional()
  @IsBoolean()
  settlementSeparation?: boolean;

  @ApiPropertyOptional({
    example: 2026,
    nullable: true,
    type: Number,
    minimum: 1900,
    maximum: 2199,
    default: null,
    description:
      "The price year of the reports' pounds: every proxy value is uprated to it. null (default): the calendar year in which each report's period ends.",
  })
  @Optional()
  @Nullable()
  @IsInt()
  @Min(1900)
  @Max(2199)
  reportPriceYear?: number | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    default: null,
    description:
      'The price index series (GET /v1/index-series) that uprates proxies to the report price year. null (default): none, so a proxy in another price year is shown and not valued, with a warning.',
  })
  @Optional()
  @Nullable()
  @IsUUID('all')
  priceIndexSeriesId?: string | null;
}

export class UpdatePartnershipDto extends PatchType(CreatePartnershipDto) {}

export class ListPartnershipsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PartnershipStatus })
  @Optional()
  @IsEnum(PartnershipStatus)
  status?: PartnershipStatus;

  @ApiPropertyOptional({ enum: PartnershipModel })
  @Optional()
  @IsEnum(PartnershipModel)
  model?: PartnershipModel;

  @ApiPropertyOptional({ description: 'Case-insensitive part of the name' })
  @Optional()
  @IsString()
  @Length(1, 100)
  @IsNotBlank()
  q?: string;
}

export class PartnershipResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Northshire Employment Alliance' }) name!: string;
  @ApiProperty({ nullable: true, type: String }) purpose!: string | null;
  @ApiProperty({ enum: PartnershipModel }) model!: PartnershipModel;
  @ApiProperty({ enum: PartnershipStatus }) status!: PartnershipStatus;
  @ApiProperty({ example: '2026-04-01' }) startDate!: string;
  @ApiProperty({ example: '2031-03-31' }) endDate!: string;
  @ApiProperty({ example: 'GBP' }) currency!: string;
  @ApiProperty({ example: 4 }) fyStartMonth!: number;
  @ApiProperty({ example: '0.0350' }) discountRate!: string;
  @ApiProperty({ enum: DiscountConvention }) discountConvention!: DiscountConvention;
  @ApiProperty({ enum: DiscountSchedule }) discountSchedule!: DiscountSchedule;
  @ApiProperty({ enum: PaybackMethod }) paybackMethod!: PaybackMethod;
  @ApiProperty({ example: '12500000.00', nullable: true, type: String }) contractValue!:
    string | null;
  @ApiProperty() countUnverified!: boolean;
  @ApiProperty({
    description: 'Whether providers read the open book’s total (the investment) in reports',
  })
  shareOpenBookWithProviders!: boolean;
  @ApiProperty({
    description:
      'Whether returns awaiting review count as provisional in evaluations and reports (else accepted returns only)',
  })
  provisionalReturnsCount!: boolean;
  @ApiProperty({
    description: 'Whether a trigger is settled by someone other than its acknowledger',
  })
  settlementSeparation!: boolean;
  @ApiProperty({ example: 2026, nullable: true, type: Number }) reportPriceYear!: number | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) priceIndexSeriesId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(p: Partnership): PartnershipResponse {
    return {
      id: p.id,
      name: p.name,
      purpose: p.purpose,
      model: p.model,
      status: p.status,
      startDate: p.startDate,
      endDate: p.endDate,
      currency: p.currency,
      fyStartMonth: p.fyStartMonth,
      discountRate: decimalToString(p.discountRate, 4)!,
      discountConvention: p.discountConvention,
      discountSchedule: p.discountSchedule,
      paybackMethod: p.paybackMethod,
      contractValue: decimalToString(p.contractValue, 2),
      countUnverified: p.countUnverified,
      shareOpenBookWithProviders: p.shareOpenBookWithProviders,
      provisionalReturnsCount: p.provisionalReturnsCount,
      settlementSeparation: p.settlementSeparation,
      reportPriceYear: p.reportPriceYear,
      priceIndexSeriesId: p.priceIndexSeriesId,
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    };
  }
}

export class PartnershipPage {
  @ApiProperty({ type: [PartnershipResponse] }) data!: PartnershipResponse[];
  @ApiProperty() page!: PageInfo;
}

/** The caller's standing in one partnership, for clients that show only what it may do. */
export class PartnershipAccessResponse {
  @ApiProperty({
    enum: ['admin', 'board', 'finance', 'auditor', 'verifier', 'provider'],
    isArray: true,
  })
  roles!: string[];
  @ApiProperty({
    type: [String],
    description: 'Organisations the caller acts for as a provider',
  })
  providerOrganisationIds!: string[];
  @ApiProperty() isPlatformAdmin!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: ['any', 'own'] },
    example: { 'delivery-records:create': 'own', 'reports:read': 'any' },
    description:
      'Every entry of the access policy (docs/permissions.md) the caller passes here, as resource:action → provider scope',
  })
  permissions!: Record<string, 'any' | 'own'>;
}
