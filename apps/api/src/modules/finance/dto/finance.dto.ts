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
  type FinancialReturnWithLines,
  type JobRun,
  type ShareEvaluation,
  type StoredPartyPosition,
} from '@ol/persistence';
import {
  CONTRACT_RULE_KINDS,
  PARTY_ROLES,
  partyOrganisation,
  type ExplanationStep,
} from '@ol/outcomes';
import { ExplanationStepResponse } from '../../../common/http/explanation-step.response';
import { PageInfo, PageQuery } from '../../../common/http/pagination.query';
import { JobRunResponse } from '../../reports/dto/report.dto';
import {
  dateToDateOnly,
  decimalToString,
  IsDecimalString,
  IsNotBlank,
  NestedObject,
  Optional,
} from '../../../common/validation/validators';

export const MONEY = { scale: 2, integerDigits: 16 } as const;
/** The states of a share rule's position, the same words in the API, webhooks and the document. */
export const SURPLUS_STATES = ['below', 'warning', 'above', 'pain_share'];

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

export const EVALUATION_JOBS =
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

/** One party's position under an evaluation (its entitlement in the settlement ledger). */
export class PartyPositionResponse {
  @ApiProperty({
    example: 'provider',
    description:
      "The rule's party id: a member organisation's id, or `provider` (the provider evaluated), `commissioner`, `community_fund`",
  })
  partyId!: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The organisation it stands for (null for the commissioner or fund placeholders)',
  })
  organisationId!: string | null;
  @ApiProperty({ example: 'Northside Care' }) name!: string;
  @ApiProperty({ enum: PARTY_ROLES }) role!: string;
  @ApiProperty({ example: '10000.00', description: 'Its share of the gain' }) receives!: string;
  @ApiProperty({ example: '0.00', description: 'Its share of the pain (overrun) borne' })
  bears!: string;
  @ApiProperty({
    example: '10000.00',
    description: 'receives − bears: its entitlement (negative: it owes or absorbs)',
  })
  net!: string;
  @ApiProperty({
    example: '50000.00',
    nullable: true,
    type: String,
    description: 'The most it bears of an overrun (its cap under the rule), if it has one',
  })
  painCap!: string | null;
  @ApiProperty({ description: 'True when its cap limited what it bears' }) painCapped!: boolean;

  static list(positions: unknown, providerOrgId: string): PartyPositionResponse[] {
    return ((positions as StoredPartyPosition[] | null) ?? []).map((p) => ({
      partyId: p.partyId,
      organisationId: partyOrganisation(p.partyId, providerOrgId),
      name: p.name,
      role: p.role,
      receives: p.receives,
      bears: p.bears,
      net: p.net,
      painCap: p.painCap ?? null,
      painCapped: p.painCapped ?? false,
    }));
  }
}

export class EvaluationFailureResponse {
  @ApiProperty({
    example:
      'The 2026-27 Q2 return (revision 1): targetCost is required: the rule takes its target cost from the returns.',
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
  @ApiProperty({
    enum: [...CONTRACT_RULE_KINDS, null],
    nullable: true,
    description: 'The kind of rule evaluated (null when failed)',
  })
  kind!: string | null;
  @ApiProperty({
    example: '22000.00',
    nullable: true,
    type: String,
    description: 'Reasonable-surplus rules only',
  })
  reasonableSurplus!: string | null;
  @ApiProperty({
    example: '38000.00',
    nullable: true,
    type: String,
    description:
      'SIGNED: surplus − reasonable surplus, or target cost − actual cost; a shortfall or overrun is negative, not 0',
  })
  variation!: string | null;
  @ApiProperty({
    example: '38000.00',
    nullable: true,
    type: String,
    description:
      'The gain shared between the parties (excess above the reasonable surplus, or the underspend)',
  })
  gain!: string | null;
  @ApiProperty({
    example: '0.00',
    nullable: true,
    type: String,
    description: 'The overrun borne by the parties; null when the rule shares no pain',
  })
  pain!: string | null;
  @ApiProperty({
    type: [PartyPositionResponse],
    description: "Every party's position (empty when failed)",
  })
  positions!: PartyPositionResponse[];
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
      kind: e.kind,
      reasonableSurplus: money(e.reasonableSurplus),
      variation: money(e.variation),
      gain: money(e.gain),
      pain: money(e.pain),
      positions: PartyPositionResponse.list(e.positions, e.providerOrgId),
      // The stored result is the ContractEvaluation libs/outcomes returned (its steps).
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
