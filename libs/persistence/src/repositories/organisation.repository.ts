import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type { Organisation, OrganisationKind } from '../prisma-client';
import type { PageRequest, Paged } from './paging';

export interface OrganisationFilter {
  kind?: OrganisationKind;
  /** Case-insensitive substring of the name. */
  q?: string;
}

export interface NewOrganisation {
  name: string;
  kind: OrganisationKind;
  reference?: string | null;
}

@Injectable()
export class OrganisationRepository {
  constructor(private readonly db: Db) {}

  create(data: NewOrganisation): Promise<Organisation> {
    return this.db.client.organisation.create({ data });
  }

  update(id: string, data: Partial<NewOrganisation>): Promise<Organisation> {
    return this.db.client.organisation.update({
      where: { id },
      data: { ...data, updatedAt: new Date() },
    });
  }

  findById(id: string): Promise<Organisation | null> {
    return this.db.client.organisation.findUnique({ where: { id } });
  }

  async list(filter: OrganisationFilter, page: PageRequest): Promise<Paged<Organisation>> {
    const where = {
      ...(filter.kind ? { kind: filter.kind } : {}),
      ...(filter.q ? { name: { contains: filter.q, mode: 'insensitive' as const } } : {}),
    };
    const [items, total] = await Promise.all([
      this.db.client.organisation.findMany({
        where,
        orderBy: [{ name: 'asc' }, { id: 'asc' }],
        take: page.limit,
        skip: page.offset,
      }),
      this.db.client.organisation.count({ where }),
    ]);
    return { items, total };
  }
}
