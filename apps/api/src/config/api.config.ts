import { IsBoolean, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { Optional } from '../common/validation/validators';
import { ServiceConfig, boolFromEnv, intFromEnv } from '@ol/config';

const ORIGIN = String.raw`https?://[A-Za-z0-9.-]+(?::\d{1,5})?`;
const ORIGIN_LIST = new RegExp(String.raw`^\s*(?:${ORIGIN}(?:\s*,\s*${ORIGIN})*)?\s*$`);

/** Everything the API reads from the environment; validated at start-up. */
export class ApiConfig extends ServiceConfig {
  @intFromEnv
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** Largest JSON body accepted (bytes); larger requests get 413 before they are buffered. */
  @intFromEnv
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES = 1_048_576;

  /**
   * A connection that sends nothing for this long (ms) is closed: an upload whose client vanished
   * mid-body fails (its import is marked failed, its COPY rolled back) instead of holding a
   * database connection for ever.
   */
  @intFromEnv
  @IsInt()
  @Min(1000)
  SOCKET_IDLE_TIMEOUT_MS = 60_000;

  /** Largest delivery-import CSV accepted (bytes): 413 from Content-Length, or while streaming. */
  @intFromEnv
  @IsInt()
  @Min(1024)
  IMPORT_MAX_BYTES = 536_870_912;

  /**
   * Rows per staging slice of a delivery import: each slice is committed to staging as soon as
   * it is full, and the worker moves it while the rest of the file streams in.
   */
  @intFromEnv
  @IsInt()
  @Min(1)
  IMPORT_SLICE_ROWS = 50_000;

  /**
   * Requests per minute per API key (per client address for requests without one), counted in
   * Redis and shared by every API process.
   */
  @intFromEnv
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 600;

  /**
   * Requests per minute per client address, whatever key it sends: the ceiling for an office of
   * many keys behind one address, and for an address rotating made-up keys.
   */
  @intFromEnv
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_ADDRESS_PER_MINUTE = 6000;

  /**
   * Origins a browser may call the API from, comma-separated (`https://ledger.example.org,
   * https://admin.example.org`); empty: none (CORS closed). Read with {@link corsOrigins}.
   */
  @IsString()
  @Matches(ORIGIN_LIST, {
    message: 'must be a comma-separated list of origins: scheme://host[:port], without a path',
  })
  CORS_ORIGINS = '';

  /** Trust X-Forwarded-* from a reverse proxy. */
  @boolFromEnv
  @IsBoolean()
  TRUST_PROXY = false;

  /** Optional: on start-up, make sure this platform-admin key exists (for a fresh install). */
  @Optional()
  @Matches(/^ol_[a-z0-9]{12}_[A-Za-z0-9]{32}$/, {
    message: 'must look like ol_<12 lowercase letters or digits>_<32 letters or digits>',
  })
  BOOTSTRAP_ADMIN_KEY: string | undefined = undefined;

  @IsString()
  BOOTSTRAP_ADMIN_EMAIL = 'admin@localhost';
}

/** The origins CORS_ORIGINS names (empty: no browser origin may call the API). */
export function corsOrigins(config: Pick<ApiConfig, 'CORS_ORIGINS'>): string[] {
  return config.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
}
