import { Inject, Injectable, Logger } from '@nestjs/common';
import { checkWebhookUrl, egressPolicyOf, type EgressPolicy } from '@ol/egress';
import { NotificationKicker } from '@ol/jobs';
import {
  AuditRepository,
  Db,
  NotificationRepository,
  WebhookRepository,
  type Actor,
  type Notification,
  type Paged,
  type Webhook,
  type WebhookChanges,
} from '@ol/persistence';
import { randomBytes } from 'node:crypto';
import { ProblemException } from '../../common/problems/problem';
import { ApiConfig } from '../../config/api.config';
import type { ListNotificationsQuery } from './dto/notification.dto';
import type { CreateWebhookDto, ListWebhooksQuery, UpdateWebhookDto } from './dto/webhook.dto';

/** A new signing secret: 32 URL-safe characters of randomness after a recognisable prefix. */
function generateSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

/**
 * A partnership's webhooks and its notification outbox (for admins). Delivery itself is the
 * worker's NotificationProcessor.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    private readonly db: Db,
    private readonly webhooks: WebhookRepository,
    private readonly notifications: NotificationRepository,
    private readonly audit: AuditRepository,
    private readonly kicker: NotificationKicker,
    @Inject(ApiConfig) config: ApiConfig,
  ) {
    this.egress = egressPolicyOf(config);
  }

  private readonly egress: EgressPolicy;

  /**
   * A webhook may be aimed only at a public address (or one the operator allow-lists), over
   * https unless the operator allows http, without credentials: refused with 422 otherwise. The
   * worker checks again before every delivery (a name may resolve elsewhere by then).
   */
  private async checkUrl(url: string): Promise<void> {
    const verdict = await checkWebhookUrl(url, this.egress);
    if (!verdict.ok) {
      // The URL is not echoed: it may carry credentials.
      throw ProblemException.unprocessable('The webhook URL is refused.', [
        { field: 'url', reason: verdict.reason },
      ]);
    }
  }

  async create(partnershipId: string, actor: Actor, dto: CreateWebhookDto): Promise<Webhook> {
    await this.checkUrl(dto.url);
    return this.db.transaction(async () => {
      const webhook = await this.webhooks.create(partnershipId, {
        url: dto.url,
        secret: dto.secret ?? generateSecret(),
        eventTypes: dto.eventTypes ?? [],
        active: dto.active ?? true,
        createdBy: actor.userId,
      });
      await this.audit.record(partnershipId, actor, {
        action: 'webhook.created',
        entityType: 'webhook',
        entityId: webhook.id,
        // Never the secret.
        details: {
          url: webhook.url,
          eventTypes: webhook.eventTypes,
          active: webhook.active,
          secretGenerated: dto.secret === undefined,
        },
      });
      return webhook;
    });
  }

  list(partnershipId: string, query: ListWebhooksQuery): Promise<Paged<Webhook>> {
    return this.webhooks.list(partnershipId, { active: query.active }, query);
  }

  async get(partnershipId: string, webhookId: string): Promise<Webhook> {
    const webhook = await this.webhooks.find(partnershipId, webhookId);
    if (!webhook) throw ProblemException.notFound('Webhook');
    return webhook;
  }

  async update(
    partnershipId: string,
    actor: Actor,
    webhookId: string,
    dto: UpdateWebhookDto,
  ): Promise<Webhook> {
    if (dto.url !== undefined) await this.checkUrl(dto.url);
    return this.db.transaction(async () => {
      const before = await this.get(partnershipId, webhookId);
      const changes: WebhookChanges = {
        ...(dto.url !== undefined ? { url: dto.url } : {}),
        ...(dto.eventTypes !== undefined ? { eventTypes: dto.eventTypes } : {}),
        ...(dto.active !== undefined ? { active: dto.active } : {}),
      };
      if (Object.keys(changes).length === 0) return before;
      const after = await this.webhooks.update(partnershipId, webhookId, changes);
      await this.audit.record(partnershipId, actor, {
        action: 'webhook.updated',
        entityType: 'webhook',
        entityId: webhookId,
        details: {
          changes: { ...changes },
          before: { url: before.url, eventTypes: before.eventTypes, active: before.active },
        },
      });
      // Re-activated: queued notifications may be due now.
      if (!before.active && after.active) await this.kicker.kick(partnershipId);
      return after;
    });
  }

  /** DELETE: deactivates (notifications keep referring to the webhook). Idempotent. */
  deactivate(partnershipId: string, actor: Actor, webhookId: string): Promise<void> {
    return this.db.transaction(async () => {
      const webhook = await this.get(partnershipId, webhookId);
      if (!webhook.active) return;
      await this.webhooks.update(partnershipId, webhookId, { active: false });
      await this.audit.record(partnershipId, actor, {
        action: 'webhook.deactivated',
        entityType: 'webhook',
        entityId: webhookId,
        details: { url: webhook.url },
      });
    });
  }

  listNotifications(
    partnershipId: string,
    query: ListNotificationsQuery,
  ): Promise<Paged<Notification>> {
    return this.notifications.list(
      partnershipId,
      { status: query.status, eventType: query.eventType, webhookId: query.webhookId },
      query,
    );
  }

  async getNotification(partnershipId: string, notificationId: string): Promise<Notification> {
    const notification = await this.notifications.find(partnershipId, notificationId);
    if (!notification) throw ProblemException.notFound('Notification');
    return notification;
  }

  /** Puts a failed notification back in the queue with a fresh set of attempts. */
  retry(partnershipId: string, actor: Actor, notificationId: string): Promise<Notification> {
    return this.db.transaction(async () => {
      const before = await this.getNotification(partnershipId, notificationId);
      const after = await this.notifications.retry(partnershipId, notificationId);
      if (!after) {
        throw ProblemException.conflict(
          `Only a failed notification can be retried; this one is ${before.status}.`,
        );
      }
      await this.audit.record(partnershipId, actor, {
        action: 'notification.retried',
        entityType: 'notification',
        entityId: notificationId,
        details: {
          webhookId: before.webhookId,
          previousAttempts: before.attempts,
          lastError: before.lastError,
        },
      });
      await this.kicker.kick(partnershipId);
      return after;
    });
  }
}
