import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type { Email, EmailStatus } from '../prisma-client';
import type { PageRequest, Paged } from './paging';

/** An email to write to the outbox for one recipient. */
export interface NewEmail {
  userId: string;
  toAddress: string;
  eventType: string;
  eventKey: string;
  subject: string;
  body: string;
}

/** An email taken for sending. */
export interface ClaimedEmail {
  partnershipId: string;
  id: string;
  toAddress: string;
  subject: string;
  body: string;
  attempts: number;
}

/**
 * The email outbox: one row per event and recipient, written in the transaction that decided to
 * send; the worker claims due rows (FOR UPDATE SKIP LOCKED and a lease, as the webhook outbox),
 * sends them over SMTP and records the outcome. With no SMTP server configured, rows are written
 * `not_sent` and kept for admins to read.
 */
@Injectable()
export class EmailRepository {
  constructor(private readonly db: Db) {}

  /** Adds emails (one already there for the event and user is left as it is). */
  async addMany(partnershipId: string, rows: NewEmail[], status: EmailStatus): Promise<number> {
    if (rows.length === 0) return 0;
    const { count } = await this.db.client.email.createMany({
      data: rows.map((r) => ({ partnershipId, ...r, status })),
      skipDuplicates: true,
    });
    return count;
  }

  /** Takes up to `limit` due emails (oldest due first) and leases them for `leaseMs`. */
  claimDue(limit: number, leaseMs: number): Promise<ClaimedEmail[]> {
    return this.db.client.$queryRaw<ClaimedEmail[]>`
      WITH due AS (
        SELECT partnership_id, id FROM emails
         WHERE status = 'pending' AND next_attempt_at <= now()
         ORDER BY next_attempt_at
         LIMIT ${limit}
         FOR UPDATE SKIP LOCKED
      )
      UPDATE emails e
         SET next_attempt_at = now() + ${leaseMs}::double precision * interval '1 millisecond'
        FROM due
       WHERE e.partnership_id = due.partnership_id AND e.id = due.id
      RETURNING e.partnership_id::text AS "partnershipId", e.id::text AS id,
                e.to_address AS "toAddress", e.subject, e.body, e.attempts`;
  }

  async markSent(partnershipId: string, id: string): Promise<boolean> {
    const n = await this.db.client.$executeRaw`
      UPDATE emails SET status = 'sent', attempts = attempts + 1, sent_at = now(), last_error = NULL
       WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid AND status = 'pending'`;
    return n === 1;
  }

  /** A failed attempt: the next in `retryInMs`, or `failed` once `maxAttempts` were made. */
  async markFailedAttempt(
    partnershipId: string,
    id: string,
    failure: { error: string; retryInMs: number; maxAttempts: number },
  ): Promise<EmailStatus | null> {
    const rows = await this.db.client.$queryRaw<{ status: EmailStatus }[]>`
      UPDATE emails
         SET attempts = attempts + 1, last_error = ${failure.error.slice(0, 1000)},
             status = CASE WHEN attempts + 1 >= ${failure.maxAttempts}
                           THEN 'failed'::email_status ELSE 'pending'::email_status END,
             next_attempt_at = now() + ${Math.max(0, Math.round(failure.retryInMs))}::double precision * interval '1 millisecond'
       WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid AND status = 'pending'
      RETURNING status::text AS status`;
    return rows[0]?.status ?? null;
  }

  async list(
    partnershipId: string,
    filter: { status?: EmailStatus; userId?: string },
    page: PageRequest,
  ): Promise<Paged<Email>> {
    const where = { partnershipId, ...filter };
    const [items, total] = await Promise.all([
      this.db.client.email.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: page.limit,
        skip: page.offset,
      }),
      this.db.client.email.count({ where }),
    ]);
    return { items, total };
  }
}
