import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsString,
  IsUUID,
  Length,
} from 'class-validator';
import {
  CostCategory,
  ReturnReviewStatus,
  type FinancialReturnWithLines,
  type JobRun,
} from '@ol/persistence';
import { JobRunResponse } from '../../reports/dto/report.dto';
import {
  IsDecimalString,
  IsNotBlank,
  NestedObject,
  Optional,
} from '../../../common/validation/validators';
import { MONEY, EVALUATION_JOBS } from './finance-fields';

export class CostLineDto {
  @ApiProperty({ enum: CostCategory, example: CostCategory.direct })
  @IsEnum(CostCategory)
  category!: CostCategory;

  @ApiPropertyOptional({ example: 'Employment coaches' })
  @Optional()
  @IsString()
  @Length(1, 500)
  @IsNotBlank()
  description?: string;

  @ApiProperty({ example: '182500.00', description: 'Money as a decimal string' })
  @IsDecimalString(MONEY)
  amount!: string;

  @ApiPropertyOptional({
    default: true,
    description: 'false: excluded from the allowable cost of the open book',
  })
  @Optional()
  @IsBoolean()
  allowable?: boolean;
}

export class SubmitReturnDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The provider organisation; defaults to the caller’s only one',
  })
  @Optional()
  @IsUUID()
  providerOrganisationId?: string;

  @ApiProperty({
    example: '2026-27 Q1',
    description: "The quarter of the partnership's financial year",
  })
  @IsString()
  @Length(4, 20)
  period!: string;

  @ApiProperty({ example: '250000.00' })
  @IsDecimalString({ ...MONEY, min: '0' })
  revenue!: string;

  @ApiProperty({ type: [CostLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @NestedObject(() => CostLineDto, { each: true })
  costs!: CostLineDto[];

  @ApiPropertyOptional({
    example: '230000.00',
    description: 'Target cost for pain-share (overruns)',
  })
  @Optional()
  @IsDecimalString({ ...MONEY, min: '0' })
  targetCost?: string;

  @ApiPropertyOptional({
    example: 'Restated: agency staff invoice arrived late',
    description:
      'A revision submitted while the previous one is queried answers the query: this is its answer',
  })
  @Optional()
  @IsString()
  @Length(1, 2000)
  @IsNotBlank()
  note?: string;
}

export class ListReturnsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  providerOrganisationId?: string;

  @ApiPropertyOptional({ example: '2026-27', description: 'A financial year or quarter label' })
  @Optional()
  @IsString()
  @Length(4, 20)
  period?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Include every restated revision' })
  @Optional()
  @IsIn(['true', 'false'])
  allRevisions?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: ReturnReviewStatus,
    description:
      'Only revisions in this review status (then the latest such revision per period): `submitted` lists what awaits review; `accepted` what evaluations count',
  })
  @Optional()
  @IsEnum(ReturnReviewStatus)
  reviewStatus?: ReturnReviewStatus;
}

export class CostLineResponse {
  @ApiProperty() lineNo!: number;
  @ApiProperty({ enum: CostCategory }) category!: CostCategory;
  @ApiProperty({ nullable: true, type: String }) description!: string | null;
  @ApiProperty({ example: '182500.00' }) amount!: string;
  @ApiProperty() allowable!: boolean;
}

export class FinancialReturnResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) providerOrganisationId!: string;
  @ApiProperty({ example: '2026-27 Q1' }) period!: string;
  @ApiProperty({ example: '2026-04-01' }) periodStart!: string;
  @ApiProperty({ example: '2026-06-30' }) periodEnd!: string;
  @ApiProperty({ example: 1, description: '2+ for restatements; earlier revisions are kept' })
  revision!: number;
  @ApiProperty({ example: '250000.00' }) revenue!: string;
  @ApiProperty({ example: '230000.00', description: 'Sum of allowable cost lines' })
  allowableCost!: string;
  @ApiProperty({ nullable: true, type: String }) targetCost!: string | null;
  @ApiProperty({ type: [CostLineResponse] }) costs!: CostLineResponse[];
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) submittedBy!: string | null;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({
    enum: ReturnReviewStatus,
    description:
      'submitted → queried (finance asks) → resubmitted (the provider answers, or a new revision replaces the queried one) → accepted or rejected; superseded: replaced by a later revision before a decision. Evaluations and reports count the latest accepted revision of a period (and, where the partnership lets them, revisions awaiting a decision as provisional); history: GET …/financial-returns/{id}/reviews',
  })
  reviewStatus!: ReturnReviewStatus;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Who took the last review step after submission',
  })
  reviewedBy!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) reviewedAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The open question, the provider’s answer or the reason for the decision',
  })
  reviewNote!: string | null;

  static from(r: FinancialReturnWithLines, allowableCost: string): FinancialReturnResponse {
    return {
      id: r.id,
      providerOrganisationId: r.providerOrgId,
      period: r.periodLabel,
      periodStart: r.periodStart,
      periodEnd: r.periodEnd,
      revision: r.revision,
      revenue: r.revenue,
      allowableCost,
      targetCost: r.targetCost,
      costs: r.lines.map((l) => ({
        lineNo: l.lineNo,
        category: l.category,
        description: l.description,
        amount: l.amount,
        allowable: l.allowable,
      })),
      note: r.note,
      submittedBy: r.submittedBy,
      submittedAt: r.submittedAt,
      reviewStatus: r.reviewStatus,
      reviewedBy: r.reviewedBy,
      reviewedAt: r.reviewedAt,
      reviewNote: r.reviewNote,
    };
  }
}

export class SubmittedReturnResponse extends FinancialReturnResponse {
  @ApiProperty({ type: [JobRunResponse], description: EVALUATION_JOBS })
  evaluationJobs!: JobRunResponse[];

  static fromSubmitted(
    r: FinancialReturnWithLines,
    allowableCost: string,
    runs: JobRun[],
  ): SubmittedReturnResponse {
    return {
      ...FinancialReturnResponse.from(r, allowableCost),
      evaluationJobs: runs.map(JobRunResponse.from),
    };
  }
}

export class FinancialReturnList {
  @ApiProperty({ type: [FinancialReturnResponse] }) data!: FinancialReturnResponse[];
}
