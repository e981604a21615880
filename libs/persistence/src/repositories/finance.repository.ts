import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Db } from '../db';
import type { InputJsonValue } from '../json';
import type {
  ReturnReviewStatus,
  ShareEvaluationStatus,
  SurplusStateDb,
  TriggerStatus,
} from '../enums';
import { dateOfDay, isoDay } from '../util/dates';
import {
  toFinancialReturnWithLines,
  type FinancialReturnWithLines,
  type NewFinancialReturn,
} from './financial-return.mapper';
import {
  toShareEvaluation,
  toShareRule,
  toShareState,
  type CompletedShareEvaluation,
  type NewFailedShareEvaluation,
  type NewShareEvaluation,
  type NewShareRule,
  type ShareEvaluation,
  type ShareRule,
  type ShareState,
} from './share-evaluation.mapper';
import { toShareTrigger, type NewShareTrigger, type ShareTrigger } from './share-trigger.mapper';
import type { PageRequest, Paged } from './paging';

const LINES = { lines: { orderBy: { lineNo: 'asc' as const } } };

/** Open book: financial returns, surplus-share rules, evaluations, states and triggers. */
@Injectable()
export class FinanceRepository {
  constructor(private readonly db: Db) {}

  /** Stores a return as the next revision for its provider and period (restatements kept). */
  async submitReturn(
    partnershipId: string,
    data: NewFinancialReturn,
  ): Promise<FinancialReturnWithLines> {
    const periodStart = dateOfDay(data.periodStart);
    const latest = await this.db.client.financialReturn.findFirst({
      where: { partnershipId, providerOrgId: data.providerOrgId, periodStart },
      orderBy: { revision: 'desc' },
    });
    const { lines, ...fields } = data;
    const row = await this.db.client.financialReturn.create({
      data: {
        partnershipId,
        ...fields,
        periodStart,
        periodEnd: dateOfDay(data.periodEnd),
        revision: (latest?.revision ?? 0) + 1,
        lines: { create: lines.map((l, i) => ({ lineNo: i + 1, ...l })) },
      },
      include: LINES,
    });
    return toFinancialReturnWithLines(row);
  }

  async findReturn(partnershipId: string, id: string): Promise<FinancialReturnWithLines | null> {
    const row = await this.db.client.financialReturn.findUnique({
      where: { partnershipId_id: { partnershipId, id } },
      include: LINES,
    });
    return row && toFinancialReturnWithLines(row);
  }

