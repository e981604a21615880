import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type { Webhook } from '../prisma-client';
import type { PageRequest, Paged } from './paging';

export interface NewWebhook {
  url: string;
  /** The HMAC key receivers verify signatures with (at least 16 characters). */
  secret: string;
  /** Event types to receive; empty = every event. */
  eventTypes: string[];
  active: boolean;
  createdBy: string | null;
}

export interface WebhookChanges {
  url?: string;
  eventTypes?: string[];
  active?: boolean;
}

export interface WebhookFilter {
  active?: boolean;
}

/**
 * A partnership's webhook endpoints. Never deleted (notifications refer to them): deactivating
 * one stops new notifications for it and pauses delivery of those already queued.
 */
@Injectable()
export class WebhookRepository {
  constructor(private readonly db: Db) {}

  create(partnershipId: string, webhook: NewWebhook): Promise<Webhook> {
    return this.db.client.webhook.create({ data: { partnershipId, ...webhook } });
  }

  find(partnershipId: string, id: string): Promise<Webhook | null> {
    return this.db.client.webhook.findUnique({
      where: { partnershipId_id: { partnershipId, id } },
    });
  }

  update(partnershipId: string, id: string, changes: WebhookChanges): Promise<Webhook> {
    return this.db.client.webhook.update({
      where: { partnershipId_id: { partnershipId, id } },
      data: changes,
    });
  }

  async list(
    partnershipId: string,
    filter: WebhookFilter,
    page: PageRequest,
  ): Promise<Paged<Webhook>> {
    const where = {
      partnershipId,
      ...(filter.active === undefined ? {} : { active: filter.active }),
    };
    const [items, total] = await Promise.all([
      this.db.client.webhook.findMany({
        where,
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        take: page.limit,
        skip: page.offset,
      }),
      this.db.client.webhook.count({ where }),
    ]);
    return { items, total };
  }
}
