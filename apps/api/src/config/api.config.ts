import { IsBoolean, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { Optional } from '../common/validation/validators';
import { ServiceConfig, boolFromEnv, intFromEnv } from '@ol/config';

/** Everything the API reads from the environment; validated at start-up. */
export class ApiConfig extends ServiceConfig {
  @intFromEnv
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /**
   * The built web app (`npm run build:web`), served on the API's own origin: `/` and the pages
   * under `/app/`. Relative paths are from the working directory; an empty value or a folder
   * without index.html serves no web app (an API-only process).
   */
  @IsString()
  WEB_ROOT = 'dist/web';

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

  /** Requests per minute per client (API key or IP). */
  @intFromEnv
  @IsInt()
  @Min(1)
  RATE_LIMIT_PER_MINUTE = 600;

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
