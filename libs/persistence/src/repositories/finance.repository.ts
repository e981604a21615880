import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type {
  CostCategory,
  FinancialReturn,
  FinancialReturnLine,
  Prisma,
  ShareEvaluation,
  ShareRule,
  ShareState,
  ShareTrigger,
  SurplusBasis,
  SurplusStateDb,
  TriggerStatus,
} from '../prisma-client';

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
  basis: SurplusBasis;
  reasonableRate: string;
  warningLevel?: string;
  bands: Prisma.InputJsonValue;
  painShareProvider?: string | null;
  painShareCap?: string | null;
  communityFundOrgId?: string | null;
  createdBy?: string | null;
}

export interface NewShareEvaluation {
  ruleId: string;
  providerOrgId: string;
  windowStart: Date;
  windowEnd: Date;
  windowLabel: string;
  fingerprint: string;
  state: SurplusStateDb;
  revenue: string;
  allowableCost: string;
  surplus: string;
  reasonableSurplus: string;
  excess: string;
  providerShare: string;
  commissionerShare: string;
  communityShare: string;
  result: Prisma.InputJsonValue;
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

  /** Returns in a date window; by default only the latest revision of each provider and period. */
  async listReturns(
    partnershipId: string,
    filter: { providerOrgIds?: string[]; from?: Date; to?: Date; allRevisions?: boolean },
  ): Promise<FinancialReturnWithLines[]> {
    const rows = await this.db.client.financialReturn.findMany({
      where: {
        partnershipId,
        ...(filter.providerOrgIds ? { providerOrgId: { in: filter.providerOrgIds } } : {}),
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
    if (supersedes) {
      await this.db.client.shareRule.update({
        where: { partnershipId_id: { partnershipId, id: supersedes } },
        data: { supersededAt: new Date() },
      });
    }
    return this.db.client.shareRule.create({
      data: { partnershipId, ...data, supersedesId: supersedes ?? null },
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
   * Serialises decisions about one rule × provider × window across workers and retries (a
   * transaction-scoped advisory lock), then returns the current state row, if any.
   */
  async lockState(
    partnershipId: string,
    ruleId: string,
    providerOrgId: string,
    windowStart: Date,
  ): Promise<ShareState | null> {
    const key = `${partnershipId}:${ruleId}:${providerOrgId}:${windowStart.toISOString().slice(0, 10)}`;
    await this.db.client.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
    return this.db.client.shareState.findUnique({
      where: {
        partnershipId_ruleId_providerOrgId_windowStart: {
          partnershipId,
          ruleId,
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
  ): Promise<{ evaluation: ShareEvaluation; created: boolean }> {
    const existing = await this.db.client.shareEvaluation.findUnique({
      where: {
        partnershipId_ruleId_providerOrgId_windowStart_fingerprint: {
          partnershipId,
          ruleId: data.ruleId,
          providerOrgId: data.providerOrgId,
          windowStart: data.windowStart,
          fingerprint: data.fingerprint,
        },
      },
    });
    if (existing) return { evaluation: existing, created: false };
    return {
      evaluation: await this.db.client.shareEvaluation.create({ data: { partnershipId, ...data } }),
      created: true,
    };
  }

  listEvaluations(
    partnershipId: string,
    filter: { providerOrgIds?: string[]; ruleId?: string },
    limit: number,
  ): Promise<ShareEvaluation[]> {
    return this.db.client.shareEvaluation.findMany({
      where: {
        partnershipId,
        ...(filter.providerOrgIds ? { providerOrgId: { in: filter.providerOrgIds } } : {}),
        ...(filter.ruleId ? { ruleId: filter.ruleId } : {}),
      },
      orderBy: { createdAt: 'desc' },
      take: limit,
    });
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
