import { Module } from '@nestjs/common';
import { normalizeIp, ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { RedisGate } from '@ol/jobs';
import type { FastifyRequest } from 'fastify';
import type Redis from 'ioredis';
import { ApiConfig } from '../../config/api.config';
import { hashApiKey, parseApiKey } from '../auth/api-key';
import { REDIS } from '../redis.provider';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/** After a Redis timeout or refusal, the limiter counts in memory this long before trying again. */
const REDIS_COOL_DOWN_MS = 5_000;
const MINUTE_MS = 60_000;

/**
 * Whom a request's key counts against: a hash of the whole key it presents (X-API-Key, or
 * Authorization: Bearer), if shaped like one. The whole key, not its public prefix: someone who
 * knows a key's prefix cannot spend its holder's limit with made-up secrets.
 */
export function presentedKeyTracker(req: FastifyRequest): string | null {
  const header = req.headers['x-api-key'];
  const authorization = req.headers.authorization;
  let presented: string | undefined;
  if (typeof header === 'string' && header) presented = header.trim();
  else if (typeof authorization === 'string' && /^bearer\s+/i.test(authorization)) {
    presented = authorization.replace(/^bearer\s+/i, '').trim();
  }
  return presented && parseApiKey(presented) ? hashApiKey(presented).slice(0, 32) : null;
}

const byAddress = (req: FastifyRequest): string => `ip:${normalizeIp(req.ip)}`;

/**
 * Two limits over the whole API (not per route), counted in Redis so every API process shares
 * them: `default`, RATE_LIMIT_PER_MINUTE per API key (a hash of it; a request without a key
 * counts by its address), and `address`, RATE_LIMIT_PER_ADDRESS_PER_MINUTE per client address
 * whatever it sends (a higher ceiling: one office behind one address holds many keys, and one
 * address cannot dodge its limit by rotating made-up keys). The guard runs before authentication,
 * so a flood is refused before it reaches the database. ADR 0016.
 */
export function rateLimitOptions(config: ApiConfig, redis: Redis): ThrottlerModuleOptions {
  return {
    storage: new RedisThrottlerStorage(
      redis,
      new RedisGate(config.REDIS_TIMEOUT_MS, REDIS_COOL_DOWN_MS),
    ),
    generateKey: (_context, tracker, name) => `${config.QUEUE_PREFIX}:rate:${name}:${tracker}`,
    throttlers: [
      {
        name: 'default',
        ttl: MINUTE_MS,
        limit: config.RATE_LIMIT_PER_MINUTE,
        getTracker: (req) => {
          const key = presentedKeyTracker(req as FastifyRequest);
          return key ? `key:${key}` : byAddress(req as FastifyRequest);
        },
      },
      {
        name: 'address',
        ttl: MINUTE_MS,
        limit: config.RATE_LIMIT_PER_ADDRESS_PER_MINUTE,
        getTracker: (req) => byAddress(req as FastifyRequest),
        setHeaders: false,
      },
    ],
  };
}

const throttler = ThrottlerModule.forRootAsync({
  inject: [ApiConfig, REDIS],
  useFactory: (config: ApiConfig, redis: Redis) => rateLimitOptions(config, redis),
});

/**
 * Shared rate limits. AppModule registers {@link RateLimitGuard} as the first global guard
 * (before AccessGuard), so the order of the two is written in one place.
 */
@Module({ imports: [throttler], exports: [throttler] })
export class RateLimitModule {}
