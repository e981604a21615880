import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Logger } from '@nestjs/common';
import type { QueryResultRow } from 'pg';
import type { Prisma } from './prisma-client';
import { PrismaService } from './prisma.service';
import { pgValues } from './util/pg-values';

export type Tx = Prisma.TransactionClient;

interface UnitOfWork {
  tx: Tx;
  afterCommit: (() => Promise<void> | void)[];
}

const current = new AsyncLocalStorage<UnitOfWork>();

/**
 * Unit of work. Repositories ask `db.client` for the client to use: the transaction opened by
 * the caller (an Idempotency-Key replay, a service's `transaction`) or the plain client. So a
 * create, its audit event and its idempotency record commit or roll back together.
 */
@Injectable()
export class Db {
  private readonly logger = new Logger(Db.name);

  constructor(readonly prisma: PrismaService) {}

  get client(): Tx {
    return current.getStore()?.tx ?? this.prisma;
  }

  get inTransaction(): boolean {
    return current.getStore() !== undefined;
  }

  /**
   * Runs `statement` (a `Prisma.sql` or its text and values) as the named prepared statement
   * `name` on the process's pg pool: PostgreSQL plans it once per connection instead of on every
   * call, which is most of the cost of a small lookup. Only for statements whose best plan does not
   * depend on the data's size (lookups by key). It takes its own connection, so it refuses to run
   * inside a transaction rather than commit apart from it. Dates are sent as ISO instants
   * ({@link pgValues}); rows come as pg parses them.
   */
  prepared<T>(name: string, statement: { text: string; values: readonly unknown[] }): Promise<T[]> {
    return this.onPool<T>(statement, name);
  }

  /**
   * Runs `statement` once with pg, as an unnamed statement: PostgreSQL plans it for its own values,
   * as it should an aggregate whose best plan depends on how much data the partnership has (where
   * {@link prepared}'s generic plan could be a poor one), and the process skips Prisma's work per
   * call (~0.1 ms of CPU, a good part of a small report's reads). Like {@link prepared}, it takes
   * its own connection, so it refuses to run inside a transaction, and rows come as pg parses them:
   * the statement casts what is not text or an int4 (`::text`, `::int`). Errors are pg's own, not
   * Prisma's (the API's error mapping knows Prisma's codes): for reads, not for the API's writes.
   */
  query<T>(statement: { text: string; values: readonly unknown[] }): Promise<T[]> {
    return this.onPool<T>(statement);
  }

  private async onPool<T>(
    statement: { text: string; values: readonly unknown[] },
    name?: string,
  ): Promise<T[]> {
    if (this.inTransaction) {
      throw new Error(
        `${name ?? 'this statement'} runs on its own connection and cannot join a transaction`,
      );
    }
    const { rows } = await this.prisma.pool.query<T & QueryResultRow>({
      name,
      text: statement.text,
      values: pgValues(statement.values),
    });
    return rows;
  }

  /**
   * Runs `fn` in a transaction, joining the surrounding one if there is one. `isolationLevel`
   * (e.g. RepeatableRead for a consistent snapshot of many reads) applies to a new transaction.
   */
  async transaction<T>(
    fn: (tx: Tx) => Promise<T>,
    options: { isolationLevel?: Prisma.TransactionIsolationLevel; timeoutMs?: number } = {},
  ): Promise<T> {
    const outer = current.getStore();
    if (outer) return fn(outer.tx);
    const callbacks: UnitOfWork['afterCommit'] = [];
    const result = await this.prisma.$transaction(
      (tx) => current.run({ tx, afterCommit: callbacks }, () => fn(tx)),
      {
        maxWait: 5_000,
        timeout: options.timeoutMs ?? 60_000,
        isolationLevel: options.isolationLevel,
      },
    );
    // Outside the transaction's context: callbacks see committed data and use the plain client.
    // A callback's failure is logged, never thrown: the work is committed, and the caller (an
    // HTTP request, an Idempotency-Key already stored as done) must see it as done.
    await current.exit(async () => {
      for (const callback of callbacks) {
        try {
          await callback();
        } catch (error) {
          this.logger.error({ err: error }, 'an after-commit step failed; the commit stands');
        }
      }
    });
    return result;
  }

  /** Runs `fn` outside any surrounding transaction (e.g. progress others should see at once). */
  detached<T>(fn: () => Promise<T>): Promise<T> {
    return current.exit(fn);
  }

  /**
   * Runs `fn` once the surrounding transaction commits (at once when there is none), e.g. to
   * enqueue a job for a row the transaction wrote. Never runs after a rollback. A failure after a
   * commit is logged, not thrown (it does not undo the commit); the outbox reconciler catches what
   * was not enqueued.
   */
  afterCommit(fn: () => Promise<void> | void): Promise<void> | void {
    const unit = current.getStore();
    if (unit) {
      unit.afterCommit.push(fn);
      return;
    }
    return fn();
  }
}
