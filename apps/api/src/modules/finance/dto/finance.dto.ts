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
  failureOf,
  ReturnReviewStatus,
  ShareEvaluationStatus,
  SurplusBasis,
  type FinancialReturnWithLines,
  type JobRun,
  type ShareEvaluation,
  type ShareRule,
  type ShareTrigger,
} from '@ol/persistence';
import type { ExplanationStep } from '@ol/outcomes';
import { ExplanationStepResponse } from '../../../common/http/explanation-step.response';
import { PageInfo, PageQuery } from '../../../common/http/pagination.query';
import { JobRunResponse } from '../../reports/dto/report.dto';
import {
  dateToDateOnly,
  decimalToString,
  IsDecimalString,
  IsNotBlank,
  NestedObject,
  Nullable,
  Optional,
} from '../../../common/validation/validators';

const MONEY = { scale: 2, integerDigits: 16 } as const;
/** The states of a share rule's position, the same words in the API, webhooks and the document. */
const SURPLUS_STATES = ['below', 'warning', 'above', 'pain_share'];
const FRACTION = { scale: 4, min: '0', max: '1' } as const;

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
      periodStart: dateToDateOnly(r.periodStart),
      periodEnd: dateToDateOnly(r.periodEnd),
      revision: r.revision,
      revenue: r.revenue.toFixed(2),
      allowableCost,
      targetCost: decimalToString(r.targetCost, 2),
      costs: r.lines.map((l) => ({
        lineNo: l.lineNo,
        category: l.category,
        description: l.description,
        amount: l.amount.toFixed(2),
        allowable: l.allowable,
      })),
      note: r.note,
      submittedBy: r.submittedBy,
      submittedAt: r.submittedAt.toISOString(),
      reviewStatus: r.reviewStatus,
      reviewedBy: r.reviewedBy,
      reviewedAt: r.reviewedAt?.toISOString() ?? null,
      reviewNote: r.reviewNote,
    };
  }
}

const EVALUATION_JOBS =
  'The evaluations this asked for, one per provider and share rule in force (none without rules): poll each at GET /v1/partnerships/{partnershipId}/jobs/{id}. One the rules cannot complete ends `failed` with the reason, and its evaluation is listed by GET …/share-evaluations?status=failed.';

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

export class ShareBandDto {
  @ApiPropertyOptional({
    example: '0.05',
    description:
      'Upper edge in margin points above the reasonable-surplus rate (0.05 = 5 points); omit on the last band',
  })
  @Optional()
  @IsDecimalString({ scale: 6, min: '0', max: '10' })
  upTo?: string;

  @ApiProperty({ example: '0.5', description: 'Share of this band’s excess kept by the provider' })
  @IsDecimalString(FRACTION)
  provider!: string;

  @ApiProperty({ example: '0.5', description: 'Share returned to the commissioner' })
  @IsDecimalString(FRACTION)
  commissioner!: string;

  @ApiPropertyOptional({ example: '0', description: 'Share paid to the community fund' })
  @Optional()
  @IsDecimalString(FRACTION)
  communityFund?: string;
}

export class PainShareDto {
  @ApiProperty({
    example: '0.5',
    description: 'Share of an overrun against the target cost borne by the provider',
  })
  @IsDecimalString(FRACTION)
  providerShare!: string;

  @ApiPropertyOptional({ example: '50000.00', description: 'Most the provider bears' })
  @Optional()
  @IsDecimalString({ ...MONEY, min: '0' })
  providerCap?: string;
}

export class CreateShareRuleDto {
  @ApiProperty({ example: 'Open-book margin share 2026' })
  @IsString()
  @Length(1, 200)
  @IsNotBlank()
  name!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'One provider; omit for every provider of the partnership',
  })
  @Optional()
  @IsUUID()
  providerOrganisationId?: string;

  @ApiProperty({
    enum: SurplusBasis,
    example: SurplusBasis.cost,
    description: 'Margin on cost or on revenue',
  })
  @IsEnum(SurplusBasis)
  basis!: SurplusBasis;

  @ApiProperty({
    example: '0.050000',
    description: 'Reasonable-surplus rate (0.05 = 5% of the basis)',
  })
  @IsDecimalString({ scale: 6, min: '0', max: '10', maxExclusive: true })
  reasonableRate!: string;

  @ApiPropertyOptional({
    example: '0.8',
    default: '0.8',
    description: 'Early warning at this fraction of the threshold',
  })
  @Optional()
  @IsDecimalString({ scale: 4, min: '0.0001', max: '1' })
  warningLevel?: string;

  @ApiProperty({
    type: [ShareBandDto],
    description: 'Ordered bands for the excess; the last is open-ended',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @NestedObject(() => ShareBandDto, { each: true })
  bands!: ShareBandDto[];

  @ApiPropertyOptional({ type: PainShareDto, nullable: true, description: 'null or absent: none' })
  @Optional()
  @Nullable()
  @NestedObject(() => PainShareDto)
  painShare?: PainShareDto | null;

  @ApiPropertyOptional({ format: 'uuid', description: 'Where community-fund shares go' })
  @Optional()
  @IsUUID()
  communityFundOrganisationId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The rule this one replaces (it is kept, marked superseded)',
  })
  @Optional()
  @IsUUID()
  supersedes?: string;
}

