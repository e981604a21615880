import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type {
  Outcome,
  OutcomeAggregation,
  OutcomeDirection,
  OutcomeValuation,
  Prisma,
  Proxy,
  Target,
  TargetPeriodKind,
  ValuationBasis,
} from '../prisma-client';
import type { PageRequest, Paged } from './paging';

export interface OutcomeData {
  code: string;
  theme: string;
  title: string;
  description?: string | null;
  unit: string;
  direction?: OutcomeDirection;
  aggregation?: OutcomeAggregation;
  baselineValue?: string | null;
  baselineDate?: Date | null;
  isPrevention?: boolean;
  parentId?: string | null;
  greenThreshold?: string;
  amberThreshold?: string;
}

export interface OutcomeFilter {
  theme?: string;
  parentId?: string;
  q?: string;
  includeArchived?: boolean;
}

export interface TargetData {
  periodKind: TargetPeriodKind;
  periodStart: Date;
  periodEnd: Date;
  periodLabel: string;
  targetValue: string;
}

export type OutcomeWithValuation = Outcome & {
  valuation: (OutcomeValuation & { proxy: Proxy }) | null;
};

@Injectable()
export class OutcomeRepository {
  constructor(private readonly db: Db) {}

  create(partnershipId: string, data: OutcomeData): Promise<OutcomeWithValuation> {
    return this.db.client.outcome.create({
      data: { partnershipId, ...data },
      include: { valuation: { include: { proxy: true } } },
    });
  }

  update(
    partnershipId: string,
    id: string,
    data: Partial<OutcomeData> & { archivedAt?: Date | null },
  ): Promise<OutcomeWithValuation> {
    return this.db.client.outcome.update({
      where: { partnershipId_id: { partnershipId, id } },
      data: { ...data, updatedAt: new Date() },
      include: { valuation: { include: { proxy: true } } },
    });
  }

  /** Whether the outcome exists here and is archived (one light read: what a record's check needs). */
  async stateOf(partnershipId: string, id: string): Promise<'missing' | 'archived' | 'open'> {
    const row = await this.db.client.outcome.findUnique({
      where: { partnershipId_id: { partnershipId, id } },
      select: { archivedAt: true },
    });
    return !row ? 'missing' : row.archivedAt ? 'archived' : 'open';
  }

  find(partnershipId: string, id: string): Promise<OutcomeWithValuation | null> {
    return this.db.client.outcome.findUnique({
      where: { partnershipId_id: { partnershipId, id } },
      include: { valuation: { include: { proxy: true } } },
    });
  }

  findByCode(partnershipId: string, code: string): Promise<Outcome | null> {
    return this.db.client.outcome.findUnique({
      where: { partnershipId_code: { partnershipId, code } },
    });
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
        include: { valuation: { include: { proxy: true } } },
        orderBy: [{ theme: 'asc' }, { code: 'asc' }],
        take: page.limit,
        skip: page.offset,
      }),
      this.db.client.outcome.count({ where }),
    ]);
    return { items, total };
  }

  /** Sets (inserting or replacing) the targets of one outcome for the given periods. */
  async upsertTargets(
    partnershipId: string,
    outcomeId: string,
    targets: TargetData[],
  ): Promise<Target[]> {
    const out: Target[] = [];
    for (const t of targets) {
      out.push(
        await this.db.client.target.upsert({
          where: {
            partnershipId_outcomeId_periodKind_periodStart: {
              partnershipId,
              outcomeId,
              periodKind: t.periodKind,
              periodStart: t.periodStart,
            },
          },
          create: { partnershipId, outcomeId, ...t },
          update: {
            targetValue: t.targetValue,
            periodEnd: t.periodEnd,
            periodLabel: t.periodLabel,
            updatedAt: new Date(),
          },
        }),
      );
    }
    return out;
  }

  listTargets(
    partnershipId: string,
    outcomeId: string,
    filter: { periodKind?: TargetPeriodKind; from?: Date; to?: Date },
  ): Promise<Target[]> {
    return this.db.client.target.findMany({
      where: {
        partnershipId,
        outcomeId,
        ...(filter.periodKind ? { periodKind: filter.periodKind } : {}),
        ...(filter.from || filter.to
          ? {
              periodStart: {
                ...(filter.from ? { gte: filter.from } : {}),
                ...(filter.to ? { lte: filter.to } : {}),
              },
            }
          : {}),
      },
      orderBy: [{ periodStart: 'asc' }, { periodKind: 'asc' }],
    });
  }

  async deleteTarget(partnershipId: string, outcomeId: string, targetId: string): Promise<boolean> {
    const { count } = await this.db.client.target.deleteMany({
      where: { partnershipId, outcomeId, id: targetId },
    });
    return count > 0;
  }

  setValuation(
    partnershipId: string,
    outcomeId: string,
    link: { proxyId: string; basis: ValuationBasis; countOutcomeId: string | null },
  ): Promise<OutcomeValuation> {
    return this.db.client.outcomeValuation.upsert({
      where: { partnershipId_outcomeId: { partnershipId, outcomeId } },
      create: { partnershipId, outcomeId, ...link },
      update: { ...link, createdAt: new Date() },
    });
  }

  /** The valuation that counts this outcome's people (basis count_outcome), if any. */
  countedBy(partnershipId: string, outcomeId: string): Promise<OutcomeValuation | null> {
    return this.db.client.outcomeValuation.findFirst({
      where: { partnershipId, countOutcomeId: outcomeId },
    });
  }

  async clearValuation(partnershipId: string, outcomeId: string): Promise<boolean> {
    const { count } = await this.db.client.outcomeValuation.deleteMany({
      where: { partnershipId, outcomeId },
    });
    return count > 0;
  }
}
