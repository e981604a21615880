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

  async list(filter: { q?: string }, page: PageRequest): Promise<Paged<User>> {
    const where = filter.q
      ? {
          OR: [
            { email: { contains: filter.q, mode: 'insensitive' as const } },
            { name: { contains: filter.q, mode: 'insensitive' as const } },
          ],
        }
      : {};
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
