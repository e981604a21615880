import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type { PartnershipRole, User, UserRole } from '../prisma-client';

export type UserRoleWithUser = UserRole & { user: User };

@Injectable()
export class UserRoleRepository {
  constructor(private readonly db: Db) {}

  grant(
    partnershipId: string,
    data: { userId: string; role: PartnershipRole; organisationId?: string | null },
  ): Promise<UserRoleWithUser> {
    return this.db.client.userRole.create({
      data: { partnershipId, ...data, organisationId: data.organisationId ?? null },
      include: { user: true },
    });
  }

  find(partnershipId: string, id: string): Promise<UserRoleWithUser | null> {
    return this.db.client.userRole.findUnique({
      where: { partnershipId_id: { partnershipId, id } },
      include: { user: true },
    });
  }

  async revoke(partnershipId: string, id: string): Promise<void> {
    await this.db.client.userRole.delete({ where: { partnershipId_id: { partnershipId, id } } });
  }

  list(
    partnershipId: string,
    filter: { role?: PartnershipRole; userId?: string },
  ): Promise<UserRoleWithUser[]> {
    return this.db.client.userRole.findMany({
      where: { partnershipId, ...filter },
      include: { user: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  /**
   * The roles a user holds in one partnership (empty: not a member, so the partnership is hidden).
   * Roles suspended by the partnership's admins do not count.
   */
  rolesOf(partnershipId: string, userId: string): Promise<UserRole[]> {
    return this.db.client.userRole.findMany({
      where: { partnershipId, userId, suspendedAt: null },
    });
  }

  /** The partnerships in which the user holds the role (suspended or not). */
  async partnershipsWhere(userId: string, role: PartnershipRole): Promise<string[]> {
    const rows = await this.db.client.userRole.findMany({
      where: { userId, role },
      select: { partnershipId: true },
      orderBy: { partnershipId: 'asc' },
    });
    return rows.map((r) => r.partnershipId);
  }

  /**
   * Disables (a time) or re-enables (null) every role the user holds in the partnership; the
   * roles as they are afterwards.
   */
  async suspend(
    partnershipId: string,
    userId: string,
    suspendedAt: Date | null,
  ): Promise<UserRoleWithUser[]> {
    await this.db.client.userRole.updateMany({
      where: { partnershipId, userId },
      data: { suspendedAt },
    });
    return this.list(partnershipId, { userId });
  }
}
