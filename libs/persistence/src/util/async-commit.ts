import { Prisma } from '../prisma-client';

/**
 * A condition that is always true and makes the transaction of the statement it is in commit
 * without waiting for its WAL to reach disk (`synchronous_commit` off for that transaction only:
 * `set_config(…, true)` ends with it, so the pooled connection keeps its setting).
 *
 * Only for a statement that runs on its own (autocommit) and whose write may be lost in a crash of
 * PostgreSQL itself without harm, because what comes after it redoes it: a run's start (the job is
 * retried and starts again). Never for a result. The next synchronous commit of a transaction that
 * writes, on any connection, flushes the WAL up to and past it, so a result committed after an
 * asynchronous start is as durable as before, and the start with it.
 */
export const ASYNC_COMMIT = Prisma.sql`(SELECT set_config('synchronous_commit', 'off', true)) IS NOT NULL`;
