/** Redis did not answer in time, or is known to be away: the caller goes on without it. */
export class RedisUnavailableError extends Error {
  constructor(what: string, why: string) {
    super(`Redis is unavailable (${why}); ${what} may not have been done`);
    this.name = 'RedisUnavailableError';
  }
}

/** A call that got no answer in time (the call itself is left to settle). */
export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: no answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** Errors of a connection that is down or closed, as ioredis and BullMQ word them. */
const CONNECTION_TROUBLE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection is closed|Stream isn't writeable|enableOfflineQueue|MaxRetriesPerRequest|Reached the max retries|Socket closed/i;

export function isConnectionTrouble(error: unknown): boolean {
  if (error instanceof RedisUnavailableError || error instanceof TimeoutError) return true;
  const message = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return CONNECTION_TROUBLE.test(message);
}

/** `promise`, or a {@link TimeoutError} after `ms` (the promise is left to settle). */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        // setImmediate: an answer that arrived while the event loop was busy (a blocked loop
        // fires the timer late) is read in the poll phase first, so it wins the race.
        timer = setTimeout(() => setImmediate(() => reject(new TimeoutError(what, ms))), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Every call to Redis from a place that must not hang on it (an HTTP request, the reconciler):
 * bounded by a timeout, and after a timeout or a connection error, refused at once for a
 * cool-down (the API's: a frozen Redis costs one timeout per cool-down, not one per request; the
 * worker has none). What was not enqueued is still a row in PostgreSQL; the reconciler enqueues
 * it when Redis is back. A timed-out call may still complete later (enqueueing is idempotent).
 */
export class RedisGate {
  private closedUntil = 0;
  private lastTrouble = '';

  constructor(
    private readonly timeoutMs: number,
    private readonly coolDownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether calls are being refused after recent trouble. */
  get isOpen(): boolean {
    return this.now() >= this.closedUntil;
  }

  async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (!this.isOpen) throw new RedisUnavailableError(what, this.lastTrouble);
    try {
      return await withTimeout(fn(), this.timeoutMs, what);
    } catch (error) {
      if (!isConnectionTrouble(error)) throw error;
      this.closedUntil = this.now() + this.coolDownMs;
      this.lastTrouble = error instanceof Error ? error.message : String(error);
      throw new RedisUnavailableError(what, this.lastTrouble);
    }
  }
}
