import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type { ApiKey, User } from '../prisma-client';

export type ApiKeyWithUser = ApiKey & { user: User };

@Injectable()
export class ApiKeyRepository {
  constructor(private readonly db: Db) {}

  create(data: {
    userId: string;
    name: string;
    prefix: string;
    keyHash: string;
    expiresAt?: Date | null;
    scopePartnershipId?: string | null;
    scopeOrganisationId?: string | null;
  }): Promise<ApiKey> {
    return this.db.client.apiKey.create({ data });
  }

  findByPrefix(prefix: string): Promise<ApiKeyWithUser | null> {
    return this.db.client.apiKey.findUnique({ where: { prefix }, include: { user: true } });
  }

  findForUser(userId: string, id: string): Promise<ApiKey | null> {
    return this.db.client.apiKey.findFirst({ where: { id, userId } });
  }

  listForUser(userId: string): Promise<ApiKey[]> {
    return this.db.client.apiKey.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });
  }

  findById(id: string): Promise<ApiKey | null> {
    return this.db.client.apiKey.findUnique({ where: { id } });
  }

  /** Keys scoped to the partnership (what its admins manage), oldest first. */
  listForPartnership(partnershipId: string): Promise<ApiKeyWithUser[]> {
    return this.db.client.apiKey.findMany({
      where: { scopePartnershipId: partnershipId },
      include: { user: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
  }

  findInPartnership(partnershipId: string, id: string): Promise<ApiKey | null> {
    return this.db.client.apiKey.findFirst({ where: { id, scopePartnershipId: partnershipId } });
  }

  revoke(id: string): Promise<ApiKey> {
    return this.db.client.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  }

  /** Records use at most once a minute per key, so authentication is not a write per request. */
  async touch(id: string): Promise<void> {
    await this.db.client.$executeRaw`
      UPDATE api_keys SET last_used_at = now()
      WHERE id = ${id}::uuid AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`;
  }
}
