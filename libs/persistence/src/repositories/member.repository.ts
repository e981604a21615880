import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type { Member, MemberRole, Organisation } from '../prisma-client';
import type { PageRequest, Paged } from './paging';

export type MemberWithOrganisation = Member & { organisation: Organisation };

export interface MemberFilter {
  role?: MemberRole;
  organisationId?: string;
}

@Injectable()
export class MemberRepository {
  constructor(private readonly db: Db) {}

  add(
    partnershipId: string,
    organisationId: string,
    role: MemberRole,
  ): Promise<MemberWithOrganisation> {
    return this.db.client.member.create({
      data: { partnershipId, organisationId, role },
      include: { organisation: true },
    });
  }

  find(partnershipId: string, id: string): Promise<MemberWithOrganisation | null> {
    return this.db.client.member.findUnique({
      where: { partnershipId_id: { partnershipId, id } },
      include: { organisation: true },
    });
  }

  async remove(partnershipId: string, id: string): Promise<void> {
    await this.db.client.member.delete({ where: { partnershipId_id: { partnershipId, id } } });
  }

  async list(
    partnershipId: string,
    filter: MemberFilter,
    page: PageRequest,
  ): Promise<Paged<MemberWithOrganisation>> {
    const where = { partnershipId, ...filter };
    const [items, total] = await Promise.all([
      this.db.client.member.findMany({
        where,
        include: { organisation: true },
        orderBy: [{ joinedAt: 'asc' }, { id: 'asc' }],
        take: page.limit,
        skip: page.offset,
      }),
      this.db.client.member.count({ where }),
    ]);
    return { items, total };
  }

  /** Whether the organisation is a member of the partnership in the given role. */
  async hasRole(partnershipId: string, organisationId: string, role: MemberRole): Promise<boolean> {
    const n = await this.db.client.member.count({ where: { partnershipId, organisationId, role } });
    return n > 0;
  }

  /** The roles each of some organisations holds in the partnership (absent: not a member). */
  async rolesOf(
    partnershipId: string,
    organisationIds: string[],
  ): Promise<Map<string, MemberRole[]>> {
    const rows = organisationIds.length
      ? await this.db.client.member.findMany({
          where: { partnershipId, organisationId: { in: organisationIds } },
          select: { organisationId: true, role: true },
        })
      : [];
    const roles = new Map<string, MemberRole[]>();
    for (const row of rows) {
      roles.set(row.organisationId, [...(roles.get(row.organisationId) ?? []), row.role]);
    }
    return roles;
  }
}
