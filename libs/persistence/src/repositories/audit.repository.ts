import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type { AuditEvent, Prisma } from '../prisma-client';
import type { PageRequest, Paged } from './paging';

/** Who did it: filled from the authenticated request. */
export interface Actor {
  userId: string | null;
  keyId: string | null;
  requestId?: string | null;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  details?: Prisma.InputJsonValue;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly db: Db) {}

  /** Records a write to partnership data (in the caller's transaction, if any). */
  async record(partnershipId: string, actor: Actor, entry: AuditEntry): Promise<void> {
    await this.db.client.auditEvent.create({
      data: {
        partnershipId,
        actorUserId: actor.userId,
        actorKeyId: actor.keyId,
        requestId: actor.requestId ?? null,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        details: entry.details ?? {},
      },
    });
  }

  /** Records a write to platform reference data (organisations, users, API keys). */
  async recordPlatform(actor: Actor, entry: AuditEntry): Promise<void> {
    await this.db.client.platformAuditEvent.create({
      data: {
        actorUserId: actor.userId,
        actorKeyId: actor.keyId,
        requestId: actor.requestId ?? null,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        details: entry.details ?? {},
      },
    });
  }

  async list(
    partnershipId: string,
    filter: { entityType?: string; entityId?: string; actorUserId?: string },
    page: PageRequest,
  ): Promise<Paged<AuditEvent>> {
    const where = { partnershipId, ...filter };
    const [items, total] = await Promise.all([
      this.db.client.auditEvent.findMany({
        where,
        orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
        take: page.limit,
        skip: page.offset,
      }),
      this.db.client.auditEvent.count({ where }),
    ]);
    return { items, total };
  }
}
