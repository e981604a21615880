import { Pool } from 'pg';
import type { DatabaseConfig } from '@ol/config';

/**
 * The one pg pool of a process. Prisma's driver adapter and the bulk paths (COPY) share it, so
 * `DB_POOL_MAX` is the real connection budget of the process. A request that cannot get a
 * connection within `DB_POOL_TIMEOUT_MS` fails fast (the API answers 503) instead of hanging.
 */
export function createPool(config: DatabaseConfig, applicationName = 'outcomes-ledger'): Pool {
  const pool = new Pool({
    connectionString: config.DATABASE_URL,
    max: config.DB_POOL_MAX,
    connectionTimeoutMillis: config.DB_POOL_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    application_name: applicationName,
    statement_timeout: config.DB_STATEMENT_TIMEOUT_MS || undefined,
    options: config.DB_JIT === 'off' ? '-c jit=off' : undefined,
  });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}

/** True for the error pg raises when no pooled connection became free in time. */
export function isPoolTimeout(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 6; depth++) {
    const message = e instanceof Error ? e.message : '';
    if (
      /timeout exceeded when trying to connect|Connection terminated due to connection timeout/i.test(
        message,
      )
    ) {
      return true;
    }
    if (typeof e === 'object' && e !== null && 'code' in e && e.code === 'P2024') return true;
    e = typeof e === 'object' && e !== null && 'cause' in e ? e.cause : undefined;
  }
  return false;
}
