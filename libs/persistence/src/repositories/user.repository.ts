import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type { User } from '../prisma-client';
import type { PageRequest, Paged } from './paging';

export interface NewUser {
  email: string;
  name: string;
  isPlatformAdmin?: boolean;
}

@Injectable()
export class UserRepository {
  constructor(private readonly db: Db) {}

  create(data: NewUser): Promise<User> {
    return this.db.client.user.create({ data: { ...data, email: data.email.toLowerCase() } });
  }

  findById(id: string): Promise<User | null> {
    return this.db.client.user.findUnique({ where: { id } });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.db.client.user.findUnique({ where: { email: email.toLowerCase() } });
  }

  /** Disables (a time) or re-enables (null) the user; their keys stop or work again at once. */
  setDisabled(id: string, disabledAt: Date | null): Promise<User> {
    return this.db.client.user.update({ where: { id }, data: { disabledAt } });
  }

  async list(filter: { q?: string; disabled?: boolean }, page: PageRequest): Promise<Paged<User>> {
    const where = {
      ...(filter.q
        ? {
            OR: [
              { email: { contains: filter.q, mode: 'insensitive' as const } },
              { name: { contains: filter.q, mode: 'insensitive' as const } },
            ],
          }
        : {}),
      ...(filter.disabled === undefined
        ? {}
        : { disabledAt: filter.disabled ? { not: null } : null }),
    };
    const [items, total] = await Promise.all([
      this.db.client.user.findMany({
        where,
        orderBy: [{ email: 'asc' }],
        take: page.limit,
        skip: page.offset,
      }),
      this.db.client.user.count({ where }),
    ]);
    return { items, total };
  }
}
