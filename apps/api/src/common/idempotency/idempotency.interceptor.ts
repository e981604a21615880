import {
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { createHash } from 'node:crypto';
import { Db, IdempotencyRepository, type Prisma } from '@ol/persistence';
import type { FastifyReply } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import type { AuthedRequest } from '../auth/auth-context';
import { ProblemException, ProblemType } from '../problems/problem';
import { stableStringify } from '@ol/persistence';

class IdempotencyRace extends Error {}

/**
 * `Idempotency-Key` on POST: the first request with a key runs in a transaction that also stores
 * its response; a repeat with the same body gets that response again (header
 * `Idempotent-Replayed: true`), a repeat with a different body gets 409. Keys are per user.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly db: Db,
    private readonly keys: IdempotencyRepository,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers['idempotency-key'];
    if (req.method !== 'POST' || header === undefined || !req.auth) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || key.length > 255) {
      throw ProblemException.validation([
        { field: 'Idempotency-Key', value: key, reason: 'must be 1 to 255 characters' },
      ]);
    }
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const status =
      (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ??
      HttpStatus.CREATED;
    const path = req.url;
    const requestHash = createHash('sha256')
      .update(stableStringify({ method: req.method, path, body: req.body ?? null }))
      .digest('hex');
    const userId = req.auth.userId;

    const run = async (): Promise<unknown> => {
      const existing = await this.keys.find(userId, key);
      if (existing) return this.replay(existing, requestHash, reply);
      try {
        return await this.db.transaction(async () => {
          const body: unknown = await lastValueFrom(next.handle(), { defaultValue: null });
          const json = JSON.parse(JSON.stringify(body ?? null)) as Prisma.InputJsonValue;
          const saved = await this.keys.save({
            userId,
            key,
            method: req.method,
            path,
            requestHash,
            responseStatus: status,
            responseBody: json,
          });
          if (!saved) throw new IdempotencyRace();
          return body;
        });
      } catch (error) {
        if (!(error instanceof IdempotencyRace)) throw error;
        const winner = await this.keys.find(userId, key);
        if (!winner) throw error;
        return this.replay(winner, requestHash, reply);
      }
    };
    return from(run());
  }

  private replay(
    row: { requestHash: string; responseStatus: number; responseBody: unknown },
    requestHash: string,
    reply: FastifyReply,
  ): unknown {
    if (row.requestHash !== requestHash) {
      throw ProblemException.conflict(
        'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
        ProblemType.IdempotencyKeyReused,
      );
    }
    void reply.header('idempotent-replayed', 'true');
    void reply.status(row.responseStatus);
    return row.responseBody;
  }
}
