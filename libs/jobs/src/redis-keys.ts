import Redis from 'ioredis';

/**
 * Deletes every key under a queue prefix (`<prefix>:*`), e.g. a test run's or a benchmark's own
 * queues. SCAN in batches, so it never blocks Redis; the connection is always closed.
 */
export async function deleteKeysWithPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
