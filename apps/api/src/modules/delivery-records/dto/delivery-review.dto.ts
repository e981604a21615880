import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsIn, IsString, Length } from 'class-validator';
import {
  DeliveryStatus,
  EvidenceGrade,
  ReviewEvent,
  type DeliveryRecord,
  type DeliveryRecordReview,
} from '@ol/persistence';
import { IsNotBlank, Optional } from '../../../common/validation/validators';

export class ReviewDeliveryRecordDto {
  @ApiProperty({
    enum: ['verified', 'disputed'],
    description:
      'verified: a claimed record checked; disputed: a claimed or verified record questioned (needs a note giving the reason)',
  })
  @IsIn(['verified', 'disputed'])
  status!: 'verified' | 'disputed';

  @ApiPropertyOptional({
    example: 'Checked against payroll evidence',
    description: 'Required when disputing: the reason, which the provider answers',
  })
  @Optional()
  @IsString()
  @Length(1, 1000)
  @IsNotBlank()
  note?: string;

  @ApiPropertyOptional({
    enum: EvidenceGrade,
    description:
      'verified only: the evidence grade you assign (kept apart from the one the provider claimed)',
  })
  @Optional()
  @IsEnum(EvidenceGrade)
  evidenceGrade?: EvidenceGrade;
}

export class AnswerDisputeDto {
  @ApiProperty({
    example: 'The start date is on the signed employer letter, uploaded as CASE-2026-0042-b',
    description: 'The provider’s response to the open dispute (one answer per dispute)',
  })
  @IsString()
  @Length(1, 2000)
  @IsNotBlank()
  response!: string;
}

export class ResolveDisputeDto {
  @ApiProperty({
    enum: ['accepted', 'upheld'],
    description:
      'accepted: the claim stands, the record becomes verified; upheld: the dispute stands, the record is rejected (final: it counts nowhere in reports, and stays visible with its history)',
  })
  @IsIn(['accepted', 'upheld'])
  decision!: 'accepted' | 'upheld';

  @ApiProperty({ example: 'Employer letter confirms the start date', description: 'Why' })
  @IsString()
  @Length(1, 1000)
  @IsNotBlank()
  note!: string;

  @ApiPropertyOptional({
    enum: EvidenceGrade,
    description: 'The evidence grade you assign (kept apart from the one the provider claimed)',
  })
  @Optional()
  @IsEnum(EvidenceGrade)
  evidenceGrade?: EvidenceGrade;
}

export class DeliveryReviewEventResponse {
  @ApiProperty({ example: '17' }) id!: string;
  @ApiProperty({
    enum: ReviewEvent,
    description:
      'verified, disputed, answered (by the provider), accepted (dispute resolved: verified) or upheld (dispute resolved: rejected)',
  })
  event!: ReviewEvent;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Who (null only for a migrated event whose reviewer was not recorded)',
  })
  actorId!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The dispute’s reason, the provider’s response, the resolution’s reason or a note',
  })
  note!: string | null;
  @ApiProperty({
    enum: EvidenceGrade,
    nullable: true,
    description: 'The grade the verifier assigned with this event',
  })
  evidenceGrade!: EvidenceGrade | null;
  @ApiProperty({
    description:
      'Reconstructed from the record’s last review when the history began (December 2026); earlier reviews were not kept',
  })
  migrated!: boolean;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;

  static from(e: DeliveryRecordReview): DeliveryReviewEventResponse {
    return {
      id: e.id.toString(),
      event: e.event,
      actorId: e.actorId,
      note: e.note,
      evidenceGrade: e.evidenceGrade,
      migrated: e.migrated,
      occurredAt: e.occurredAt,
    };
  }
}

export class DeliveryReviewHistory {
  @ApiProperty({ example: '1042' }) recordId!: string;
  @ApiProperty({ enum: DeliveryStatus }) status!: DeliveryStatus;
  @ApiProperty({ enum: EvidenceGrade, description: 'The grade the provider claimed' })
  evidenceGrade!: EvidenceGrade;
  @ApiProperty({ enum: EvidenceGrade, nullable: true, description: 'The verifier’s grade' })
  verifierEvidenceGrade!: EvidenceGrade | null;
  @ApiProperty({
    description:
      'Whether the provider may answer now (the record is disputed and not yet answered)',
  })
  awaitingAnswer!: boolean;
  @ApiProperty({ type: [DeliveryReviewEventResponse], description: 'Oldest first' })
  events!: DeliveryReviewEventResponse[];

  static from(record: DeliveryRecord, events: DeliveryRecordReview[]): DeliveryReviewHistory {
    const last = events[events.length - 1];
    return {
      recordId: record.id.toString(),
      status: record.status,
      evidenceGrade: record.evidenceGrade,
      verifierEvidenceGrade: record.verifierEvidenceGrade,
      awaitingAnswer: record.status === 'disputed' && last?.event !== 'answered',
      events: events.map((e) => DeliveryReviewEventResponse.from(e)),
    };
  }
}
