import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import type { RedisGate } from '@ol/jobs';

/** What ThrottlerStorage.increment answers (the package does not export the type by name). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
import type Redis from 'ioredis';

/**
 * One hit on a fixed window, atomically: count it, start the window's expiry on its first hit
 * (and mend a key left without one), and return the count with the milliseconds left.
 */
const HIT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { hits, ttl }`;

type WithHit = Redis & { olRateHit(key: string, windowMs: number): Promise<[number, number]> };

/**
 * Rate-limit counters in Redis, so every API process counts against the same limit: one fixed
 * window per key (`limit` hits per `ttl` ms; the next hit is refused until the window ends, and
 * `Retry-After` says when). One round trip per throttler per request, bounded by the gate.
 *
 * Redis away (refused, timed out, or cooling down after either): the counting falls back to this
 * process's memory until Redis answers again — fail open to a per-process limit, never a 5xx
 * (ADR 0016). The block duration is the rest of the window (`blockDuration` is not used).
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly local = new ThrottlerStorageService();
  private degraded = false;

  constructor(
    private readonly redis: Redis,
    private readonly gate: RedisGate,
  ) {
    if (!('olRateHit' in redis)) {
      redis.defineCommand('olRateHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    }
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    let answer: [number, number];
    try {
      answer = await this.gate.call('rate limit', () =>
        (this.redis as WithHit).olRateHit(key, ttl),
      );
    } catch (error) {
      this.fellBack(error);
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
    if (this.degraded) {
      this.degraded = false;
      this.logger.log('Redis answers again: rate limits are shared again');
    }
    const [hits, msLeft] = answer;
    const secondsLeft = Math.max(1, Math.ceil(Number(msLeft) / 1000));
    const isBlocked = Number(hits) > limit;
    return {
      totalHits: Number(hits),
      timeToExpire: secondsLeft,
      isBlocked,
      timeToBlockExpire: isBlocked ? secondsLeft : 0,
    };
  }

  onApplicationShutdown(): void {
    this.local.onApplicationShutdown();
  }

  private fellBack(error: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    this.logger.warn(
      { err: error instanceof Error ? error.message : String(error) },
      'Redis unavailable: rate limits are counted per process until it answers',
    );
  }
}
