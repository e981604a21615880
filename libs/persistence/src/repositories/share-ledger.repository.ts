import { Injectable } from '@nestjs/common';
import type { LedgerInput } from '@ol/outcomes';
import { Db } from '../db';
import { dateOfDay, isoDay } from '../util/dates';
import { groupBy } from '../util/group-by';
import {
  toShareEvaluation,
  type CompletedShareEvaluation,
  type StoredPartyPosition,
} from './share-evaluation.mapper';
import {
  toShareAdjustment,
  toShareSettlement,
  type ShareAdjustment,
  type ShareSettlement,
} from './share-trigger.mapper';

/** Where a ledger lives: a rule's lineage, a provider and a financial year (its first day, YYYY-MM-DD). */
export interface LedgerKey {
  lineageId: string;
  providerOrgId: string;
  windowStart: string;
}

export interface NewShareAdjustment {
  partyId: string;
  partyName: string;
  partyRole: string;
  entitlement: string;
  raisedBefore: string;
  amount: string;
}

export interface NewShareSettlement {
  partyId: string;
  amount: string;
  /** No money moved: the party holds it already. */
  retained: boolean;
  /** YYYY-MM-DD. */
  paidOn: string;
  reference: string;
  settledBy: string | null;
}

/** What one ledger holds: the adjustments raised and the settlements recorded, oldest first. */
export interface LedgerRecords {
  adjustments: ShareAdjustment[];
  settlements: ShareSettlement[];
}

/**
 * A ledger's input for libs/outcomes' `ledger`: the entitlements of the current positions and the
 * records; and who each party is (its name and role, from the positions or, for a party a rule
 * change removed, from what was raised for it).
 */
export function ledgerInputOf(
  positions: readonly StoredPartyPosition[],
  records: LedgerRecords,
): { input: LedgerInput; parties: Map<string, { name: string; role: string }> } {
  const parties = new Map<string, { name: string; role: string }>();
  for (const a of records.adjustments)
    parties.set(a.partyId, { name: a.partyName, role: a.partyRole });
  for (const p of positions) parties.set(p.partyId, { name: p.name, role: p.role });
  return {
    input: {
      entitlements: positions.map((p) => ({ partyId: p.partyId, amount: p.net })),
      settlements: records.settlements.map((s) => ({ partyId: s.partyId, amount: s.amount })),
      raised: records.adjustments.map((a) => ({ partyId: a.partyId, amount: a.amount })),
    },
    parties,
  };
}

/**
 * The settlement ledger per rule lineage, provider and year: the adjustments raised on triggers,
 * the settlements recorded against them, and which evaluation is current.
 */
@Injectable()
export class ShareLedgerRepository {
  constructor(private readonly db: Db) {}

  /** The adjustments raised and the settlements recorded in one ledger, oldest first. */
  async records(partnershipId: string, key: LedgerKey): Promise<LedgerRecords> {
    const where = { partnershipId, ...key, windowStart: dateOfDay(key.windowStart) };
    const [adjustments, settlements] = await Promise.all([
      this.db.client.shareAdjustment.findMany({
        where,
        orderBy: [{ createdAt: 'asc' }, { position: 'asc' }],
      }),
      this.db.client.shareSettlement.findMany({
        where,
        orderBy: [{ createdAt: 'asc' }, { position: 'asc' }],
      }),
    ]);
    return {
      adjustments: adjustments.map(toShareAdjustment),
      settlements: settlements.map(toShareSettlement),
    };
  }

  /** Records a trigger's adjustments (one row per party, in party order). */
  async saveAdjustments(
    partnershipId: string,
    key: LedgerKey & { triggerId: string },
    rows: NewShareAdjustment[],
  ): Promise<void> {
    const windowStart = dateOfDay(key.windowStart);
    await this.db.client.shareAdjustment.createMany({
      data: rows.map((row, position) => ({ partnershipId, ...key, windowStart, ...row, position })),
    });
  }

  /** Records what was paid for each party when a trigger is settled. */
  async saveSettlements(
    partnershipId: string,
    key: LedgerKey & { triggerId: string },
    rows: NewShareSettlement[],
  ): Promise<void> {
    if (rows.length === 0) return;
    const windowStart = dateOfDay(key.windowStart);
    await this.db.client.shareSettlement.createMany({
      data: rows.map((row, position) => ({
        partnershipId,
        ...key,
        windowStart,
        ...row,
        paidOn: dateOfDay(row.paidOn),
        position,
      })),
    });
  }

