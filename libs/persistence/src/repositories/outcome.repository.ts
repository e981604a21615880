import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type { TargetPeriodKind, ValuationBasis } from '../enums';
import type { Prisma } from '../prisma-client';
import { dateOfDay } from '../util/dates';
import {
  toOutcome,
  toOutcomeValuation,
  toOutcomeWithValuation,
  toTarget,
  type Outcome,
  type OutcomeData,
  type OutcomeValuation,
  type OutcomeWithValuation,
  type Target,
  type TargetData,
} from './outcome.mapper';
import type { PageRequest, Paged } from './paging';

export interface OutcomeFilter {
  theme?: string;
  parentId?: string;
  q?: string;
  includeArchived?: boolean;
}

const WITH_VALUATION = { valuation: { include: { proxy: true } } } as const;

/** An outcome's columns as written: the baseline day (YYYY-MM-DD) as the Date of a `date` column. */
function columns<T extends Partial<OutcomeData>>(data: T) {
  const { baselineDate, ...rest } = data;
  return {
    ...rest,
    ...(baselineDate !== undefined
      ? { baselineDate: baselineDate === null ? null : dateOfDay(baselineDate) }
      : {}),
  };
}

@Injectable()
export class OutcomeRepository {
  constructor(private readonly db: Db) {}

  async create(partnershipId: string, data: OutcomeData): Promise<OutcomeWithValuation> {
    const row = await this.db.client.outcome.create({
      data: { partnershipId, ...columns(data) },
      include: WITH_VALUATION,
    });
    return toOutcomeWithValuation(row);
  }

  async update(
    partnershipId: string,
    id: string,
    data: Partial<OutcomeData> & { archivedAt?: Date | null },
  ): Promise<OutcomeWithValuation> {
    const row = await this.db.client.outcome.update({
      where: { partnershipId_id: { partnershipId, id } },
      data: { ...columns(data), updatedAt: new Date() },
      include: WITH_VALUATION,
    });
    return toOutcomeWithValuation(row);
  }

  /** Whether the outcome exists here and is archived (one light read: what a record's check needs). */
  async stateOf(partnershipId: string, id: string): Promise<'missing' | 'archived' | 'open'> {
    const row = await this.db.client.outcome.findUnique({
      where: { partnershipId_id: { partnershipId, id } },
      select: { archivedAt: true },
    });
    return !row ? 'missing' : row.archivedAt ? 'archived' : 'open';
  }

  async find(partnershipId: string, id: string): Promise<OutcomeWithValuation | null> {
    const row = await this.db.client.outcome.findUnique({
      where: { partnershipId_id: { partnershipId, id } },
      include: WITH_VALUATION,
    });
    return row && toOutcomeWithValuation(row);
  }

  async findByCode(partnershipId: string, code: string): Promise<Outcome | null> {
    const row = await this.db.client.outcome.findUnique({
      where: { partnershipId_code: { partnershipId, code } },
    });
    return row && toOutcome(row);
  }

  /** Ancestors of an outcome, nearest first (to refuse a cycle in the hierarchy). */
  async ancestorIds(partnershipId: string, id: string): Promise<string[]> {
    const rows = await this.db.client.$queryRaw<{ id: string }[]>`
      WITH RECURSIVE up AS (
        SELECT parent_id AS id, 1 AS depth FROM outcomes WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid
        UNION ALL
        SELECT o.parent_id, up.depth + 1 FROM outcomes o JOIN up ON o.partnership_id = ${partnershipId}::uuid AND o.id = up.id
        WHERE up.depth < 100
      )
      SELECT id::text AS id FROM up WHERE id IS NOT NULL ORDER BY depth`;
    return rows.map((r) => r.id);
  }

  /** Every outcome's place in the hierarchy (archived too: reports include them) and whether a proxy values it. */
  async hierarchy(
    partnershipId: string,
  ): Promise<{ id: string; code: string; parentId: string | null; valued: boolean }[]> {
    const rows = await this.db.client.outcome.findMany({
      where: { partnershipId },
      select: { id: true, code: true, parentId: true, valuation: { select: { outcomeId: true } } },
    });
    return rows.map((r) => ({
      id: r.id,
      code: r.code,
      parentId: r.parentId,
      valued: r.valuation !== null,
    }));
  }

