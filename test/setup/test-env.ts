import { randomBytes } from 'node:crypto';

/** Where this run's PostgreSQL and Redis live; a base URL without a database name. */
export const PG_BASE_URL = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A unique name for this run: database ol_test_<id>, Redis prefix ol_test_<id>. */
export function newRunId(): string {
  return `${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}
