import { type ExecutionContext, Injectable } from '@nestjs/common';
import {
  ThrottlerGuard,
  type ThrottlerGenerateKeyFunction,
  type ThrottlerGetTrackerFunction,
  type ThrottlerLimitDetail,
} from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { ProblemException, ProblemType } from '../problems/problem';

/** A limit reached, with the seconds until its window ends. */
class Refusal extends Error {
  constructor(
    readonly problem: ProblemException,
    readonly retryAfter: number,
  ) {
    super(problem.message);
  }
}

/**
 * The throttler guard (limits and counting: RateLimitModule) answering in the API's one error
 * format: 429 /problems/rate-limited with a standard `Retry-After` in seconds. Both limits are
 * counted at once (the package counts them one after the other): with the Redis connection's
 * auto-pipelining their two commands leave in one write and cost one round trip. When both are
 * reached, the per-key one is reported. The limits are the module's, the same on every route.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (await this.shouldSkip(context)) return true;
    const outcomes = await Promise.allSettled(
      this.throttlers.map((throttler) => {
        const ttl = throttler.ttl as number;
        return this.handleRequest({
          context,
          throttler,
          limit: throttler.limit as number,
          ttl,
          blockDuration: (throttler.blockDuration as number | undefined) ?? ttl,
          getTracker: (throttler.getTracker ??
            this.commonOptions.getTracker) as ThrottlerGetTrackerFunction,
          generateKey: (throttler.generateKey ??
            this.commonOptions.generateKey) as ThrottlerGenerateKeyFunction,
        });
      }),
    );
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') continue;
      const reason: unknown = outcome.reason;
      if (!(reason instanceof Refusal)) throw reason;
      const reply = context.switchToHttp().getResponse<FastifyReply>();
      void reply.header('retry-after', String(reason.retryAfter));
      throw reason.problem;
    }
    return true;
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const per = detail.tracker.startsWith('key:') ? 'this API key' : 'this client address';
    const problem = new ProblemException({
      type: ProblemType.RateLimited,
      title: 'Too many requests',
      status: 429,
      detail: `More than ${detail.limit} requests a minute from ${per}; retry after ${detail.timeToBlockExpire} s.`,
    });
    return Promise.reject(new Refusal(problem, detail.timeToBlockExpire));
  }
}
