import { Injectable } from '@nestjs/common';
import { Db, type Tx } from '../db';
import type { AuditEvent, PlatformAuditEvent, Prisma } from '../prisma-client';
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

/**
 * Writes the audit row of a write to partnership data with `client`: {@link AuditRepository.record}
 * uses the unit of work's; a transaction opened apart from it (the import commit) passes its own.
 */
export async function recordAuditEvent(
  client: Tx,
  partnershipId: string,
  actor: Actor,
  entry: AuditEntry,
): Promise<void> {
  await client.auditEvent.create({ data: { partnershipId, ...auditColumns(actor, entry) } });
}

/** The columns every audit row has: who, what, on which entity, with what details. */
function auditColumns(actor: Actor, entry: AuditEntry) {
  return {
    actorUserId: actor.userId,
    actorKeyId: actor.keyId,
    requestId: actor.requestId ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    details: entry.details ?? {},
  };
}

@Injectable()
export class AuditRepository {
  constructor(private readonly db: Db) {}

  /** Records a write to partnership data (in the caller's transaction, if any). */
  async record(partnershipId: string, actor: Actor, entry: AuditEntry): Promise<void> {
    await recordAuditEvent(this.db.client, partnershipId, actor, entry);
  }

  /** Records a write to platform reference data (organisations, users, API keys). */
  async recordPlatform(actor: Actor, entry: AuditEntry): Promise<void> {
    await this.db.client.platformAuditEvent.create({ data: auditColumns(actor, entry) });
  }

  /** The platform's own trail (users, keys, organisations), newest first. */
  async listPlatform(
    filter: { entityType?: string; entityId?: string; actorUserId?: string; action?: string },
    page: PageRequest,
  ): Promise<Paged<PlatformAuditEvent>> {
    const [items, total] = await Promise.all([
      this.db.client.platformAuditEvent.findMany({
        where: filter,
        orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
        take: page.limit,
        skip: page.offset,
      }),
      this.db.client.platformAuditEvent.count({ where: filter }),
    ]);
    return { items, total };
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
