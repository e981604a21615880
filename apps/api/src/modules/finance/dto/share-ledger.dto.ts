import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import type { ShareAdjustment, ShareSettlement, ShareTrigger } from '@ol/persistence';
import { PARTY_ROLES, partyOrganisation } from '@ol/outcomes';
import {
  IsDateOnly,
  IsDecimalString,
  IsNotBlank,
  NestedObject,
  Optional,
} from '../../../common/validation/validators';
import { MONEY, SURPLUS_STATES } from './finance-fields';

/** A trigger with the money it moves: its adjustments and the settlements recorded against it. */
export interface TriggerView {
  trigger: ShareTrigger;
  adjustments: ShareAdjustment[];
  settlements: ShareSettlement[];
}

class PartyRef {
  @ApiProperty({
    example: 'provider',
    description:
      "The rule's party id: a member organisation's id, or `provider` (the provider evaluated), `commissioner`, `community_fund`",
  })
  partyId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) organisationId!: string | null;
  @ApiProperty({ example: 'Northside Care' }) name!: string;
  @ApiProperty({ enum: PARTY_ROLES }) role!: string;
}

export class AdjustmentResponse extends PartyRef {
  @ApiProperty({
    example: '9620.00',
    description: "The party's entitlement under the evaluation that raised the trigger",
  })
  entitlement!: string;
  @ApiProperty({ example: '8800.00', description: 'Σ adjustments raised for it before' })
  raisedBefore!: string;
  @ApiProperty({
    example: '820.00',
    description:
      'entitlement − raised before: the money to move now (negative: a clawback); never the gross again',
  })
  amount!: string;
}

export class SettlementResponse {
  @ApiProperty({ example: 'council-org-id' }) partyId!: string;
  @ApiProperty({
    example: '820.00',
    description:
      "Signed like the party's entitlement: positive = paid to it (or kept by it), negative = paid by it (a clawback, or its share of an overrun)",
  })
  amount!: string;
  @ApiProperty({
    description:
      'No money moved: the party holds it already (the provider’s part under a reasonable surplus; a commissioner’s side of a target-cost price)',
  })
  retained!: boolean;
  @ApiProperty({
    description:
      'Recorded when the ledger was introduced, from a trigger settled before it (amounts inferred)',
  })
  inferred!: boolean;
  @ApiProperty({ example: '2026-01-31' }) paidOn!: string;
  @ApiProperty({ example: 'BACS 2026-118' }) reference!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) settledBy!: string | null;
  @ApiProperty({ format: 'uuid' }) triggerId!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(s: ShareSettlement): SettlementResponse {
    return {
      partyId: s.partyId,
      amount: s.amount,
      retained: s.retained,
      inferred: s.inferred,
      paidOn: s.paidOn,
      reference: s.reference,
      settledBy: s.settledBy,
      triggerId: s.triggerId,
      createdAt: s.createdAt,
    };
  }
}