export class ShareRuleResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) providerOrganisationId!:
    string | null;
  @ApiProperty({ enum: SurplusBasis }) basis!: SurplusBasis;
  @ApiProperty({ example: '0.050000' }) reasonableRate!: string;
  @ApiProperty({ example: '0.8000' }) warningLevel!: string;
  @ApiProperty({ type: [ShareBandDto] }) bands!: ShareBandDto[];
  @ApiProperty({ nullable: true, type: PainShareDto }) painShare!: PainShareDto | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) communityFundOrganisationId!:
    string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) supersedes!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) supersededAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(r: ShareRule): ShareRuleResponse {
    return {
      id: r.id,
      name: r.name,
      providerOrganisationId: r.providerOrgId,
      basis: r.basis,
      reasonableRate: r.reasonableRate.toFixed(6),
      warningLevel: r.warningLevel.toFixed(4),
      bands: r.bands as unknown as ShareBandDto[],
      painShare: r.painShareProvider
        ? {
            providerShare: r.painShareProvider.toFixed(4),
            ...(r.painShareCap ? { providerCap: r.painShareCap.toFixed(2) } : {}),
          }
        : null,
      communityFundOrganisationId: r.communityFundOrgId,
      supersedes: r.supersedesId,
      supersededAt: r.supersededAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
    };
  }
}

export class CreatedShareRuleResponse extends ShareRuleResponse {
  @ApiProperty({ type: [JobRunResponse], description: EVALUATION_JOBS })
  evaluationJobs!: JobRunResponse[];

  static fromCreated(r: ShareRule, runs: JobRun[]): CreatedShareRuleResponse {
    return { ...ShareRuleResponse.from(r), evaluationJobs: runs.map(JobRunResponse.from) };
  }
}

export class ShareRuleList {
  @ApiProperty({ type: [ShareRuleResponse] }) data!: ShareRuleResponse[];
}

export class SharesResponse {
  @ApiProperty({ example: '6250.00' }) provider!: string;
  @ApiProperty({ example: '6250.00' }) commissioner!: string;
  @ApiProperty({ example: '0.00' }) communityFund!: string;
}

export class EvaluationFailureResponse {
  @ApiProperty({
    example:
      'The 2026-27 Q2 return (revision 1): targetCost is required when the rule has pain-share.',
  })
  reason!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'targetCost',
    description: 'The field of the return (or rule) the rule could not evaluate, when known',
  })
  field!: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The return that carries it (the revision evaluated), when known',
  })
  returnId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-27 Q2' }) period!: string | null;
}

export class ShareEvaluationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) ruleId!: string;
  @ApiProperty({ format: 'uuid' }) providerOrganisationId!: string;
  @ApiProperty({ example: '2026-27 to 2026-09-30' }) window!: string;
  @ApiProperty({
    enum: ShareEvaluationStatus,
    description:
      'completed: the figures; failed: the rule could not evaluate the returns (no figures, no trigger; see failure)',
  })
  status!: ShareEvaluationStatus;
  @ApiProperty({ type: EvaluationFailureResponse, nullable: true, description: 'When failed: why' })
  failure!: EvaluationFailureResponse | null;
  @ApiProperty({
    enum: [...SURPLUS_STATES, null],
    nullable: true,
    description: 'null when failed',
  })
  state!: string | null;
  @ApiProperty({ example: '500000.00', nullable: true, type: String }) revenue!: string | null;
  @ApiProperty({ example: '440000.00', nullable: true, type: String }) allowableCost!:
    string | null;
  @ApiProperty({ example: '60000.00', nullable: true, type: String }) surplus!: string | null;
  @ApiProperty({ example: '22000.00', nullable: true, type: String }) reasonableSurplus!:
    string | null;
  @ApiProperty({ example: '38000.00', nullable: true, type: String }) excess!: string | null;
  @ApiProperty({ type: SharesResponse, nullable: true }) shares!: SharesResponse | null;
  @ApiProperty({
    description: 'The working: every step from libs/outcomes (none when failed)',
    type: () => [ExplanationStepResponse],
  })
  explanation!: readonly ExplanationStep[];
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description:
      'Returns it counted while they awaited review (provisional: the partnership sets provisionalReturnsCount); empty when it counted accepted returns only. Accepting them makes a new evaluation with the same figures',
  })
  provisionalReturnIds!: string[];
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The job that evaluated it: GET /v1/partnerships/{partnershipId}/jobs/{id}',
  })
  jobId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(e: ShareEvaluation): ShareEvaluationResponse {
    const money = (v: { toFixed(dp: number): string } | null) => v?.toFixed(2) ?? null;
    return {
      id: e.id,
      ruleId: e.ruleId,
      providerOrganisationId: e.providerOrgId,
      window: e.windowLabel,
      status: e.status,
      failure: failureOf(e),
      state: e.state,
      revenue: money(e.revenue),
      allowableCost: money(e.allowableCost),
      surplus: money(e.surplus),
      reasonableSurplus: money(e.reasonableSurplus),
      excess: money(e.excess),
      shares:
        e.status === 'completed'
          ? {
              provider: money(e.providerShare)!,
              commissioner: money(e.commissionerShare)!,
              communityFund: money(e.communityShare)!,
            }
          : null,
      // The stored result is the SurplusShareEvaluation libs/outcomes returned (its steps).
      explanation: (e.result as { steps?: readonly ExplanationStep[] }).steps ?? [],
      provisionalReturnIds:
        (e.result as { provisionalReturnIds?: string[] }).provisionalReturnIds ?? [],
      jobId: e.runId,
      createdAt: e.createdAt.toISOString(),
    };
  }
}