  async list(
    partnershipId: string,
    filter: OutcomeFilter,
    page: PageRequest,
  ): Promise<Paged<OutcomeWithValuation>> {
    const where: Prisma.OutcomeWhereInput = {
      partnershipId,
      ...(filter.theme ? { theme: filter.theme } : {}),
      ...(filter.parentId ? { parentId: filter.parentId } : {}),
      ...(filter.includeArchived ? {} : { archivedAt: null }),
      ...(filter.q
        ? {
            OR: [
              { title: { contains: filter.q, mode: 'insensitive' } },
              { code: { contains: filter.q, mode: 'insensitive' } },
            ],
          }
        : {}),
    };
    const [items, total] = await Promise.all([
      this.db.client.outcome.findMany({
        where,
        include: WITH_VALUATION,
        orderBy: [{ theme: 'asc' }, { code: 'asc' }],
        take: page.limit,
        skip: page.offset,
      }),
      this.db.client.outcome.count({ where }),
    ]);
    return { items: items.map(toOutcomeWithValuation), total };
  }

  /** Sets (inserting or replacing) the targets of one outcome for the given periods. */
  async upsertTargets(
    partnershipId: string,
    outcomeId: string,
    targets: TargetData[],
  ): Promise<Target[]> {
    const out: Target[] = [];
    for (const t of targets) {
      const periodStart = dateOfDay(t.periodStart);
      const periodEnd = dateOfDay(t.periodEnd);
      const row = await this.db.client.target.upsert({
        where: {
          partnershipId_outcomeId_periodKind_periodStart: {
            partnershipId,
            outcomeId,
            periodKind: t.periodKind,
            periodStart,
          },
        },
        create: { partnershipId, outcomeId, ...t, periodStart, periodEnd },
        update: {
          targetValue: t.targetValue,
          periodEnd,
          periodLabel: t.periodLabel,
          updatedAt: new Date(),
        },
      });
      out.push(toTarget(row));
    }
    return out;
  }

  /** Targets of an outcome, those starting from `from` to `to` (YYYY-MM-DD) when given. */
  async listTargets(
    partnershipId: string,
    outcomeId: string,
    filter: { periodKind?: TargetPeriodKind; from?: string; to?: string },
  ): Promise<Target[]> {
    const rows = await this.db.client.target.findMany({
      where: {
        partnershipId,
        outcomeId,
        ...(filter.periodKind ? { periodKind: filter.periodKind } : {}),
        ...(filter.from || filter.to
          ? {
              periodStart: {
                ...(filter.from ? { gte: dateOfDay(filter.from) } : {}),
                ...(filter.to ? { lte: dateOfDay(filter.to) } : {}),
              },
            }
          : {}),
      },
      orderBy: [{ periodStart: 'asc' }, { periodKind: 'asc' }],
    });
    return rows.map(toTarget);
  }

  async deleteTarget(partnershipId: string, outcomeId: string, targetId: string): Promise<boolean> {
    const { count } = await this.db.client.target.deleteMany({
      where: { partnershipId, outcomeId, id: targetId },
    });
    return count > 0;
  }

  async setValuation(
    partnershipId: string,
    outcomeId: string,
    link: { proxyId: string; basis: ValuationBasis; countOutcomeId: string | null },
  ): Promise<OutcomeValuation> {
    const row = await this.db.client.outcomeValuation.upsert({
      where: { partnershipId_outcomeId: { partnershipId, outcomeId } },
      create: { partnershipId, outcomeId, ...link },
      update: { ...link, createdAt: new Date() },
    });
    return toOutcomeValuation(row);
  }

  /** The valuation that counts this outcome's people (basis count_outcome), if any. */
  async countedBy(partnershipId: string, outcomeId: string): Promise<OutcomeValuation | null> {
    const row = await this.db.client.outcomeValuation.findFirst({
      where: { partnershipId, countOutcomeId: outcomeId },
    });
    return row && toOutcomeValuation(row);
  }

  async clearValuation(partnershipId: string, outcomeId: string): Promise<boolean> {
    const { count } = await this.db.client.outcomeValuation.deleteMany({
      where: { partnershipId, outcomeId },
    });
    return count > 0;
  }
}
