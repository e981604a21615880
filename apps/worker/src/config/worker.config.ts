import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { DatabaseConfig, intFromEnv } from '@ol/config';

/** Everything the worker reads from the environment; validated at start-up. */
export class WorkerConfig extends DatabaseConfig {
  @IsString()
  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  @IsString()
  @Matches(/^[A-Za-z0-9_:-]{1,64}$/, { message: 'must be 1-64 letters, digits, _ : or -' })
  QUEUE_PREFIX = 'ol';

  /** Jobs processed at once per queue in this process. */
  @intFromEnv
  @IsInt()
  @Min(1)
  @Max(256)
  WORKER_CONCURRENCY = 4;

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

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}
