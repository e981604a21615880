import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type { Prisma } from '../prisma-client';

/** An Idempotency-Key as stored: claimed by a running request, or done with its response. */
export interface IdempotencyRecord {
  state: 'in_progress' | 'done';
  requestHash: string;
  responseStatus: number | null;
  responseBody: unknown;
  /** Response fields left out because they carry a secret shown once. */
  withheld: string[];
  /** How long ago the key was claimed, by the database's clock (the one that deletes it). */
  ageMs: number;
}

/**
 * Idempotency keys, per user. A request first claims its key in a statement of its own (so a
 * duplicate sees the claim at once and waits for it), then completes the claim with its response
 * inside its own transaction (so the response is stored exactly when the work commits).
 */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly db: Db) {}

  async find(userId: string, key: string): Promise<IdempotencyRecord | null> {
    const [row] = await this.db.prisma.$queryRaw<
      {
        state: string;
        request_hash: string;
        response_status: number | null;
        response_body: unknown;
        withheld: string[];
        age_ms: number;
      }[]
    >`
      SELECT state, request_hash, response_status, response_body, withheld,
             (extract(epoch FROM now() - created_at) * 1000)::float8 AS age_ms
        FROM idempotency_keys WHERE user_id = ${userId}::uuid AND key = ${key}`;
    if (!row) return null;
    return {
      state: row.state === 'in_progress' ? 'in_progress' : 'done',
      requestHash: row.request_hash,
      responseStatus: row.response_status,
      responseBody: row.response_body,
      withheld: row.withheld,
      ageMs: row.age_ms,
    };
  }

  /** Claims the key for a request about to run; null when another request holds it. */
  async claim(data: {
    userId: string;
    key: string;
    method: string;
    path: string;
    requestHash: string;
  }): Promise<Date | null> {
    const rows = await this.db.prisma.$queryRaw<{ claimed_at: Date }[]>`
      INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, state)
      VALUES (${data.userId}::uuid, ${data.key}, ${data.method}, ${data.path}, ${data.requestHash}, 'in_progress')
      ON CONFLICT (user_id, key) DO NOTHING
      RETURNING created_at AS claimed_at`;
    return rows[0]?.claimed_at ?? null;
  }

  /**
   * Stores the response on the claim, in the caller's transaction. False when the claim is no
   * longer this request's (it was given up as abandoned): the caller rolls back.
   */
  async complete(
    userId: string,
    key: string,
    claimedAt: Date,
    response: { status: number; body: Prisma.InputJsonValue; withheld: string[] },
  ): Promise<boolean> {
    const updated = await this.db.client.$executeRaw`
      UPDATE idempotency_keys
         SET state = 'done', response_status = ${response.status},
             response_body = ${JSON.stringify(response.body)}::json, withheld = ${response.withheld}::text[]
       WHERE user_id = ${userId}::uuid AND key = ${key} AND state = 'in_progress'
         AND created_at = ${claimedAt}`;
    return updated === 1;
  }

  /** Drops this request's claim after it failed, so the key can be used again. */
  async release(userId: string, key: string, claimedAt: Date): Promise<void> {
    await this.db.prisma.$executeRaw`
      DELETE FROM idempotency_keys
       WHERE user_id = ${userId}::uuid AND key = ${key} AND state = 'in_progress'
         AND created_at = ${claimedAt}`;
  }

  /**
   * Drops a claim older than `olderThanMs` that never completed: its process died mid-request
   * (a live request cannot outlast its transaction's timeout).
   */
  async releaseAbandoned(userId: string, key: string, olderThanMs: number): Promise<boolean> {
    const deleted = await this.db.prisma.$executeRaw`
      DELETE FROM idempotency_keys
       WHERE user_id = ${userId}::uuid AND key = ${key} AND state = 'in_progress'
         AND created_at < now() - make_interval(secs => ${olderThanMs / 1000})`;
    return deleted === 1;
  }

  /** Forgets keys older than the replay window; returns how many were removed. */
  purgeOlderThan(cutoff: Date): Promise<number> {
    return this.db.client.$executeRaw`DELETE FROM idempotency_keys WHERE created_at < ${cutoff}`;
  }
}