  /**
   * Returns in a date window (days, YYYY-MM-DD); by default only the latest revision of each
   * provider and period. With `reviewStatuses`, only revisions in those review statuses (the
   * latest such per period).
   */
  async listReturns(
    partnershipId: string,
    filter: {
      providerOrgIds?: string[];
      from?: string;
      to?: string;
      allRevisions?: boolean;
      reviewStatuses?: ReturnReviewStatus[];
    },
  ): Promise<FinancialReturnWithLines[]> {
    const rows = await this.db.client.financialReturn.findMany({
      where: {
        partnershipId,
        ...(filter.providerOrgIds ? { providerOrgId: { in: filter.providerOrgIds } } : {}),
        ...(filter.reviewStatuses ? { reviewStatus: { in: filter.reviewStatuses } } : {}),
        ...(filter.from ? { periodEnd: { gte: dateOfDay(filter.from) } } : {}),
        ...(filter.to ? { periodStart: { lte: dateOfDay(filter.to) } } : {}),
      },
      include: LINES,
      orderBy: [{ periodStart: 'asc' }, { providerOrgId: 'asc' }, { revision: 'desc' }],
    });
    const returns = rows.map(toFinancialReturnWithLines);
    if (filter.allRevisions) return returns;
    const seen = new Set<string>();
    return returns.filter((r) => {
      const key = `${r.providerOrgId}:${r.periodStart}`;
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
    const row = await this.db.client.shareRule.create({
      data: { partnershipId, id, lineageId, ...data, supersedesId: supersedes ?? null },
    });
    return toShareRule(row);
  }

  async findRule(partnershipId: string, id: string): Promise<ShareRule | null> {
    const row = await this.db.client.shareRule.findUnique({
      where: { partnershipId_id: { partnershipId, id } },
    });
    return row && toShareRule(row);
  }

  /** Rules in force (not superseded); for one provider: its own rules and the partnership-wide ones. */
  async activeRules(partnershipId: string, providerOrgId?: string): Promise<ShareRule[]> {
    const rows = await this.db.client.shareRule.findMany({
      where: {
        partnershipId,
        supersededAt: null,
        ...(providerOrgId ? { OR: [{ providerOrgId: null }, { providerOrgId }] } : {}),
      },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map(toShareRule);
  }

  async listRules(partnershipId: string, includeSuperseded: boolean): Promise<ShareRule[]> {
    const rows = await this.db.client.shareRule.findMany({
      where: { partnershipId, ...(includeSuperseded ? {} : { supersededAt: null }) },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map(toShareRule);
  }

  /** Each provider's most recent return period, its first day (where a changed rule is evaluated). */
  async latestReturnPeriods(
    partnershipId: string,
    providerOrgId?: string,
  ): Promise<{ providerOrgId: string; periodStart: string }[]> {
    const rows = await this.db.client.financialReturn.findMany({
      where: { partnershipId, ...(providerOrgId ? { providerOrgId } : {}) },
      distinct: ['providerOrgId'],
      orderBy: [{ providerOrgId: 'asc' }, { periodStart: 'desc' }],
      select: { providerOrgId: true, periodStart: true },
    });
    return rows.map((r) => ({
      providerOrgId: r.providerOrgId,
      periodStart: isoDay(r.periodStart),
    }));
  }

  /** Providers with returns in a window of days (whom a partnership-wide rule applies to). */
  async providersWithReturns(partnershipId: string, from: string, to: string): Promise<string[]> {
    const rows = await this.db.client.financialReturn.findMany({
      where: {
        partnershipId,
        periodEnd: { gte: dateOfDay(from) },
        periodStart: { lte: dateOfDay(to) },
      },
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
    windowStart: string,
  ): Promise<ShareState | null> {
    const key = `${partnershipId}:${rule.lineageId}:${providerOrgId}:${windowStart}`;
    await this.db.client.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
    const row = await this.db.client.shareState.findUnique({
      where: {
        partnershipId_ruleId_providerOrgId_windowStart: {
          partnershipId,
          ruleId: rule.id,
          providerOrgId,
          windowStart: dateOfDay(windowStart),
        },
      },
    });
    return row && toShareState(row);
  }

  async saveState(
    partnershipId: string,
    key: { ruleId: string; providerOrgId: string; windowStart: string },
    data: { state: SurplusStateDb; crossings: number; lastEvaluationId: string },
  ): Promise<ShareState> {
    const where = { partnershipId, ...key, windowStart: dateOfDay(key.windowStart) };
    const row = await this.db.client.shareState.upsert({
      where: { partnershipId_ruleId_providerOrgId_windowStart: where },
      create: { ...where, ...data },
      update: { ...data, updatedAt: new Date() },
    });
    return toShareState(row);
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
        windowStart: dateOfDay(data.windowStart),
        windowEnd: dateOfDay(data.windowEnd),
        positions: data.positions as unknown as InputJsonValue,
        status: 'completed',
      },
    });
    return { evaluation: toShareEvaluation(created) as CompletedShareEvaluation, created: true };
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
        windowStart: dateOfDay(data.windowStart),
        windowEnd: dateOfDay(data.windowEnd),
        status: 'failed',
        failureReason: reason,
        result: { failure: { ...failure, reason } },
      },
    });
    return { evaluation: toShareEvaluation(evaluation), created: true };
  }

  private async findByInputs(
    partnershipId: string,
    key: { ruleId: string; providerOrgId: string; windowStart: string; fingerprint: string },
    status: ShareEvaluationStatus,
  ): Promise<ShareEvaluation | null> {
    const row = await this.db.client.shareEvaluation.findUnique({
      where: {
        partnershipId_ruleId_providerOrgId_windowStart_fingerprint_status: {
          partnershipId,
          ruleId: key.ruleId,
          providerOrgId: key.providerOrgId,
          windowStart: dateOfDay(key.windowStart),
          fingerprint: key.fingerprint,
          status,
        },
      },
    });
    return row && toShareEvaluation(row);
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
    const [rows, total] = await Promise.all([
      this.db.client.shareEvaluation.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: page.limit,
        skip: page.offset,
      }),
      this.db.client.shareEvaluation.count({ where }),
    ]);
    return { items: rows.map(toShareEvaluation), total };
  }

  async createTrigger(partnershipId: string, data: NewShareTrigger): Promise<ShareTrigger> {
    const row = await this.db.client.shareTrigger.create({
      data: {
        partnershipId,
        ...data,
        windowStart: dateOfDay(data.windowStart),
        windowEnd: dateOfDay(data.windowEnd),
      },
    });
    return toShareTrigger(row);
  }

  async findTrigger(partnershipId: string, id: string): Promise<ShareTrigger | null> {
    const row = await this.db.client.shareTrigger.findUnique({
      where: { partnershipId_id: { partnershipId, id } },
    });
    return row && toShareTrigger(row);
  }

  async listTriggers(
    partnershipId: string,
    filter: { status?: TriggerStatus; providerOrgIds?: string[] },
  ): Promise<ShareTrigger[]> {
    const rows = await this.db.client.shareTrigger.findMany({
      where: {
        partnershipId,
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.providerOrgIds ? { providerOrgId: { in: filter.providerOrgIds } } : {}),
      },
      orderBy: { createdAt: 'desc' },
    });
    return rows.map(toShareTrigger);
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
