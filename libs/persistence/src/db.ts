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
   * Runs `statement` (a `Prisma.sql` or text and values) as the prepared statement `name` on the pg
   * pool, planned once per connection: for lookups by key only. Refuses to run in a transaction;
   * rows as pg parses them. Why: docs/adr/0018.
   */
  prepared<T>(name: string, statement: { text: string; values: readonly unknown[] }): Promise<T[]> {
    return this.onPool<T>(statement, name);
  }

  /**
   * Runs `statement` once on the pg pool as an unnamed statement, planned for its own values (an
   * aggregate). Refuses to run in a transaction; rows as pg parses them (cast what is not text or
   * int4), errors pg's own: for reads, not the API's writes. Why: docs/adr/0018.
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
