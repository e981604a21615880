import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEnum,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { DeliveryKind, DeliveryStatus, EvidenceGrade, type DeliveryRecord } from '@ol/persistence';
import {
  IntFromQuery,
  IsBigIntId,
  IsDateFilter,
  IsDateOnly,
  IsDecimalString,
  IsNotBlank,
  NestedObject,
  Optional,
} from '../../../common/validation/validators';

export class CreateDeliveryRecordDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  outcomeId!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The provider organisation delivering; defaults to the caller’s only provider organisation',
  })
  @Optional()
  @IsUUID()
  providerOrganisationId?: string;

  @ApiProperty({
    example: '2026-05-14',
    description: 'Date of the activity or outcome (calendar date)',
  })
  @IsDateOnly()
  activityDate!: string;

  @ApiProperty({
    example: '3',
    description: 'Quantity in the outcome’s unit, a decimal string ≥ 0 (at most 4 decimals)',
  })
  @IsDecimalString({ scale: 4, integerDigits: 14, min: '0' })
  quantity!: string;

  @ApiPropertyOptional({
    example: 'CASE-2026-0042',
    description: 'Where the evidence is (case file, document id)',
  })
  @Optional()
  @IsString()
  @Length(1, 500)
  @IsNotBlank()
  evidenceRef?: string;

  @ApiPropertyOptional({ enum: EvidenceGrade, default: EvidenceGrade.self_reported })
  @Optional()
  @IsEnum(EvidenceGrade)
  evidenceGrade?: EvidenceGrade;

  @ApiProperty({
    example: 'acorn-crm-88123',
    description:
      'Your own reference for the record, required: re-sending it adds nothing (the idempotency key per provider), so a retried request never stores a record twice',
  })
  @IsString()
  @Length(1, 200)
  @IsNotBlank()
  externalRef!: string;
}

export class CreateDeliveryBatchDto {
  @ApiProperty({
    type: [CreateDeliveryRecordDto],
    description: 'Up to 1,000 records; all or nothing. For more, use a CSV import.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @NestedObject(() => CreateDeliveryRecordDto, { each: true })
  records!: CreateDeliveryRecordDto[];
}

export class CorrectDeliveryRecordDto {
  @ApiProperty({
    enum: ['reverse', 'amend'],
    description: 'reverse: cancel the record; amend: cancel it and record the corrected facts',
  })
  @IsIn(['reverse', 'amend'])
  action!: 'reverse' | 'amend';

  @ApiProperty({ example: 'Duplicate of CASE-2026-0041' })
  @IsString()
  @Length(1, 1000)
  @IsNotBlank()
  reason!: string;

  @ApiPropertyOptional({ example: '2', description: 'amend: the corrected quantity' })
  @Optional()
  @IsDecimalString({ scale: 4, integerDigits: 14, min: '0' })
  quantity?: string;

  @ApiPropertyOptional({ example: '2026-05-15', description: 'amend: the corrected date' })
  @Optional()
  @IsDateOnly()
  activityDate?: string;

  @ApiPropertyOptional({ description: 'amend: the corrected evidence reference' })
  @Optional()
  @IsString()
  @Length(1, 500)
  @IsNotBlank()
  evidenceRef?: string;

  @ApiPropertyOptional({ enum: EvidenceGrade })
  @Optional()
  @IsEnum(EvidenceGrade)
  evidenceGrade?: EvidenceGrade;
}

export class ListDeliveryRecordsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  outcomeId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  providerOrganisationId?: string;

  @ApiPropertyOptional({ example: '2026-04-01', description: 'Activity on or after' })
  @Optional()
  @IsDateFilter()
  from?: string;

  @ApiPropertyOptional({ example: '2026-06-30', description: 'Activity on or before' })
  @Optional()
  @IsDateFilter()
  to?: string;

  @ApiPropertyOptional({ enum: DeliveryStatus })
  @Optional()
  @IsEnum(DeliveryStatus)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ enum: DeliveryKind })
  @Optional()
  @IsEnum(DeliveryKind)
  kind?: DeliveryKind;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100 })
  @Optional()
  @IntFromQuery()
  @IsInt()
  @Min(1)
  @Max(500)
  limit = 100;

  @ApiPropertyOptional({
    example: '1042',
    description: 'Cursor: return records after this id (from page.nextCursor)',
  })
  @Optional()
  @IsBigIntId({ message: 'must be a cursor returned by a previous page' })
  after?: string;
}