  /** The adjustments and settlements of some triggers, each grouped by trigger id. */
  async ofTriggers(
    partnershipId: string,
    triggerIds: string[],
  ): Promise<{
    adjustments: Map<string, ShareAdjustment[]>;
    settlements: Map<string, ShareSettlement[]>;
  }> {
    if (triggerIds.length === 0) return { adjustments: new Map(), settlements: new Map() };
    const where = { partnershipId, triggerId: { in: triggerIds } };
    const orderBy = [{ createdAt: 'asc' as const }, { position: 'asc' as const }];
    const [adjustments, settlements] = await Promise.all([
      this.db.client.shareAdjustment.findMany({ where, orderBy }),
      this.db.client.shareSettlement.findMany({ where, orderBy }),
    ]);
    return {
      adjustments: groupBy(adjustments.map(toShareAdjustment), (row) => row.triggerId),
      settlements: groupBy(settlements.map(toShareSettlement), (row) => row.triggerId),
    };
  }

  /** The number of the next trigger of a ledger (1 + the most raised by any rule of its lineage). */
  async nextTriggerNo(partnershipId: string, key: LedgerKey): Promise<number> {
    const last = await this.db.client.shareTrigger.aggregate({
      where: {
        partnershipId,
        ruleId: { in: await this.lineageRuleIds(partnershipId, key.lineageId) },
        providerOrgId: key.providerOrgId,
        windowStart: dateOfDay(key.windowStart),
      },
      _max: { crossingNo: true },
    });
    return (last._max.crossingNo ?? 0) + 1;
  }

  /**
   * The current evaluation of a ledger: the one the last decision about it was made on (the
   * most recently updated state of any rule of the lineage for the provider and year), so a
   * replaced rule's ledger keeps its figures until its successor has evaluated, and earlier years
   * keep the evaluation they were last decided on. Null before any.
   */
  async currentEvaluation(
    partnershipId: string,
    key: LedgerKey,
  ): Promise<CompletedShareEvaluation | null> {
    const state = await this.db.client.shareState.findFirst({
      where: {
        partnershipId,
        ruleId: { in: await this.lineageRuleIds(partnershipId, key.lineageId) },
        providerOrgId: key.providerOrgId,
        windowStart: dateOfDay(key.windowStart),
      },
      orderBy: { updatedAt: 'desc' },
    });
    if (!state) return null;
    const row = await this.db.client.shareEvaluation.findUnique({
      where: { partnershipId_id: { partnershipId, id: state.lastEvaluationId } },
    });
    return row && (toShareEvaluation(row) as CompletedShareEvaluation);
  }

  /** The ledgers that have a state for a partnership, newest year first. */
  async keys(
    partnershipId: string,
    filter: { lineageId?: string; providerOrgIds?: string[]; windowStart?: string },
  ): Promise<LedgerKey[]> {
    const rows = await this.db.client.shareState.findMany({
      where: {
        partnershipId,
        ...(filter.providerOrgIds ? { providerOrgId: { in: filter.providerOrgIds } } : {}),
        ...(filter.windowStart ? { windowStart: dateOfDay(filter.windowStart) } : {}),
      },
      select: { ruleId: true, providerOrgId: true, windowStart: true },
    });
    const rules = await this.db.client.shareRule.findMany({
      where: {
        partnershipId,
        id: { in: [...new Set(rows.map((row) => row.ruleId))] },
        ...(filter.lineageId ? { lineageId: filter.lineageId } : {}),
      },
      select: { id: true, lineageId: true },
    });
    const lineageOf = new Map(rules.map((rule) => [rule.id, rule.lineageId]));
    const keys = new Map<string, LedgerKey>();
    for (const row of rows) {
      const lineageId = lineageOf.get(row.ruleId);
      if (!lineageId) continue;
      const windowStart = isoDay(row.windowStart);
      const key = { lineageId, providerOrgId: row.providerOrgId, windowStart };
      keys.set(`${lineageId}:${row.providerOrgId}:${windowStart}`, key);
    }
    return [...keys.values()].sort(
      (a, b) =>
        b.windowStart.localeCompare(a.windowStart) ||
        a.lineageId.localeCompare(b.lineageId) ||
        a.providerOrgId.localeCompare(b.providerOrgId),
    );
  }

  private async lineageRuleIds(partnershipId: string, lineageId: string): Promise<string[]> {
    const rules = await this.db.client.shareRule.findMany({
      where: { partnershipId, lineageId },
      select: { id: true },
    });
    return rules.map((rule) => rule.id);
  }
}
