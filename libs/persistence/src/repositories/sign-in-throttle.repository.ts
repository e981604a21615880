import { Injectable } from '@nestjs/common';
import { Db } from '../db';

/**
 * Counters of failures per key ('email:…', 'address:…', 'reset:…') in a window; a key whose
 * failures reach the limit is locked until the window's lock ends. In PostgreSQL, so every API
 * process shares them.
 */
@Injectable()
export class SignInThrottleRepository {
  constructor(private readonly db: Db) {}

  /** The latest end of a lock on any of the keys, if one is in force. */
  async lockedUntil(keys: string[]): Promise<Date | null> {
    const rows = await this.db.client.$queryRaw<{ until: Date | null }[]>`
      SELECT max(locked_until) AS until FROM sign_in_throttles
       WHERE key = ANY(${keys}::text[]) AND locked_until > now()`;
    return rows[0]?.until ?? null;
  }

  /**
   * Counts one failure for `key`: a window older than `windowMinutes` starts again at 1; at
   * `limit` failures the key is locked for `windowMinutes`. Returns the failures in the window.
   */
  async fail(key: string, limit: number, windowMinutes: number): Promise<number> {
    const rows = await this.db.client.$queryRaw<{ failures: number }[]>`
      INSERT INTO sign_in_throttles AS t (key, failures, window_start_at, locked_until)
      VALUES (${key}, 1, now(),
              CASE WHEN 1 >= ${limit} THEN now() + ${windowMinutes}::double precision * interval '1 minute' END)
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN t.window_start_at < now() - ${windowMinutes}::double precision * interval '1 minute'
                        THEN 1 ELSE t.failures + 1 END,
        window_start_at = CASE WHEN t.window_start_at < now() - ${windowMinutes}::double precision * interval '1 minute'
                               THEN now() ELSE t.window_start_at END,
        locked_until = CASE
          WHEN (CASE WHEN t.window_start_at < now() - ${windowMinutes}::double precision * interval '1 minute'
                     THEN 1 ELSE t.failures + 1 END) >= ${limit}
          THEN now() + ${windowMinutes}::double precision * interval '1 minute'
          ELSE t.locked_until END
      RETURNING failures`;
    return rows[0].failures;
  }

  async clear(key: string): Promise<void> {
    await this.db.client.$executeRaw`DELETE FROM sign_in_throttles WHERE key = ${key}`;
  }
}
