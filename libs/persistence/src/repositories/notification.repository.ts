import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import { Prisma, type Notification, type NotificationStatus } from '../prisma-client';
import type { PageRequest, Paged } from './paging';

/**
 * The events the product sends to webhooks. Receivers switch on the `type` of the body (also
 * sent as the X-OL-Event header).
 */
export const NotificationEventType = {
  /** A surplus-share trigger was raised (a crossing into warning, above-threshold or pain-share). */
  TriggerRaised: 'trigger.raised',
  /** A report version was issued (a first version or a restatement). */
  ReportIssued: 'report.issued',
  /**
   * A share evaluation failed: the rule could not evaluate the provider's returns for the year to
   * date (e.g. a return without the target cost a pain-share rule needs), so no trigger is raised.
   */
  EvaluationFailed: 'evaluation.failed',
  /**
   * A provider is reminded of what it owes for a quarter (its delivery data or its open-book
   * return): before the deadline (`stage: before_deadline`) or while overdue (`stage: overdue`).
   */
  ObligationReminder: 'obligation.reminder',
  /** An obligation is still overdue after the policy's days: escalated to the partnership admins. */
  ObligationEscalated: 'obligation.escalated',
  /** A profit-share trigger is still unacknowledged: escalated to the partnership's finance users. */
  TriggerUnacknowledged: 'trigger.unacknowledged',
  /** A dispute is still unanswered by the provider: escalated to the verifiers and admins. */
  DisputeUnanswered: 'dispute.unanswered',
} as const;
export type NotificationEventType =
  (typeof NotificationEventType)[keyof typeof NotificationEventType];
export const NOTIFICATION_EVENT_TYPES: readonly NotificationEventType[] =
  Object.values(NotificationEventType);

export interface NotificationEvent {
  type: NotificationEventType;
  /**
   * What makes the event unique in the partnership, e.g. `trigger:<triggerId>` or
   * `report:<reportId>`. Recording the same key twice adds nothing (a job that runs twice
   * notifies once).
   */
  key: string;
  /** The `data` of the body receivers get: small, ids and a summary (decimal strings for money). */
  payload: Prisma.InputJsonValue;
}

/** A notification taken for delivery, with where to send it. */
export interface ClaimedNotification {
  partnershipId: string;
  id: string;
  webhookId: string;
  eventType: string;
  eventKey: string;
  payload: Prisma.JsonValue;
  attempts: number;
  createdAt: Date;
  url: string;
  secret: string;
}

export interface NotificationFilter {
  status?: NotificationStatus;
  eventType?: string;
  webhookId?: string;
}

/**
 * The notification outbox: one row per event and subscribed webhook, written in the transaction
 * that produced the event; the worker claims due rows with FOR UPDATE SKIP LOCKED and a lease,
 * delivers them and records the outcome.
 */
@Injectable()
export class NotificationRepository {
  constructor(private readonly db: Db) {}

  /**
   * Writes the event's outbox rows: one per active webhook of the partnership subscribed to the
   * event type (no event types = every event). Call it inside the transaction that writes the
   * event itself, so both commit or neither does. Idempotent per (webhook, event key). Returns
   * how many rows were added.
   */
  recordEvent(partnershipId: string, event: NotificationEvent): Promise<number> {
    return this.db.client.$executeRaw(this.recordEventSql(partnershipId, event));
  }

  /** The statement {@link recordEvent} runs, to run inside a larger one (`ReportRepository.createLarge`). */
  recordEventSql(partnershipId: string, event: NotificationEvent): Prisma.Sql {
    return Prisma.sql`
      INSERT INTO notifications (partnership_id, webhook_id, event_type, event_key, payload)
      SELECT w.partnership_id, w.id, ${event.type}, ${event.key}, ${JSON.stringify(event.payload)}::jsonb
      FROM webhooks w
      WHERE w.partnership_id = ${partnershipId}::uuid
        AND w.active
        AND (cardinality(w.event_types) = 0 OR ${event.type} = ANY (w.event_types))
      ON CONFLICT (partnership_id, webhook_id, event_key) DO NOTHING`;
  }

