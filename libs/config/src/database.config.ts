import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number.parseInt(value, 10) : value;

export const intFromEnv = Transform(toInt);

const toBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/** `true`/`1` and `false`/`0` from the environment as booleans (anything else fails validation). */
export const boolFromEnv = Transform(toBool);

/** PostgreSQL connection settings shared by the API, the worker and the tools. */
export class DatabaseConfig {
  /** postgresql://user@host:port/database */
  @IsString()
  @Matches(/^postgres(ql)?:\/\/.+\/[^/?]+/, {
    message: 'must be a postgresql:// URL naming a database',
  })
  DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/outcomes_ledger';

  /** Connections in this process's pool. */
  @intFromEnv
  @IsInt()
  @Min(1)
  @Max(500)
  DB_POOL_MAX = 10;

  /** How long a request waits for a free connection before it gets 503. */
  @intFromEnv
  @IsInt()
  @Min(50)
  @Max(60_000)
  DB_POOL_TIMEOUT_MS = 2_000;

  /**
   * PostgreSQL's JIT for the app's connections. Off by default: it compiles each large report
   * aggregate (about 60 ms on a million records) and runs it hardly faster, so every report pays for
   * it. Sent as a startup option; a pooler that refuses startup options (PgBouncer without
   * `ignore_startup_parameters = options`) needs `on` here and `ALTER ROLE … SET jit = off` instead.
   */
  @IsIn(['on', 'off'])
  DB_JIT: 'on' | 'off' = 'off';

  /** Statement timeout for queries made by the app (0 = none). */
  @intFromEnv
  @IsInt()
  @Min(0)
  DB_STATEMENT_TIMEOUT_MS = 30_000;
}

/**
 * What every service process reads: PostgreSQL, Redis (queues), logging and the report debounce.
 * The API and the worker extend it with their own settings.
 */
export class ServiceConfig extends DatabaseConfig {
  @IsString()
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /**
   * Longest wait for one call to Redis from a place that must not hang on it (enqueueing from a
   * request, readiness, the admin queue view, the reconciler). After a timeout, calls are refused
   * at once for a few seconds; what was not enqueued stays in PostgreSQL for the reconciler.
   */
  @intFromEnv
  @IsInt()
  @Min(50)
  @Max(60_000)
  REDIS_TIMEOUT_MS = 500;

  /** Key prefix for every BullMQ queue (lets several installs or test runs share one Redis). */
  @IsString()
  @Matches(/^[A-Za-z0-9_:-]{1,64}$/, { message: 'must be 1-64 letters, digits, _ : or -' })
  QUEUE_PREFIX = 'ol';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** New data for a closed quarter waits this long before its reports are recomputed (debounce). */
  @intFromEnv
  @IsInt()
  @Min(0)
  REPORT_DEBOUNCE_MS = 30_000;

  /**
   * Webhooks may use plain http:// (development only). Otherwise https:// only: a webhook's body
   * is signed but not secret.
   */
  @boolFromEnv
  @IsBoolean()
  WEBHOOK_ALLOW_HTTP = false;

  /**
   * Addresses, CIDR ranges and host names a webhook may reach although they are not public
   * (comma or space separated, e.g. `127.0.0.1, ::1` for a receiver on this machine). Empty:
   * webhooks reach public addresses only.
   */
  @IsString()
  WEBHOOK_ALLOWED_HOSTS = '';

  /**
   * The DNS server (`host:port`) webhook host names are resolved with; empty: the system's
   * resolver. For a split-horizon setup, or a test's own server.
   */
  @IsString()
  WEBHOOK_DNS_SERVER = '';
}