export class TriggerResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) ruleId!: string;
  @ApiProperty({ format: 'uuid' }) providerOrganisationId!: string;
  @ApiProperty({ example: '2026-04-01' }) windowStart!: string;
  @ApiProperty({ example: '2026-09-30' }) windowEnd!: string;
  @ApiProperty({
    example: 1,
    description: 'The n-th trigger of this ledger (the rule and its replacements, provider, year)',
  })
  crossingNo!: number;
  @ApiProperty({
    enum: ['crossing', 'adjustment'],
    description:
      'crossing: the state changed; adjustment: the position changed without a crossing (a later quarter, a restatement, a replaced rule)',
  })
  reason!: string;
  @ApiProperty({
    enum: SURPLUS_STATES,
    example: 'below',
    description:
      'The state crossed from (`below` for the first evaluation of the window); the trigger.raised webhook says the same',
  })
  fromState!: string;
  @ApiProperty({ enum: SURPLUS_STATES, example: 'above' })
  toState!: string;
  @ApiProperty({
    example: '29500.00',
    description: 'SIGNED variation of the evaluation (a shortfall or overrun is negative)',
  })
  variation!: string;
  @ApiProperty({
    example: '29500.00',
    description:
      'Context: the gain shared in the year to date under the evaluation. NOT what is due now: that is `adjustments`',
  })
  gain!: string;
  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    description:
      'Context: the overrun borne in the year to date (positive; null: the rule shares no pain). NOT what is due now: that is `adjustments`',
  })
  pain!: string | null;
  @ApiProperty({
    type: [AdjustmentResponse],
    description:
      'Per party: the money this trigger moves, the difference from what was raised before',
  })
  adjustments!: AdjustmentResponse[];
  @ApiProperty({ type: [SettlementResponse], description: 'Recorded when it was settled' })
  settlements!: SettlementResponse[];
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

  static from({ trigger: t, adjustments, settlements }: TriggerView): TriggerResponse {
    return {
      id: t.id,
      ruleId: t.ruleId,
      providerOrganisationId: t.providerOrgId,
      windowStart: t.windowStart,
      windowEnd: t.windowEnd,
      crossingNo: t.crossingNo,
      reason: t.reason,
      fromState: t.fromState,
      toState: t.toState,
      variation: t.variation,
      gain: t.gain,
      pain: t.pain,
      adjustments: adjustments.map((a) => ({
        partyId: a.partyId,
        organisationId: partyOrganisation(a.partyId, t.providerOrgId),
        name: a.partyName,
        role: a.partyRole,
        entitlement: a.entitlement,
        raisedBefore: a.raisedBefore,
        amount: a.amount,
      })),
      settlements: settlements.map(SettlementResponse.from),
      status: t.status,
      acknowledgedBy: t.acknowledgedBy,
      acknowledgedAt: t.acknowledgedAt,
      acknowledgeNote: t.acknowledgeNote,
      settledBy: t.settledBy,
      settledAt: t.settledAt,
      settleNote: t.settleNote,
      evaluationId: t.evaluationId,
      createdAt: t.createdAt,
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

export class SettlementAmountDto {
  @ApiProperty({ example: 'council-org-id', description: "A party of the trigger's adjustments" })
  @IsString()
  @Length(1, 200)
  partyId!: string;

  @ApiProperty({
    example: '820.00',
    description: 'What actually moved for it (signed like its adjustment); not zero',
  })
  @IsDecimalString(MONEY)
  amount!: string;
}

export class SettleTriggerDto extends TriggerActionDto {
  @ApiPropertyOptional({
    type: [SettlementAmountDto],
    description:
      "What moved per party, when it differs from the adjustments (a part payment, netting against an earlier unpaid trigger); [] when nothing moved. Default: each party's adjustment in full. The ledger's outstanding shows what is left.",
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @NestedObject(() => SettlementAmountDto, { each: true })
  settlements?: SettlementAmountDto[];

  @ApiPropertyOptional({
    example: '2026-01-31',
    description: 'When the money moved (default: today); not in the future',
  })
  @Optional()
  @IsDateOnly()
  paidOn?: string;

  @ApiPropertyOptional({
    example: 'BACS 2026-118',
    description:
      "Payment reference recorded on each party's settlement (default: the note). The provider's own share of a gain is recorded as retained.",
  })
  @Optional()
  @IsString()
  @Length(1, 200)
  @IsNotBlank()
  paymentReference?: string;
}

export class ShareLedgerQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A rule (any of its chain of replacements: the ledger is the chain’s)',
  })
  @Optional()
  @IsUUID()
  ruleId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  providerOrganisationId?: string;

  @ApiPropertyOptional({ example: '2025-26', description: 'A financial year' })
  @Optional()
  @IsString()
  @Matches(/^\d{4}(-\d{2})?$/, { message: 'must be a financial year such as "2025-26" or "2026"' })
  year?: string;
}

export class LedgerLineResponse extends PartyRef {
  @ApiProperty({
    example: '9620.00',
    description: 'Its entitlement under the current evaluation (net: receives − bears)',
  })
  entitlement!: string;
  @ApiProperty({ example: '8800.00', description: 'Σ settlements recorded' }) settled!: string;
  @ApiProperty({
    example: '820.00',
    description: 'entitlement − settled (negative: overpaid, a clawback is due)',
  })
  outstanding!: string;
  @ApiProperty({ example: '9620.00', description: 'Σ adjustments raised on triggers' })
  raised!: string;
  @ApiProperty({
    example: '0.00',
    description: 'entitlement − raised: not yet raised (0 once the worker has evaluated)',
  })
  notYetRaised!: string;
}

export class LedgerTotalsResponse {
  @ApiProperty() entitlement!: string;
  @ApiProperty() settled!: string;
  @ApiProperty() outstanding!: string;
  @ApiProperty() raised!: string;
  @ApiProperty() notYetRaised!: string;
}

export class ShareLedgerResponse {
  @ApiProperty({ format: 'uuid', description: 'The rule chain (its first rule’s id)' })
  lineageId!: string;
  @ApiProperty({ format: 'uuid', description: 'The rule of the chain in force (or its latest)' })
  ruleId!: string;
  @ApiProperty({ format: 'uuid' }) providerOrganisationId!: string;
  @ApiProperty({ example: '2025-26' }) year!: string;
  @ApiProperty({ example: '2025-04-01' }) windowStart!: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The current evaluation the entitlements come from',
  })
  evaluationId!: string | null;
  @ApiProperty({ type: [LedgerLineResponse] }) lines!: LedgerLineResponse[];
  @ApiProperty({ type: LedgerTotalsResponse }) totals!: LedgerTotalsResponse;
  @ApiProperty({ type: [SettlementResponse] }) settlements!: SettlementResponse[];
}

export class ShareLedgerList {
  @ApiProperty({ type: [ShareLedgerResponse] }) data!: ShareLedgerResponse[];
}