  /**
   * Takes up to `limit` due notifications of active webhooks (oldest due first) for delivery and
   * leases them: their next attempt moves `leaseMs` ahead, so no other worker takes them while
   * this one delivers; if this worker dies, they fall due again when the lease ends. One
   * statement, so the lock is held only while the rows are updated.
   */
  claimDue(limit: number, leaseMs: number, partnershipId?: string): Promise<ClaimedNotification[]> {
    return this.db.client.$queryRaw<ClaimedNotification[]>`
      WITH due AS (
        SELECT n.partnership_id, n.id
        FROM notifications n
        JOIN webhooks w ON w.partnership_id = n.partnership_id AND w.id = n.webhook_id
        WHERE n.status = 'pending' AND n.next_attempt_at <= now() AND w.active
          AND (${partnershipId ?? null}::uuid IS NULL OR n.partnership_id = ${partnershipId ?? null}::uuid)
        ORDER BY n.next_attempt_at
        LIMIT ${limit}
        FOR UPDATE OF n SKIP LOCKED
      )
      UPDATE notifications n
      SET next_attempt_at = now() + ${leaseMs}::double precision * interval '1 millisecond'
      FROM due, webhooks w
      WHERE n.partnership_id = due.partnership_id AND n.id = due.id
        AND w.partnership_id = n.partnership_id AND w.id = n.webhook_id
      RETURNING n.partnership_id::text AS "partnershipId", n.id::text AS id,
                n.webhook_id::text AS "webhookId", n.event_type AS "eventType",
                n.event_key AS "eventKey", n.payload, n.attempts, n.created_at AS "createdAt",
                w.url, w.secret`;
  }

  /** Records a successful delivery. False when the row was no longer pending. */
  async markDelivered(partnershipId: string, id: string, statusCode: number): Promise<boolean> {
    const n = await this.db.client.$executeRaw`
      UPDATE notifications
      SET status = 'delivered', attempts = attempts + 1, delivered_at = now(),
          last_status_code = ${statusCode}, last_error = NULL
      WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid AND status = 'pending'`;
    return n === 1;
  }

  /**
   * Records a failed attempt: the next one in `retryInMs`, or status `failed` once `maxAttempts`
   * attempts have been made. Returns the row's new status (null when it was no longer pending).
   */
  async markFailedAttempt(
    partnershipId: string,
    id: string,
    failure: {
      error: string;
      statusCode: number | null;
      retryInMs: number;
      maxAttempts: number;
    },
  ): Promise<{ status: NotificationStatus; attempts: number } | null> {
    const rows = await this.db.client.$queryRaw<{ status: NotificationStatus; attempts: number }[]>`
      UPDATE notifications
      SET attempts = attempts + 1,
          last_error = ${failure.error.slice(0, 1000)},
          last_status_code = ${failure.statusCode}::integer,
          status = CASE WHEN attempts + 1 >= ${failure.maxAttempts}
                        THEN 'failed'::notification_status ELSE 'pending'::notification_status END,
          next_attempt_at = CASE WHEN attempts + 1 >= ${failure.maxAttempts} THEN now()
                                 ELSE now() + ${Math.max(0, Math.round(failure.retryInMs))}::double precision * interval '1 millisecond' END
      WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid AND status = 'pending'
      RETURNING status::text AS status, attempts`;
    return rows[0] ?? null;
  }

  find(partnershipId: string, id: string): Promise<Notification | null> {
    return this.db.client.notification.findUnique({
      where: { partnershipId_id: { partnershipId, id } },
    });
  }

  async list(
    partnershipId: string,
    filter: NotificationFilter,
    page: PageRequest,
  ): Promise<Paged<Notification>> {
    const where = {
      partnershipId,
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.eventType ? { eventType: filter.eventType } : {}),
      ...(filter.webhookId ? { webhookId: filter.webhookId } : {}),
    };
    const [items, total] = await Promise.all([
      this.db.client.notification.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: page.limit,
        skip: page.offset,
      }),
      this.db.client.notification.count({ where }),
    ]);
    return { items, total };
  }

  /**
   * Puts a failed notification back in the queue with a fresh set of attempts (the last error
   * stays until the next attempt). Null when it is not failed.
   */
  async retry(partnershipId: string, id: string): Promise<Notification | null> {
    const n = await this.db.client.$executeRaw`
      UPDATE notifications SET status = 'pending', attempts = 0, next_attempt_at = now()
      WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid AND status = 'failed'`;
    return n === 1 ? this.find(partnershipId, id) : null;
  }
}
