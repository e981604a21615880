import { deleteKeysWithPrefix } from '../../libs/jobs/src/redis-keys';
import { dropDatabase } from '../../libs/persistence/src/migrate/migrator';

/** Drops this run's database and deletes its Redis keys; always awaited. */
export default async function globalTeardown(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl && /\/ol_test_[a-z0-9_]+$/.test(databaseUrl)) await dropDatabase(databaseUrl);
  const prefix = process.env.QUEUE_PREFIX;
  if (prefix?.startsWith('ol_test_')) {
    const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    await deleteKeysWithPrefix(redisUrl, prefix);
    // Each test file's own prefix (suite-env.js).
    await deleteKeysWithPrefix(redisUrl, `${prefix}__*`);
  }
}
