import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import type { Prisma } from './prisma-client';
import { PrismaService } from './prisma.service';

export type Tx = Prisma.TransactionClient;

const current = new AsyncLocalStorage<Tx>();

/**
 * Unit of work. Repositories ask `db.client` for the client to use: the transaction opened by
 * the caller (an Idempotency-Key replay, a service's `transaction`) or the plain client. So a
 * create, its audit event and its idempotency record commit or roll back together.
 */
@Injectable()
export class Db {
  constructor(readonly prisma: PrismaService) {}

  get client(): Tx {
    return current.getStore() ?? this.prisma;
  }

  get inTransaction(): boolean {
    return current.getStore() !== undefined;
  }

  /** Runs `fn` in a transaction, joining the surrounding one if there is one. */
  async transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const outer = current.getStore();
    if (outer) return fn(outer);
    return this.prisma.$transaction((tx) => current.run(tx, () => fn(tx)), {
      maxWait: 5_000,
      timeout: 30_000,
    });
  }
}
