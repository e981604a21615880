import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { ServiceConfig, intFromEnv } from '@ol/config';

/** Everything the worker reads from the environment; validated at start-up. */
export class WorkerConfig extends ServiceConfig {
  /**
   * The worker's pg pool. Per running job a report reads on up to two connections and a
   * delivery-import commit holds one for its whole upload (and briefly a second for its progress),
   * across five queues at WORKER_CONCURRENCY jobs each: the API's default of 10 is too small.
   */
  @intFromEnv
  @IsInt()
  @Min(1)
  @Max(500)
  override DB_POOL_MAX = 20;

  /** Jobs processed at once per queue in this process. */
  @intFromEnv
  @IsInt()
  @Min(1)
  @Max(256)
  WORKER_CONCURRENCY = 4;

  /**
   * At boot, before taking jobs, the worker composes sample reports for up to this many ms
   * (at most 1,000), so V8 has compiled and optimised the report code before the first real
   * report (a fresh worker's first reports otherwise cost about twice as much). 0 = off.
   */
  @intFromEnv
  @IsInt()
  @Min(0)
  @Max(60_000)
  WORKER_WARM_UP_MS = 2_000;

  /** Port of the worker's own health endpoint (0 = pick a free one, -1 = none). */
  @intFromEnv
  @IsInt()
  @Min(-1)
  @Max(65535)
  WORKER_HEALTH_PORT = 3001;

  /** Idempotency keys older than this many hours are purged (the replay window). */
  @intFromEnv
  @IsInt()
  @Min(1)
  IDEMPOTENCY_KEY_TTL_HOURS = 72;

  /** Every this many minutes, the latest closed quarter's reports are refreshed (0 = off). */
  @intFromEnv
  @IsInt()
  @Min(0)
  REPORT_REFRESH_MINUTES = 0;

  /**
   * Fault drill: pause this long after computing a report and before writing it, so operators
   * (and the crash-recovery tests) can kill a worker mid-report. 0 in production.
   */
  @intFromEnv
  @IsInt()
  @Min(0)
  REPORT_HOLD_MS = 0;

  /**
   * The worker waits longer for Redis than the API (5 s, not 500 ms): no request waits on it,
   * and a worker busy computing a report can answer its own Redis replies late.
   */
  override REDIS_TIMEOUT_MS = 5_000;

  /** How often pending or stalled job runs are (re-)enqueued. */
  @intFromEnv
  @IsInt()
  @Min(1)
  RECONCILE_INTERVAL_SECONDS = 30;

  /** A run 'running' for longer than this without finishing is enqueued again. */
  @intFromEnv
  @IsInt()
  @Min(10)
  RUN_STALE_AFTER_SECONDS = 600;

  /** Webhook notifications: attempts before a notification is marked failed. */
  @intFromEnv
  @IsInt()
  @Min(1)
  @Max(100)
  NOTIFY_MAX_ATTEMPTS = 15;

  /** Webhook retry backoff: the first retry after about this long, doubling each time. */
  @intFromEnv
  @IsInt()
  @Min(10)
  NOTIFY_BACKOFF_BASE_MS = 30_000;

  /** Webhook retry backoff: the longest wait between two attempts. */
  @intFromEnv
  @IsInt()
  @Min(10)
  NOTIFY_BACKOFF_MAX_MS = 6 * 3600_000;

  /** Webhook request timeout (no answer in time = a failed attempt). */
  @intFromEnv
  @IsInt()
  @Min(100)
  @Max(120_000)
  NOTIFY_TIMEOUT_MS = 10_000;

  /** How often the safety-net job looks for due notifications (job scheduler interval). */
  @intFromEnv
  @IsInt()
  @Min(100)
  NOTIFY_POLL_INTERVAL_MS = 5_000;

  /** Notifications claimed (and sent in parallel) at a time by one delivery job. */
  @intFromEnv
  @IsInt()
  @Min(1)
  @Max(500)
  NOTIFY_BATCH_SIZE = 25;

  /** How often the worker looks for reminders and escalations due (a job scheduler's interval). */
  @intFromEnv
  @IsInt()
  @Min(1)
  @Max(86_400)
  REMINDER_INTERVAL_SECONDS = 900;

  /**
   * SMTP server for emails (`smtp://user:pass@host:587`, `smtps://…:465`); empty: emails are
   * stored as not sent and shown to partnership admins (GET …/emails).
   */
  @IsString()
  @Matches(/^(smtps?:\/\/\S+)?$/, { message: 'must be an smtp:// or smtps:// URL, or empty' })
  SMTP_URL = '';

  /** The From of emails. */
  @IsString()
  EMAIL_FROM = 'Outcomes Ledger <no-reply@localhost>';

  /** Where the API is reached: the base of the links in notifications and emails. */
  @IsString()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'must be an http(s) URL' })
  PUBLIC_URL = 'http://localhost:3000';

  /**
   * Tests and demos only: the worker's clock for reminders stands still at this instant
   * (ISO 8601, e.g. 2027-01-20T09:00:00Z); empty: the real clock.
   */
  @IsString()
  @Matches(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/, {
    message: 'must be an ISO 8601 instant with a time zone, or empty',
  })
  CLOCK_FIXED_AT = '';
}
