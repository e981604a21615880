import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import {
  Db,
  IdempotencyRepository,
  stableStringify,
  type IdempotencyRecord,
  type InputJsonValue,
} from '@ol/persistence';
import type { FastifyReply } from 'fastify';
import { from, lastValueFrom, Observable } from 'rxjs';
import type { AuthedRequest } from '../auth/auth-context';
import { ProblemException, ProblemType } from '../problems/problem';
import { IDEMPOTENCY_EXEMPT, SECRET_FIELDS } from './idempotency.decorators';

/** How long a duplicate waits for the request holding its key before it is told to retry. */
const WAIT_FOR_FIRST_MS = 30_000;
/** A claim this old never completed: its process died (a request's transaction times out at 60 s). */
const ABANDONED_AFTER_MS = 120_000;

class ClaimLost extends Error {}

interface Attempt {
  userId: string;
  key: string;
  requestHash: string;
  method: string;
  path: string;
  secretFields: string[];
  reply: FastifyReply;
  next: CallHandler;
}

/**
 * `Idempotency-Key` on POST. The first request with a key claims it, runs, and stores its status
 * and body in its own transaction; a repeat with the same body gets that response again (header
 * `Idempotent-Replayed: true`, the first status code) and changes nothing; a repeat with another
 * body gets 409. A repeat sent while the first still runs waits for it and replays it. Responses
 * with a secret shown once are stored without it ({@link SecretInResponse}). Keys are per user;
 * routes marked {@link IdempotencyExempt} ignore the header.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);
  /** Claims held by this process: a duplicate here awaits the first instead of polling. */
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly keys: IdempotencyRepository,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers['idempotency-key'];
    if (req.method !== 'POST' || header === undefined || !req.auth) return next.handle();
    if (this.reflector.get<string>(IDEMPOTENCY_EXEMPT, context.getHandler())) return next.handle();
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || key.length > 255 || key.includes('\u0000')) {
      throw ProblemException.validation([
        { field: 'Idempotency-Key', value: key, reason: 'must be 1 to 255 characters' },
      ]);
    }
    const path = req.url;
    const attempt: Attempt = {
      userId: req.auth.userId,
      key,
      method: req.method,
      path,
      requestHash: createHash('sha256')
        .update(stableStringify({ method: req.method, path, body: req.body ?? null }))
        .digest('hex'),
      secretFields: this.reflector.get<string[]>(SECRET_FIELDS, context.getHandler()) ?? [],
      reply: context.switchToHttp().getResponse<FastifyReply>(),
      next,
    };
    return from(this.run(attempt));
  }

  private async run(attempt: Attempt): Promise<unknown> {
    const { userId, key } = attempt;
    const giveUpAt = Date.now() + WAIT_FOR_FIRST_MS;
    for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
      const existing = await this.keys.find(userId, key);
      if (!existing) {
        const claimedAt = await this.keys.claim(attempt);
        if (claimedAt) return this.runClaimed(attempt, claimedAt);
        continue; // another request claimed it between the read and the insert
      }
      if (existing.requestHash !== attempt.requestHash) {
        throw ProblemException.conflict(
          'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
          ProblemType.IdempotencyKeyReused,
        );
      }
      if (existing.state === 'done') return this.replay(existing, attempt.reply);
      if (
        existing.ageMs > ABANDONED_AFTER_MS &&
        (await this.keys.releaseAbandoned(userId, key, ABANDONED_AFTER_MS))
      ) {
        continue;
      }
      const left = giveUpAt - Date.now();
      if (left <= 0) throw stillRunning();
      await this.waitForFirst(`${userId}:${key}`, Math.min(pause, left), left);
    }
  }

  private async runClaimed(attempt: Attempt, claimedAt: Date): Promise<unknown> {
    const { userId, key, reply } = attempt;
    const id = `${userId}:${key}`;
    let finished!: () => void;
    this.running.set(id, new Promise<void>((resolve) => (finished = resolve)));
    try {
      return await this.db.transaction(async () => {
        const body: unknown = await lastValueFrom(attempt.next.handle(), { defaultValue: null });
        const stored = withhold(body, attempt.secretFields);
        const completed = await this.keys.complete(userId, key, claimedAt, {
          status: reply.statusCode,
          body: stored.body,
          withheld: stored.withheld,
        });
        if (!completed) throw new ClaimLost();
        return body;
      });
    } catch (error) {
      // The work rolled back: free the key for a retry (errors are not replayed).
      await this.keys.release(userId, key, claimedAt).catch((e: unknown) => {
        this.logger.warn({ err: e }, 'could not release an idempotency claim; it expires');
      });
      if (error instanceof ClaimLost) return this.run(attempt);
      throw error;
    } finally {
      this.running.delete(id);
      finished();
    }
  }

  /** Until the first request here ends (at most `leftMs`), or a pause before reading again. */
  private async waitForFirst(id: string, pauseMs: number, leftMs: number): Promise<void> {
    const local = this.running.get(id);
    let timer: NodeJS.Timeout | undefined;
    const pause = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, local ? leftMs : pauseMs);
    });
    try {
      await (local ? Promise.race([local, pause]) : pause);
    } finally {
      clearTimeout(timer);
    }
  }

  private replay(row: IdempotencyRecord, reply: FastifyReply): unknown {
    if (row.withheld.length > 0) {
      const created = row.responseBody as { id?: unknown } | null;
      throw new ProblemException({
        type: ProblemType.SecretShownOnce,
        title: 'Already done; the secret is shown once',
        status: 409,
        detail:
          `This request was already done (status ${row.responseStatus}), and its response carried ` +
          `${row.withheld.join(', ')}, which is shown only once and not kept. ` +
          (typeof created?.id === 'string' ? `The resource it created is ${created.id}. ` : '') +
          'If the secret was lost, revoke or replace it and send a new request with a new Idempotency-Key.',
      });
    }
    void reply.header('idempotent-replayed', 'true');
    void reply.status(row.responseStatus ?? 200);
    return row.responseBody;
  }
}

function stillRunning(): ProblemException {
  return new ProblemException({
    type: ProblemType.IdempotencyKeyInProgress,
    title: 'A request with this Idempotency-Key is still running',
    status: 409,
    detail:
      'The first request with this key has not finished yet; retry shortly to get its answer.',
  });
}

/** The body to store: JSON as sent, minus the fields that carry a secret. */
function withhold(body: unknown, fields: string[]): { body: InputJsonValue; withheld: string[] } {
  const json = JSON.parse(JSON.stringify(body ?? null)) as InputJsonValue;
  if (fields.length === 0 || json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { body: json, withheld: [] };
  }
  const copy = { ...(json as Record<string, InputJsonValue>) };
  const withheld = fields.filter((f) => f in copy);
  for (const f of withheld) delete copy[f];
  return { body: copy, withheld };
}
