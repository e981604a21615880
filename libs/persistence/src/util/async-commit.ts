import { Prisma } from '../prisma-client';

/**
 * An always-true condition that makes its statement's transaction commit without waiting for the
 * WAL to reach disk (`synchronous_commit` off for that transaction only). Only for an autocommit
 * statement whose write a later step redoes if lost (a run's start); never for a result
 * (docs/adr/0018).
 */
export const ASYNC_COMMIT = Prisma.sql`(SELECT set_config('synchronous_commit', 'off', true)) IS NOT NULL`;
