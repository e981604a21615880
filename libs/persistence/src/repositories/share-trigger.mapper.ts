import type { SurplusStateDb, TriggerStatus } from '../enums';
import type {
  ShareAdjustment as ShareAdjustmentRow,
  ShareSettlement as ShareSettlementRow,
  ShareTrigger as ShareTriggerRow,
} from '../prisma-client';
import { instantOrNull, isoDay, isoInstant } from '../util/dates';
import { moneyOf, moneyOrNull } from '../util/money';

// Triggers and the settlement ledger's adjustments and settlements as callers read them: days as
// YYYY-MM-DD, instants ISO, money as strings with pence.

/** A trigger finance staff act on: open → acknowledged → settled. */
export interface ShareTrigger {
  partnershipId: string;
  id: string;
  ruleId: string;
  providerOrgId: string;
  windowStart: string;
  windowEnd: string;
  crossingNo: number;
  evaluationId: string;
  fromState: SurplusStateDb;
  toState: SurplusStateDb;
  /** crossing (the state changed) | adjustment (the position changed without a crossing). */
  reason: string;
  gain: string;
  pain: string | null;
  variation: string;
  status: TriggerStatus;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  acknowledgeNote: string | null;
  settledBy: string | null;
  settledAt: string | null;
  settleNote: string | null;
  createdAt: string;
}

/** What a trigger is raised with (days as YYYY-MM-DD, money strings). */
export type NewShareTrigger = Pick<
  ShareTrigger,
  | 'ruleId'
  | 'providerOrgId'
  | 'windowStart'
  | 'windowEnd'
  | 'crossingNo'
  | 'evaluationId'
  | 'fromState'
  | 'toState'
  | 'reason'
  | 'gain'
  | 'pain'
  | 'variation'
>;

/** One party's adjustment raised on a trigger. */
export interface ShareAdjustment {
  partnershipId: string;
  id: string;
  lineageId: string;
  providerOrgId: string;
  windowStart: string;
  triggerId: string;
  partyId: string;
  /** The party's place in the trigger's list (party order of the rule). */
  position: number;
  partyName: string;
  partyRole: string;
  entitlement: string;
  raisedBefore: string;
  amount: string;
  createdAt: string;
}

/** What moved for one party when a trigger was settled. */
export interface ShareSettlement {
  partnershipId: string;
  id: string;
  lineageId: string;
  providerOrgId: string;
  windowStart: string;
  triggerId: string;
  partyId: string;
  position: number;
  amount: string;
  /** No money moved: the party holds it already. */
  retained: boolean;
  /** Recorded by the contract-rules migration from a trigger settled before the ledger. */
  inferred: boolean;
  paidOn: string;
  reference: string;
  settledBy: string | null;
  createdAt: string;
}

export function toShareTrigger(row: ShareTriggerRow): ShareTrigger {
  return {
    partnershipId: row.partnershipId,
    id: row.id,
    ruleId: row.ruleId,
    providerOrgId: row.providerOrgId,
    windowStart: isoDay(row.windowStart),
    windowEnd: isoDay(row.windowEnd),
    crossingNo: row.crossingNo,
    evaluationId: row.evaluationId,
    fromState: row.fromState,
    toState: row.toState,
    reason: row.reason,
    gain: moneyOf(row.gain),
    pain: moneyOrNull(row.pain),
    variation: moneyOf(row.variation),
    status: row.status,
    acknowledgedBy: row.acknowledgedBy,
    acknowledgedAt: instantOrNull(row.acknowledgedAt),
    acknowledgeNote: row.acknowledgeNote,
    settledBy: row.settledBy,
    settledAt: instantOrNull(row.settledAt),
    settleNote: row.settleNote,
    createdAt: isoInstant(row.createdAt),
  };
}

export function toShareAdjustment(row: ShareAdjustmentRow): ShareAdjustment {
  return {
    partnershipId: row.partnershipId,
    id: row.id,
    lineageId: row.lineageId,
    providerOrgId: row.providerOrgId,
    windowStart: isoDay(row.windowStart),
    triggerId: row.triggerId,
    partyId: row.partyId,
    position: row.position,
    partyName: row.partyName,
    partyRole: row.partyRole,
    entitlement: moneyOf(row.entitlement),
    raisedBefore: moneyOf(row.raisedBefore),
    amount: moneyOf(row.amount),
    createdAt: isoInstant(row.createdAt),
  };
}

export function toShareSettlement(row: ShareSettlementRow): ShareSettlement {
  return {
    partnershipId: row.partnershipId,
    id: row.id,
    lineageId: row.lineageId,
    providerOrgId: row.providerOrgId,
    windowStart: isoDay(row.windowStart),
    triggerId: row.triggerId,
    partyId: row.partyId,
    position: row.position,
    amount: moneyOf(row.amount),
    retained: row.retained,
    inferred: row.inferred,
    paidOn: isoDay(row.paidOn),
    reference: row.reference,
    settledBy: row.settledBy,
    createdAt: isoInstant(row.createdAt),
  };
}
