import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Db } from '../db';
import { isoDay } from '../util/dates';
import type {
  CostCategory,
  FinancialReturn,
  FinancialReturnLine,
  Prisma,
  ReturnReviewStatus,
  ShareEvaluation,
  ShareEvaluationStatus,
  ShareRule,
  ShareState,
  ShareTrigger,
  SurplusStateDb,
  TriggerStatus,
} from '../prisma-client';
import type { PageRequest, Paged } from './paging';

export type FinancialReturnWithLines = FinancialReturn & { lines: FinancialReturnLine[] };

export interface NewFinancialReturn {
  providerOrgId: string;
  periodStart: Date;
  periodEnd: Date;
  periodLabel: string;
  revenue: string;
  targetCost?: string | null;
  note?: string | null;
  submittedBy?: string | null;
  /** submitted, or resubmitted when it answers a query (the default: submitted). */
  reviewStatus?: ReturnReviewStatus;
  lines: {
    category: CostCategory;
    description?: string | null;
    amount: string;
    allowable?: boolean;
  }[];
}

export interface NewShareRule {
  name: string;
  providerOrgId?: string | null;
  /** reasonable_surplus | target_cost: the same as terms.kind. */
  kind: string;
  /** The validated contract rule (libs/outcomes' ContractRule). */
  terms: Prisma.InputJsonValue;
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

export interface NewShareEvaluation {
  ruleId: string;
  providerOrgId: string;
  windowStart: Date;
  windowEnd: Date;
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
  result: Prisma.InputJsonValue;
  runId?: string | null;
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

export interface NewFailedShareEvaluation {
  ruleId: string;
  providerOrgId: string;
  windowStart: Date;
  windowEnd: Date;
  windowLabel: string;
  fingerprint: string;
  failure: ShareEvaluationFailure;
  runId?: string | null;
}

/** Open book: financial returns, surplus-share rules, evaluations, states and triggers. */
@Injectable()
export class FinanceRepository {
  constructor(private readonly db: Db) {}

  /** Stores a return as the next revision for its provider and period (restatements kept). */
  async submitReturn(
    partnershipId: string,
    data: NewFinancialReturn,
  ): Promise<FinancialReturnWithLines> {
    const latest = await this.db.client.financialReturn.findFirst({
      where: { partnershipId, providerOrgId: data.providerOrgId, periodStart: data.periodStart },
      orderBy: { revision: 'desc' },
    });
    const { lines, ...fields } = data;
    return this.db.client.financialReturn.create({
      data: {
        partnershipId,
        ...fields,
        revision: (latest?.revision ?? 0) + 1,
        lines: { create: lines.map((l, i) => ({ lineNo: i + 1, ...l })) },
      },
      include: { lines: { orderBy: { lineNo: 'asc' } } },
    });
  }

  findReturn(partnershipId: string, id: string): Promise<FinancialReturnWithLines | null> {
    return this.db.client.financialReturn.findUnique({
      where: { partnershipId_id: { partnershipId, id } },
      include: { lines: { orderBy: { lineNo: 'asc' } } },
    });
  }

