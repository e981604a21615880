import Redis from 'ioredis';
import { dropDatabase } from '../../libs/persistence/src/migrate/migrator';

/** Drops this run's database and deletes its Redis keys; always awaited. */
export default async function globalTeardown(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl && /\/ol_test_[a-z0-9_]+$/.test(databaseUrl)) await dropDatabase(databaseUrl);
  const prefix = process.env.QUEUE_PREFIX;
  if (prefix?.startsWith('ol_test_')) {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
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
}
