import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type {
  DiscountConvention,
  DiscountSchedule,
  PaybackMethod,
  Partnership,
  PartnershipModel,
  PartnershipStatus,
  Prisma,
} from '../prisma-client';
import type { PageRequest, Paged } from './paging';

export interface PartnershipFilter {
  status?: PartnershipStatus;
  model?: PartnershipModel;
  q?: string;
  /** Only partnerships this user holds a role in (not suspended); undefined = all (platform admin). */
  visibleToUserId?: string;
  /** Only this partnership (a key scoped to it). */
  onlyId?: string;
}

export interface PartnershipData {
  name: string;
  purpose?: string | null;
  model: PartnershipModel;
  status?: PartnershipStatus;
  startDate: Date;
  endDate: Date;
  currency?: string;
  fyStartMonth?: number;
  discountRate?: Prisma.Decimal | string;
  discountConvention?: DiscountConvention;
  discountSchedule?: DiscountSchedule;
  paybackMethod?: PaybackMethod;
  contractValue?: Prisma.Decimal | string | null;
  countUnverified?: boolean;
  shareOpenBookWithProviders?: boolean;
  provisionalReturnsCount?: boolean;
  settlementSeparation?: boolean;
  reportPriceYear?: number | null;
  priceIndexSeriesId?: string | null;
}

@Injectable()
export class PartnershipRepository {
  constructor(private readonly db: Db) {}

  create(data: PartnershipData): Promise<Partnership> {
    return this.db.client.partnership.create({ data });
  }

  update(id: string, data: Partial<PartnershipData>): Promise<Partnership> {
    return this.db.client.partnership.update({
      where: { id },
      data: { ...data, updatedAt: new Date() },
    });
  }

  findById(id: string): Promise<Partnership | null> {
    return this.db.client.partnership.findUnique({ where: { id } });
  }

  async list(filter: PartnershipFilter, page: PageRequest): Promise<Paged<Partnership>> {
    const where = {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.model ? { model: filter.model } : {}),
      ...(filter.q ? { name: { contains: filter.q, mode: 'insensitive' as const } } : {}),
      ...(filter.visibleToUserId
        ? { userRoles: { some: { userId: filter.visibleToUserId, suspendedAt: null } } }
        : {}),
      ...(filter.onlyId ? { id: filter.onlyId } : {}),
    };
    const [items, total] = await Promise.all([
      this.db.client.partnership.findMany({
        where,
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
        take: page.limit,
        skip: page.offset,
      }),
      this.db.client.partnership.count({ where }),
    ]);
    return { items, total };
  }
}
