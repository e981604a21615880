import { join } from 'node:path';
import { ensureDatabase, migrate } from '../../libs/persistence/src/migrate/migrator';
import { newRunId, PG_BASE_URL, REDIS_URL } from './test-env';

/** Creates and migrates this run's own database; the workers inherit the env set here. */
export default async function globalSetup(): Promise<void> {
  const runId = newRunId();
  const databaseUrl = `${PG_BASE_URL}/ol_test_${runId}`;
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl, join(__dirname, '..', '..', 'prisma', 'migrations'));
  process.env.TZ = 'UTC';
  process.env.OL_TEST_RUN_ID = runId;
  process.env.DATABASE_URL = databaseUrl;
  process.env.REDIS_URL = REDIS_URL;
  process.env.QUEUE_PREFIX = `ol_test_${runId}`;
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
  process.env.WORKER_HEALTH_PORT = '0';
  // Workers started by tests take jobs at once (the boot warm-up has its own test).
  process.env.WORKER_WARM_UP_MS = process.env.WORKER_WARM_UP_MS ?? '0';
  // Rate limits count every route together (in Redis, per test file's prefix): suites that send
  // many requests in a minute are not about them; the rate-limit suite sets its own.
  process.env.RATE_LIMIT_PER_MINUTE = process.env.RATE_LIMIT_PER_MINUTE ?? '1000000';
  process.env.RATE_LIMIT_PER_ADDRESS_PER_MINUTE =
    process.env.RATE_LIMIT_PER_ADDRESS_PER_MINUTE ?? '1000000';
  // The auth cache (ADR 0020) learns of changes from database notifications, which arrive a moment
  // after a commit: suites that grant or revoke through Prisma and call the API at once are not
  // about it. The cache's own suite, the access matrix and the administration suites turn it on.
  process.env.AUTH_CACHE_SECONDS = process.env.AUTH_CACHE_SECONDS ?? '0';
  // Webhook tests use receivers they start on this machine: the operator allow-list names them
  // (and plain http), as a developer's would; example.org and example.test are names tests
  // register and never reach. Every other name is looked up on a loopback port where no DNS server
  // answers, so no lookup leaves the machine. Tests of the egress rules override these.
  process.env.WEBHOOK_ALLOW_HTTP = 'true';
  process.env.WEBHOOK_ALLOWED_HOSTS = '127.0.0.1, ::1, example.org, example.test';
  process.env.WEBHOOK_DNS_SERVER = '127.0.0.1:9';
}
