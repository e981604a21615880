import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsUUID } from 'class-validator';
import {
  failureOf,
  ShareEvaluationStatus,
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
import { Optional } from '../../../common/validation/validators';
import { SURPLUS_STATES } from './finance-fields';

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
    return {
      id: e.id,
      ruleId: e.ruleId,
      providerOrganisationId: e.providerOrgId,
      window: e.windowLabel,
      status: e.status,
      failure: failureOf(e),
      state: e.state,
      revenue: e.revenue,
      allowableCost: e.allowableCost,
      surplus: e.surplus,
      kind: e.kind,
      reasonableSurplus: e.reasonableSurplus,
      variation: e.variation,
      gain: e.gain,
      pain: e.pain,
      positions: PartyPositionResponse.list(e.positions, e.providerOrgId),
      // The stored result is the ContractEvaluation libs/outcomes returned (its steps).
      explanation: (e.result as { steps?: readonly ExplanationStep[] }).steps ?? [],
      provisionalReturnIds:
        (e.result as { provisionalReturnIds?: string[] }).provisionalReturnIds ?? [],
      jobId: e.runId,
      createdAt: e.createdAt,
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
