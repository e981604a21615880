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
   * How long (s) an API process may reuse an API key's row and a user's roles without reading
   * them again. Revocations, disabling and role changes take effect at once all the same: the
   * database notifies every process (ADR 0020). 0: read them on every request.
   */
  @intFromEnv
  @IsInt()
  @Min(0)
  @Max(3600)
  AUTH_CACHE_SECONDS = 60;

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

  /** A session ends this long after sign-in, however much it is used (hours). */
  @intFromEnv
  @IsInt()
  @Min(1)
  @Max(720)
  SESSION_MAX_AGE_HOURS = 12;

  /** A session not used for this long ends (minutes). */
  @intFromEnv
  @IsInt()
  @Min(5)
  @Max(43_200)
  SESSION_IDLE_MINUTES = 120;

  /** Failed sign-ins for one email address before it is locked for SIGN_IN_LOCK_MINUTES. */
  @intFromEnv
  @IsInt()
  @Min(1)
  SIGN_IN_MAX_FAILURES_PER_EMAIL = 5;

  /** Failed sign-ins from one client address before it is locked for SIGN_IN_LOCK_MINUTES. */
  @intFromEnv
  @IsInt()
  @Min(1)
  SIGN_IN_MAX_FAILURES_PER_ADDRESS = 50;

  /** The window in which failures are counted, and the length of the lock they earn (minutes). */
  @intFromEnv
  @IsInt()
  @Min(1)
  @Max(1440)
  SIGN_IN_LOCK_MINUTES = 15;

  /** How long a password-reset link works (minutes). */
  @intFromEnv
  @IsInt()
  @Min(5)
  @Max(1440)
  PASSWORD_RESET_TTL_MINUTES = 30;

  /**
   * SMTP server for password-reset emails, as the worker's (`smtp://user:pass@host:587`,
   * `smtps://…:465`); empty: no reset email is sent (the request is still answered 202).
   */
  @IsString()
  @Matches(/^(smtps?:\/\/\S+)?$/, { message: 'must be an smtp:// or smtps:// URL, or empty' })
  SMTP_URL = '';

  /** The From of emails. */
  @IsString()
  EMAIL_FROM = 'Outcomes Ledger <no-reply@localhost>';

  /** Where people reach the service: reset links are `<PUBLIC_URL>/app/reset-password#token=…` (the web app's page). */
  @IsString()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'must be an http(s) URL' })
  PUBLIC_URL = 'http://localhost:3000';

  /** OpenID Connect single sign-on: the provider's issuer URL (empty: single sign-on is off). */
  @IsString()
  @Matches(/^(https?:\/\/\S+)?$/, { message: 'must be an http(s) URL, or empty' })
  OIDC_ISSUER_URL = '';

  @IsString()
  OIDC_CLIENT_ID = '';

  @IsString()
  OIDC_CLIENT_SECRET = '';

  /** This API's callback as registered with the provider: `https://<host>/v1/auth/oidc/callback`. */
  @IsString()
  @Matches(/^(https?:\/\/\S+)?$/, { message: 'must be an http(s) URL, or empty' })
  OIDC_REDIRECT_URL = '';

  /** Scopes asked for; must give the `email` and `email_verified` claims. */
  @IsString()
  @Matches(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, {
    message: 'must be scope names separated by single spaces',
  })
  OIDC_SCOPES = 'openid email profile';

  /**
   * Optional: a claim naming the user's organisation (its id or its exact name). When set, the
   * signed-in user must hold a role for that organisation, and a token without the claim is refused.
   */
  @IsString()
  OIDC_ORGANISATION_CLAIM = '';

  /** Where the browser goes after single sign-on (the web app), relative or absolute. */
  @IsString()
  @Matches(/^(\/|https?:\/\/)\S*$/, { message: 'must be a path or an http(s) URL' })
  OIDC_SUCCESS_URL = '/';

  /** Allow an http:// issuer (development and tests only; production providers are https). */
  @boolFromEnv
  @IsBoolean()
  OIDC_ALLOW_HTTP = false;

  /** Whether single sign-on is configured (issuer, client id and redirect URL all set). */
  get oidcEnabled(): boolean {
    return Boolean(this.OIDC_ISSUER_URL && this.OIDC_CLIENT_ID && this.OIDC_REDIRECT_URL);
  }
}

/** The origins CORS_ORIGINS names (empty: no browser origin may call the API). */
export function corsOrigins(config: Pick<ApiConfig, 'CORS_ORIGINS'>): string[] {
  return config.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
}
