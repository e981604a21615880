import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { ProblemException, ProblemType } from '../problems/problem';

/**
 * The throttler guard (limits and counting: RateLimitModule) answering in the API's one error
 * format: 429 /problems/rate-limited with a standard `Retry-After` in seconds.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    return Promise.reject(this.refusal(context, detail));
  }

  private refusal(context: ExecutionContext, detail: ThrottlerLimitDetail): ProblemException {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    void reply.header('retry-after', String(detail.timeToBlockExpire));
    const per = detail.tracker.startsWith('key:') ? 'this API key' : 'this client address';
    return new ProblemException({
      type: ProblemType.RateLimited,
      title: 'Too many requests',
      status: 429,
      detail: `More than ${detail.limit} requests a minute from ${per}; retry after ${detail.timeToBlockExpire} s.`,
    });
  }
}