export class ShareEvaluationList {
  @ApiProperty({ type: [ShareEvaluationResponse] }) data!: ShareEvaluationResponse[];
  @ApiProperty() page!: PageInfo;
}

export class TriggerResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) ruleId!: string;
  @ApiProperty({ format: 'uuid' }) providerOrganisationId!: string;
  @ApiProperty({ example: '2026-04-01' }) windowStart!: string;
  @ApiProperty({ example: '2026-09-30' }) windowEnd!: string;
  @ApiProperty({ example: 1 }) crossingNo!: number;
  @ApiProperty({
    enum: SURPLUS_STATES,
    example: 'below',
    description:
      'The state crossed from (`below` for the first evaluation of the window); the trigger.raised webhook says the same',
  })
  fromState!: string;
  @ApiProperty({ enum: SURPLUS_STATES, example: 'above' })
  toState!: string;
  @ApiProperty({ example: '38000.00' }) excess!: string;
  @ApiProperty({ description: 'Amounts due to each party' }) shares!: SharesResponse;
  @ApiProperty({ enum: ['open', 'acknowledged', 'settled'] }) status!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) acknowledgedBy!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) acknowledgedAt!:
    string | null;
  @ApiProperty({ nullable: true, type: String }) acknowledgeNote!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) settledBy!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) settledAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) settleNote!: string | null;
  @ApiProperty({ format: 'uuid' }) evaluationId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(t: ShareTrigger): TriggerResponse {
    return {
      id: t.id,
      ruleId: t.ruleId,
      providerOrganisationId: t.providerOrgId,
      windowStart: dateToDateOnly(t.windowStart),
      windowEnd: dateToDateOnly(t.windowEnd),
      crossingNo: t.crossingNo,
      fromState: t.fromState,
      toState: t.toState,
      excess: t.excess.toFixed(2),
      shares: {
        provider: t.providerShare.toFixed(2),
        commissioner: t.commissionerShare.toFixed(2),
        communityFund: t.communityShare.toFixed(2),
      },
      status: t.status,
      acknowledgedBy: t.acknowledgedBy,
      acknowledgedAt: t.acknowledgedAt?.toISOString() ?? null,
      acknowledgeNote: t.acknowledgeNote,
      settledBy: t.settledBy,
      settledAt: t.settledAt?.toISOString() ?? null,
      settleNote: t.settleNote,
      evaluationId: t.evaluationId,
      createdAt: t.createdAt.toISOString(),
    };
  }
}

export class TriggerList {
  @ApiProperty({ type: [TriggerResponse] }) data!: TriggerResponse[];
}

export class ListTriggersQuery {
  @ApiPropertyOptional({ enum: ['open', 'acknowledged', 'settled'] })
  @Optional()
  @IsIn(['open', 'acknowledged', 'settled'])
  status?: 'open' | 'acknowledged' | 'settled';
}

export class TriggerActionDto {
  @ApiProperty({ example: 'Invoice 2026-118 raised to the provider for the commissioner’s share' })
  @IsString()
  @Length(1, 2000)
  @IsNotBlank()
  note!: string;
}

export class ListRulesQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Include rules that were replaced' })
  @Optional()
  @IsIn(['true', 'false'])
  includeSuperseded?: 'true' | 'false';
}

export class ListEvaluationsQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  ruleId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'One provider (providers see only their own)',
  })
  @Optional()
  @IsUUID()
  providerOrganisationId?: string;

  @ApiPropertyOptional({
    enum: ShareEvaluationStatus,
    description: 'failed: the evaluations the rules could not complete, with why',
  })
  @Optional()
  @IsEnum(ShareEvaluationStatus)
  status?: ShareEvaluationStatus;
}