  /**
   * Returns in a date window; by default only the latest revision of each provider and period.
   * With `reviewStatuses`, only revisions in those review statuses (the latest such per period).
   */
  async listReturns(
    partnershipId: string,
    filter: {
      providerOrgIds?: string[];
      from?: Date;
      to?: Date;
      allRevisions?: boolean;
      reviewStatuses?: ReturnReviewStatus[];
    },
  ): Promise<FinancialReturnWithLines[]> {
    const rows = await this.db.client.financialReturn.findMany({
      where: {
        partnershipId,
        ...(filter.providerOrgIds ? { providerOrgId: { in: filter.providerOrgIds } } : {}),
        ...(filter.reviewStatuses ? { reviewStatus: { in: filter.reviewStatuses } } : {}),
        ...(filter.from ? { periodEnd: { gte: filter.from } } : {}),
        ...(filter.to ? { periodStart: { lte: filter.to } } : {}),
      },
      include: { lines: { orderBy: { lineNo: 'asc' } } },
      orderBy: [{ periodStart: 'asc' }, { providerOrgId: 'asc' }, { revision: 'desc' }],
    });
    if (filter.allRevisions) return rows;
    const seen = new Set<string>();
    return rows.filter((r) => {
      const key = `${r.providerOrgId}:${r.periodStart.toISOString()}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** A new rule; when it replaces one, the old rule is marked superseded in the same transaction. */
  async createRule(
    partnershipId: string,
    data: NewShareRule,
    supersedes?: string,
  ): Promise<ShareRule> {
    const id = randomUUID();
    let lineageId: string = id;
    if (supersedes) {
      const old = await this.db.client.shareRule.update({
        where: { partnershipId_id: { partnershipId, id: supersedes } },
        data: { supersededAt: new Date() },
      });
      lineageId = old.lineageId;
    }
    return this.db.client.shareRule.create({
      data: { partnershipId, id, lineageId, ...data, supersedesId: supersedes ?? null },
    });
  }

  findRule(partnershipId: string, id: string): Promise<ShareRule | null> {
    return this.db.client.shareRule.findUnique({
      where: { partnershipId_id: { partnershipId, id } },
    });
  }

  /** Rules in force (not superseded); for one provider: its own rules and the partnership-wide ones. */
  activeRules(partnershipId: string, providerOrgId?: string): Promise<ShareRule[]> {
    return this.db.client.shareRule.findMany({
      where: {
        partnershipId,
        supersededAt: null,
        ...(providerOrgId ? { OR: [{ providerOrgId: null }, { providerOrgId }] } : {}),
      },
      orderBy: { createdAt: 'asc' },
    });
  }

  listRules(partnershipId: string, includeSuperseded: boolean): Promise<ShareRule[]> {
    return this.db.client.shareRule.findMany({
      where: { partnershipId, ...(includeSuperseded ? {} : { supersededAt: null }) },
      orderBy: { createdAt: 'asc' },
    });
  }

  /** Each provider's most recent return period (where a changed rule is evaluated). */
  async latestReturnPeriods(
    partnershipId: string,
    providerOrgId?: string,
  ): Promise<{ providerOrgId: string; periodStart: Date }[]> {
    const rows = await this.db.client.financialReturn.findMany({
      where: { partnershipId, ...(providerOrgId ? { providerOrgId } : {}) },
      distinct: ['providerOrgId'],
      orderBy: [{ providerOrgId: 'asc' }, { periodStart: 'desc' }],
      select: { providerOrgId: true, periodStart: true },
    });
    return rows;
  }

  /** Providers with returns in a window (whom a partnership-wide rule applies to). */
  async providersWithReturns(partnershipId: string, from: Date, to: Date): Promise<string[]> {
    const rows = await this.db.client.financialReturn.findMany({
      where: { partnershipId, periodEnd: { gte: from }, periodStart: { lte: to } },
      distinct: ['providerOrgId'],
      select: { providerOrgId: true },
    });
    return rows.map((r) => r.providerOrgId);
  }

  /**
   * Serialises decisions about one ledger (a rule's lineage × provider × window) across workers,
   * retries and rule replacements (a transaction-scoped advisory lock), then returns the rule's
   * state row, if any. Every rule of a lineage takes the same lock, so two evaluations never read
   * the same "raised before".
   */
  async lockState(
    partnershipId: string,
    rule: { id: string; lineageId: string },
    providerOrgId: string,
    windowStart: Date,
  ): Promise<ShareState | null> {
    const key = `${partnershipId}:${rule.lineageId}:${providerOrgId}:${isoDay(windowStart)}`;
    await this.db.client.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
    return this.db.client.shareState.findUnique({
      where: {
        partnershipId_ruleId_providerOrgId_windowStart: {
          partnershipId,
          ruleId: rule.id,
          providerOrgId,
          windowStart,
        },
      },
    });
  }

  saveState(
    partnershipId: string,
    key: { ruleId: string; providerOrgId: string; windowStart: Date },
    data: { state: SurplusStateDb; crossings: number; lastEvaluationId: string },
  ): Promise<ShareState> {
    return this.db.client.shareState.upsert({
      where: { partnershipId_ruleId_providerOrgId_windowStart: { partnershipId, ...key } },
      create: { partnershipId, ...key, ...data },
      update: { ...data, updatedAt: new Date() },
    });
  }

  /** Stores an evaluation unless one with the same inputs exists; returns the stored one. */
  async saveEvaluation(
    partnershipId: string,
    data: NewShareEvaluation,
  ): Promise<{ evaluation: CompletedShareEvaluation; created: boolean }> {
    const existing = await this.findByInputs(partnershipId, data, 'completed');
    if (existing) return { evaluation: existing as CompletedShareEvaluation, created: false };
    const created = await this.db.client.shareEvaluation.create({
      data: {
        partnershipId,
        ...data,
        positions: data.positions as unknown as Prisma.InputJsonValue,
        status: 'completed',
      },
    });
    return { evaluation: created as CompletedShareEvaluation, created: true };
  }

  /**
   * Stores a failed evaluation (no figures, the failure in their place) unless the same inputs
   * have failed before; returns the stored one, and whether it is new.
   */
  async saveFailedEvaluation(
    partnershipId: string,
    data: NewFailedShareEvaluation,
  ): Promise<{ evaluation: ShareEvaluation; created: boolean }> {
    const existing = await this.findByInputs(partnershipId, data, 'failed');
    if (existing) return { evaluation: existing, created: false };
    const { failure, ...fields } = data;
    const reason = failure.reason.slice(0, 2000);
    const evaluation = await this.db.client.shareEvaluation.create({
      data: {
        partnershipId,
        ...fields,
        status: 'failed',
        failureReason: reason,
        result: { failure: { ...failure, reason } },
      },
    });
    return { evaluation, created: true };
  }

  private findByInputs(
    partnershipId: string,
    key: { ruleId: string; providerOrgId: string; windowStart: Date; fingerprint: string },
    status: ShareEvaluationStatus,
  ): Promise<ShareEvaluation | null> {
    return this.db.client.shareEvaluation.findUnique({
      where: {
        partnershipId_ruleId_providerOrgId_windowStart_fingerprint_status: {
          partnershipId,
          ruleId: key.ruleId,
          providerOrgId: key.providerOrgId,
          windowStart: key.windowStart,
          fingerprint: key.fingerprint,
          status,
        },
      },
    });
  }

  /** Evaluations newest first, completed and failed, a page at a time. */
  async listEvaluations(
    partnershipId: string,
    filter: { providerOrgIds?: string[]; ruleId?: string; status?: ShareEvaluationStatus },
    page: PageRequest,
  ): Promise<Paged<ShareEvaluation>> {
    const where = {
      partnershipId,
      ...(filter.providerOrgIds ? { providerOrgId: { in: filter.providerOrgIds } } : {}),
      ...(filter.ruleId ? { ruleId: filter.ruleId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    };
    const [items, total] = await Promise.all([
      this.db.client.shareEvaluation.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: page.limit,
        skip: page.offset,
      }),
      this.db.client.shareEvaluation.count({ where }),
    ]);
    return { items, total };
  }

  createTrigger(
    partnershipId: string,
    data: Omit<
      ShareTrigger,
      | 'partnershipId'
      | 'id'
      | 'status'
      | 'acknowledgedBy'
      | 'acknowledgedAt'
      | 'acknowledgeNote'
      | 'settledBy'
      | 'settledAt'
      | 'settleNote'
      | 'createdAt'
    >,
  ): Promise<ShareTrigger> {
    return this.db.client.shareTrigger.create({ data: { partnershipId, ...data } });
  }

  findTrigger(partnershipId: string, id: string): Promise<ShareTrigger | null> {
    return this.db.client.shareTrigger.findUnique({
      where: { partnershipId_id: { partnershipId, id } },
    });
  }

  listTriggers(
    partnershipId: string,
    filter: { status?: TriggerStatus; providerOrgIds?: string[] },
  ): Promise<ShareTrigger[]> {
    return this.db.client.shareTrigger.findMany({
      where: {
        partnershipId,
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.providerOrgIds ? { providerOrgId: { in: filter.providerOrgIds } } : {}),
      },
      orderBy: { createdAt: 'desc' },
    });
  }

  async setTriggerStatus(
    partnershipId: string,
    id: string,
    from: TriggerStatus[],
    to: 'acknowledged' | 'settled',
    by: string,
    note: string | null,
  ): Promise<ShareTrigger | null> {
    const data =
      to === 'acknowledged'
        ? { status: to, acknowledgedBy: by, acknowledgedAt: new Date(), acknowledgeNote: note }
        : { status: to, settledBy: by, settledAt: new Date(), settleNote: note };
    const { count } = await this.db.client.shareTrigger.updateMany({
      where: { partnershipId, id, status: { in: from } },
      data,
    });
    return count ? this.findTrigger(partnershipId, id) : null;
  }
}
