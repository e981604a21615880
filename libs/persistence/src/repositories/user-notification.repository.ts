import { Injectable } from '@nestjs/common';
import { Db } from '../db';
import type { Prisma, UserNotification } from '../prisma-client';
import type { PageRequest, Paged } from './paging';

/** An in-app notification to write for one user. */
export interface NewUserNotification {
  userId: string;
  eventType: string;
  eventKey: string;
  title: string;
  body: string;
  link: string | null;
  payload: Prisma.InputJsonValue;
}

/** A user's channels. */
export interface NotificationChannels {
  inApp: boolean;
  email: boolean;
}

/**
 * In-app notifications (one per event and user) and each user's channels. A user reads their own
 * notifications only, and only for partnerships they still hold a role in.
 */
@Injectable()
export class UserNotificationRepository {
  constructor(private readonly db: Db) {}

  /** Adds notifications; one already there for the user and event is left as it is. */
  async addMany(partnershipId: string, rows: NewUserNotification[]): Promise<number> {
    if (rows.length === 0) return 0;
    const { count } = await this.db.client.userNotification.createMany({
      data: rows.map((r) => ({ partnershipId, ...r })),
      skipDuplicates: true,
    });
    return count;
  }

  async listForUser(
    userId: string,
    filter: { read?: boolean },
    page: PageRequest,
  ): Promise<Paged<UserNotification>> {
    const where: Prisma.UserNotificationWhereInput = {
      userId,
      partnership: { userRoles: { some: { userId } } },
      ...(filter.read === undefined ? {} : { readAt: filter.read ? { not: null } : null }),
    };
    const [items, total] = await Promise.all([
      this.db.client.userNotification.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: page.limit,
        skip: page.offset,
      }),
      this.db.client.userNotification.count({ where }),
    ]);
    return { items, total };
  }

  /** Unread notifications of the user (in partnerships they hold a role in). */
  unreadCount(userId: string): Promise<number> {
    return this.db.client.userNotification.count({
      where: { userId, readAt: null, partnership: { userRoles: { some: { userId } } } },
    });
  }

  /**
   * Marks one of the user's notifications read (kept as first read when read again); null when
   * the user has no such notification.
   */
  async markRead(userId: string, id: string): Promise<UserNotification | null> {
    const row = await this.db.client.userNotification.findFirst({
      where: { id, userId, partnership: { userRoles: { some: { userId } } } },
    });
    if (!row) return null;
    if (row.readAt) return row;
    return this.db.client.userNotification.update({
      where: { partnershipId_id: { partnershipId: row.partnershipId, id } },
      data: { readAt: new Date() },
    });
  }

  /** The user's channels (no row: both on). */
  async channels(userId: string): Promise<NotificationChannels> {
    const row = await this.db.client.notificationPreference.findUnique({ where: { userId } });
    return { inApp: row?.inApp ?? true, email: row?.email ?? true };
  }

  async saveChannels(userId: string, channels: NotificationChannels): Promise<void> {
    await this.db.client.notificationPreference.upsert({
      where: { userId },
      create: { userId, ...channels },
      update: { ...channels, updatedAt: new Date() },
    });
  }
}
