import type { ConnectionOptions } from 'bullmq';

/**
 * BullMQ connection options for a redis:// URL.
 * - `worker` (the default): workers block on Redis and wait for it for ever (BullMQ requires no
 *   per-request retry limit), so a Redis outage pauses them and they resume when it is back.
 * - `producer`: for a process that enqueues from inside HTTP requests. Nothing waits for a Redis
 *   that is away: a command fails at once (no offline queue), and the connection is retried
 *   every second or two so it is back soon after Redis is.
 */
export function bullConnection(
  redisUrl: string,
  role: 'worker' | 'producer' = 'worker',
): ConnectionOptions {
  if (role === 'worker') return { url: redisUrl, maxRetriesPerRequest: null };
  return {
    url: redisUrl,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2_000,
    retryStrategy: (times: number) => Math.min(250 * times, 2_000),
  };
}
