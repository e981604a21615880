import type { ShareEvaluationStatus, SurplusStateDb } from '../enums';
import type { InputJsonValue, JsonValue } from '../json';
import type {
  ShareEvaluation as ShareEvaluationRow,
  ShareRule as ShareRuleRow,
  ShareState as ShareStateRow,
} from '../prisma-client';
import { instantOrNull, isoDay, isoInstant } from '../util/dates';
import { moneyOrNull } from '../util/money';

// The surplus share's rules, evaluations and states as callers read them: days as YYYY-MM-DD,
// instants ISO, money as strings with pence.

/** A contract rule (replacements kept, marked superseded). */
export interface ShareRule {
  partnershipId: string;
  id: string;
  name: string;
  providerOrgId: string | null;
  /** reasonable_surplus | target_cost: the same as terms.kind. */
  kind: string;
  /** The contract rule as libs/outcomes takes it (ContractRule), validated by the API. */
  terms: JsonValue;
  /** The first rule of its chain of replacements: the settlement ledger belongs to it. */
  lineageId: string;
  supersedesId: string | null;
  supersededAt: string | null;
  createdBy: string | null;
  createdAt: string;
}

export interface NewShareRule {
  name: string;
  providerOrgId?: string | null;
  /** reasonable_surplus | target_cost: the same as terms.kind. */
  kind: string;
  /** The validated contract rule (libs/outcomes' ContractRule). */
  terms: InputJsonValue;
  createdBy?: string | null;
}

/** One party's position after an evaluation (money strings, rounded to pence). */
export interface StoredPartyPosition {
  partyId: string;
  name: string;
  role: string;
  receives: string;
  bears: string;
  net: string;
  /** Most it bears of an overrun under the rule (money), when it has a cap. */
  painCap?: string | null;
  /** True when the cap limited what it bears. */
  painCapped?: boolean;
}

/** An evaluation, completed (its figures) or failed (none: why, in `result.failure`). */
export interface ShareEvaluation {
  partnershipId: string;
  id: string;
  ruleId: string;
  providerOrgId: string;
  windowStart: string;
  windowEnd: string;
  windowLabel: string;
  fingerprint: string;
  status: ShareEvaluationStatus;
  failureReason: string | null;
  state: SurplusStateDb | null;
  revenue: string | null;
  allowableCost: string | null;
  surplus: string | null;
  /** Reasonable-surplus rules only. */
  reasonableSurplus: string | null;
  gain: string | null;
  /** Null when the rule shares no pain. */
  pain: string | null;
  /** Signed: surplus − reasonable surplus, or target cost − actual cost. */
  variation: string | null;
  kind: string | null;
  positions: StoredPartyPosition[] | null;
  /** The ContractEvaluation libs/outcomes returned (its steps), or `{ failure }`. */
  result: JsonValue;
  runId: string | null;
  createdAt: string;
}

/** The figures a completed evaluation has and a failed one has not (a CHECK constraint holds it). */
type EvaluationFigures =
  'state' | 'kind' | 'revenue' | 'allowableCost' | 'surplus' | 'variation' | 'gain' | 'positions';

/** An evaluation the rule completed: every figure is there. */
export type CompletedShareEvaluation = ShareEvaluation & {
  status: 'completed';
} & { [K in EvaluationFigures]: NonNullable<ShareEvaluation[K]> };

/**
 * Why an evaluation failed, stored in its `result` as `{ failure }` (the reason also in
 * `failure_reason`): the sentence, and where known the field and the return that caused it.
 */
export interface ShareEvaluationFailure {
  reason: string;
  /** The return's field the rule could not evaluate, e.g. `targetCost`. */
  field: string | null;
  /** The return (latest revision of its period) that carries it. */
  returnId: string | null;
  /** That return's quarter, e.g. `2026-27 Q2`. */
  period: string | null;
}

/** The failure of a failed evaluation; null for a completed one. */
export function failureOf(e: ShareEvaluation): ShareEvaluationFailure | null {
  if (e.status !== 'failed') return null;
  const stored = (e.result as { failure?: Partial<ShareEvaluationFailure> } | null)?.failure;
  return {
    reason: e.failureReason ?? stored?.reason ?? 'unknown',
    field: stored?.field ?? null,
    returnId: stored?.returnId ?? null,
    period: stored?.period ?? null,
  };
}

/** A completed evaluation to store (days as YYYY-MM-DD, money strings). */
export interface NewShareEvaluation {
  ruleId: string;
  providerOrgId: string;
  windowStart: string;
  windowEnd: string;
  windowLabel: string;
  fingerprint: string;
  state: SurplusStateDb;
  kind: string;
  revenue: string;
  allowableCost: string;
  surplus: string;
  /** Reasonable-surplus rules only. */
  reasonableSurplus: string | null;
  variation: string;
  gain: string;
  pain: string | null;
  positions: StoredPartyPosition[];
  result: InputJsonValue;
  runId?: string | null;
}

/** A failed evaluation to store: its inputs and why. */
export interface NewFailedShareEvaluation {
  ruleId: string;
  providerOrgId: string;
  windowStart: string;
  windowEnd: string;
  windowLabel: string;
  fingerprint: string;
  failure: ShareEvaluationFailure;
  runId?: string | null;
}

/** The state of a rule for a provider's year: where the last evaluation left it. */
export interface ShareState {
  partnershipId: string;
  ruleId: string;
  providerOrgId: string;
  windowStart: string;
  state: SurplusStateDb;
  crossings: number;
  lastEvaluationId: string;
  updatedAt: string;
}

export function toShareRule(row: ShareRuleRow): ShareRule {
  return {
    partnershipId: row.partnershipId,
    id: row.id,
    name: row.name,
    providerOrgId: row.providerOrgId,
    kind: row.kind,
    terms: row.terms,
    lineageId: row.lineageId,
    supersedesId: row.supersedesId,
    supersededAt: instantOrNull(row.supersededAt),
    createdBy: row.createdBy,
    createdAt: isoInstant(row.createdAt),
  };
}

export function toShareEvaluation(row: ShareEvaluationRow): ShareEvaluation {
  return {
    partnershipId: row.partnershipId,
    id: row.id,
    ruleId: row.ruleId,
    providerOrgId: row.providerOrgId,
    windowStart: isoDay(row.windowStart),
    windowEnd: isoDay(row.windowEnd),
    windowLabel: row.windowLabel,
    fingerprint: row.fingerprint,
    status: row.status,
    failureReason: row.failureReason,
    state: row.state,
    revenue: moneyOrNull(row.revenue),
    allowableCost: moneyOrNull(row.allowableCost),
    surplus: moneyOrNull(row.surplus),
    reasonableSurplus: moneyOrNull(row.reasonableSurplus),
    gain: moneyOrNull(row.gain),
    pain: moneyOrNull(row.pain),
    variation: moneyOrNull(row.variation),
    kind: row.kind,
    positions: row.positions as unknown as StoredPartyPosition[] | null,
    result: row.result,
    runId: row.runId,
    createdAt: isoInstant(row.createdAt),
  };
}

export function toShareState(row: ShareStateRow): ShareState {
  return {
    partnershipId: row.partnershipId,
    ruleId: row.ruleId,
    providerOrgId: row.providerOrgId,
    windowStart: isoDay(row.windowStart),
    state: row.state,
    crossings: row.crossings,
    lastEvaluationId: row.lastEvaluationId,
    updatedAt: isoInstant(row.updatedAt),
  };
}
