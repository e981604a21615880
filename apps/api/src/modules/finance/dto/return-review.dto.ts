import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import {
  ReturnReviewEvent,
  ReturnReviewStatus,
  type FinancialReturn,
  type FinancialReturnReview,
} from '@ol/persistence';
import { IsNotBlank, Optional } from '../../../common/validation/validators';

export class QueryReturnDto {
  @ApiProperty({
    example: 'The agency staff line is twice last quarter’s: which invoices does it cover?',
    description: 'The question the provider answers (a reply, or a new revision of the period)',
  })
  @IsString()
  @Length(1, 2000)
  @IsNotBlank()
  question!: string;
}

export class AnswerReturnQueryDto {
  @ApiProperty({
    example: 'Invoices 2026-118 to 2026-131: cover for two coaches on long-term sick leave',
    description:
      'The provider’s reply to the open query (once per query; to change the figures, submit a new revision of the period instead)',
  })
  @IsString()
  @Length(1, 2000)
  @IsNotBlank()
  answer!: string;
}

export class DecideReturnDto {
  @ApiProperty({
    enum: ['accepted', 'rejected'],
    description:
      'accepted: the revision counts in evaluations and reports (the latest accepted revision of its period); rejected: it never counts (the provider may submit a new revision)',
  })
  @IsIn(['accepted', 'rejected'])
  decision!: 'accepted' | 'rejected';

  @ApiPropertyOptional({
    example: 'Agrees with the audited management accounts',
    description: 'Why: required when rejecting',
  })
  @Optional()
  @IsString()
  @Length(1, 2000)
  @IsNotBlank()
  reason?: string;
}

export class ReturnReviewEventResponse {
  @ApiProperty({ example: '17' }) id!: string;
  @ApiProperty({
    enum: ReturnReviewEvent,
    description:
      'submitted, resubmitted (a revision answering a query), queried (finance’s question), answered (the provider’s reply), accepted, rejected, superseded (replaced by a later revision before a decision)',
  })
  event!: ReturnReviewEvent;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Who (null only for a migrated step)',
  })
  actorId!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The question, the answer, the reason for a decision, or the submission’s note',
  })
  note!: string | null;
  @ApiProperty({
    description:
      'Reconstructed when returns began to be reviewed (December 2026): revisions stored before then counted when submitted',
  })
  migrated!: boolean;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;

  static from(e: FinancialReturnReview): ReturnReviewEventResponse {
    return {
      id: e.id.toString(),
      event: e.event,
      actorId: e.actorId,
      note: e.note,
      migrated: e.migrated,
      occurredAt: e.occurredAt,
    };
  }
}

export class ReturnReviewHistory {
  @ApiProperty({ format: 'uuid' }) returnId!: string;
  @ApiProperty({ example: '2026-27 Q1' }) period!: string;
  @ApiProperty({ example: 1 }) revision!: number;
  @ApiProperty({ enum: ReturnReviewStatus }) reviewStatus!: ReturnReviewStatus;
  @ApiProperty({ description: 'Whether the provider may answer now (the revision is queried)' })
  awaitingAnswer!: boolean;
  @ApiProperty({ type: [ReturnReviewEventResponse], description: 'Oldest first' })
  events!: ReturnReviewEventResponse[];

  static from(r: FinancialReturn, events: FinancialReturnReview[]): ReturnReviewHistory {
    return {
      returnId: r.id,
      period: r.periodLabel,
      revision: r.revision,
      reviewStatus: r.reviewStatus,
      awaitingAnswer: r.reviewStatus === 'queried',
      events: events.map((e) => ReturnReviewEventResponse.from(e)),
    };
  }
}
