import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type { IdempotencyKey, Prisma } from '../prisma-client';

@Injectable()
export class IdempotencyRepository {
  constructor(private readonly db: Db) {}

  find(userId: string, key: string): Promise<IdempotencyKey | null> {
    return this.db.client.idempotencyKey.findUnique({ where: { userId_key: { userId, key } } });
  }

  /**
   * Stores the response in the caller's transaction. Returns false when another request with the
   * same key committed first (the caller then rolls back and replays that one).
   */
  async save(data: {
    userId: string;
    key: string;
    method: string;
    path: string;
    requestHash: string;
    responseStatus: number;
    responseBody: Prisma.InputJsonValue;
  }): Promise<boolean> {
    const inserted = await this.db.client.$executeRaw`
      INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, response_status, response_body)
      VALUES (${data.userId}::uuid, ${data.key}, ${data.method}, ${data.path}, ${data.requestHash},
              ${data.responseStatus}, ${JSON.stringify(data.responseBody)}::json)
      ON CONFLICT (user_id, key) DO NOTHING`;
    return inserted === 1;
  }

  /** Forgets keys older than the replay window; returns how many were removed. */
  purgeOlderThan(cutoff: Date): Promise<number> {
    return this.db.client.$executeRaw`DELETE FROM idempotency_keys WHERE created_at < ${cutoff}`;
  }
}
