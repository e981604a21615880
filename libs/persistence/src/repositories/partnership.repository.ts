import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type {
  DiscountConvention,
  DiscountSchedule,
  PaybackMethod,
  PartnershipModel,
  PartnershipStatus,
} from '../enums';
import { dateOfDay } from '../util/dates';
import { toPartnership, type Partnership } from './partnership.mapper';
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
  /** YYYY-MM-DD. */
  startDate: string;
  /** YYYY-MM-DD. */
  endDate: string;
  currency?: string;
  fyStartMonth?: number;
  /** Decimal string. */
  discountRate?: string;
  discountConvention?: DiscountConvention;
  discountSchedule?: DiscountSchedule;
  paybackMethod?: PaybackMethod;
  /** Decimal string. */
  contractValue?: string | null;
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

  async create(data: PartnershipData): Promise<Partnership> {
    const { startDate, endDate, ...rest } = data;
    const row = await this.db.client.partnership.create({
      data: { ...rest, startDate: dateOfDay(startDate), endDate: dateOfDay(endDate) },
    });
    return toPartnership(row);
  }

  async update(id: string, data: Partial<PartnershipData>): Promise<Partnership> {
    const row = await this.db.client.partnership.update({
      where: { id },
      data: { ...columnsOf(data), updatedAt: new Date() },
    });
    return toPartnership(row);
  }

  async findById(id: string): Promise<Partnership | null> {
    const row = await this.db.client.partnership.findUnique({ where: { id } });
    return row && toPartnership(row);
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
    return { items: items.map(toPartnership), total };
  }
}

/** The days of {@link PartnershipData} as the Dates Prisma writes to `date` columns. */
function columnsOf<T extends Partial<PartnershipData>>(
  data: T,
): Omit<T, 'startDate' | 'endDate'> & { startDate?: Date; endDate?: Date } {
  const { startDate, endDate, ...rest } = data;
  return {
    ...rest,
    ...(startDate !== undefined ? { startDate: dateOfDay(startDate) } : {}),
    ...(endDate !== undefined ? { endDate: dateOfDay(endDate) } : {}),
  };
}