export class DeliveryRecordResponse {
  @ApiProperty({ example: '1042', description: 'Record id (a whole number, as a string)' })
  id!: string;
  @ApiProperty({ format: 'uuid' }) partnershipId!: string;
  @ApiProperty({ format: 'uuid' }) outcomeId!: string;
  @ApiProperty({ format: 'uuid' }) providerOrganisationId!: string;
  @ApiProperty({ example: '2026-05-14' }) activityDate!: string;
  @ApiProperty({ example: '3.0000' }) quantity!: string;
  @ApiProperty({ nullable: true, type: String }) evidenceRef!: string | null;
  @ApiProperty({ enum: EvidenceGrade, description: 'The evidence grade the provider claimed' })
  evidenceGrade!: EvidenceGrade;
  @ApiProperty({
    enum: EvidenceGrade,
    nullable: true,
    description:
      'The evidence grade a verifier assigned when verifying or resolving a dispute (null until then, and again while disputed)',
  })
  verifierEvidenceGrade!: EvidenceGrade | null;
  @ApiProperty({ nullable: true, type: String }) externalRef!: string | null;
  @ApiProperty({ enum: DeliveryKind }) kind!: DeliveryKind;
  @ApiProperty({ nullable: true, type: String, description: 'The record this one corrects' })
  correctsId!: string | null;
  @ApiProperty({ nullable: true, type: String }) correctionReason!: string | null;
  @ApiProperty({
    enum: DeliveryStatus,
    description:
      'claimed, verified, disputed (shown beside the figures, never counted) or rejected (a dispute upheld: counts nowhere)',
  })
  status!: DeliveryStatus;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) reviewedBy!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) reviewedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) reviewNote!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) importId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(r: DeliveryRecord): DeliveryRecordResponse {
    return {
      id: r.id.toString(),
      partnershipId: r.partnershipId,
      outcomeId: r.outcomeId,
      providerOrganisationId: r.providerOrgId,
      activityDate: r.activityDate,
      quantity: r.quantity,
      evidenceRef: r.evidenceRef,
      evidenceGrade: r.evidenceGrade,
      verifierEvidenceGrade: r.verifierEvidenceGrade,
      externalRef: r.externalRef,
      kind: r.kind,
      correctsId: r.correctsId?.toString() ?? null,
      correctionReason: r.correctionReason,
      status: r.status,
      reviewedBy: r.reviewedBy,
      reviewedAt: r.reviewedAt,
      reviewNote: r.reviewNote,
      importId: r.importId,
      createdAt: r.createdAt,
    };
  }
}

export class DeliveryRecordDetail extends DeliveryRecordResponse {
  @ApiProperty({
    type: [DeliveryRecordResponse],
    description: 'Reversals and amendments of this record',
  })
  corrections!: DeliveryRecordResponse[];
}

export class KeysetPageInfo {
  @ApiProperty() limit!: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `after` for the next page; null at the end',
  })
  nextCursor!: string | null;
}

export class DeliveryRecordPage {
  @ApiProperty({ type: [DeliveryRecordResponse] }) data!: DeliveryRecordResponse[];
  @ApiProperty() page!: KeysetPageInfo;
}

export class DeliveryBatchResult {
  @ApiProperty({ example: 98 }) created!: number;
  @ApiProperty({
    example: 2,
    description: 'Records whose externalRef was already stored (nothing added)',
  })
  duplicates!: number;
  @ApiProperty({ type: [DeliveryRecordResponse] }) records!: DeliveryRecordResponse[];
}

export class CorrectionResult {
  @ApiProperty({ type: DeliveryRecordResponse }) reversal!: DeliveryRecordResponse;
  @ApiProperty({ type: DeliveryRecordResponse, nullable: true })
  amendment!: DeliveryRecordResponse | null;
}
