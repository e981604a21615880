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

/** A reader of in-app notifications: the user, and whether a platform admin (sees every partnership). */
export interface NotificationReader {
  userId: string;
  isPlatformAdmin: boolean;
}

/**
 * Only the reader's notifications, of partnerships they still hold a role in, not suspended
 * (admins: any).
 */
function readable(reader: NotificationReader): Prisma.UserNotificationWhereInput {
  return {
    userId: reader.userId,
    ...(reader.isPlatformAdmin
      ? {}
      : { partnership: { userRoles: { some: { userId: reader.userId, suspendedAt: null } } } }),
  };
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
    reader: NotificationReader,
    filter: { read?: boolean },
    page: PageRequest,
  ): Promise<Paged<UserNotification>> {
    const where: Prisma.UserNotificationWhereInput = {
      ...readable(reader),
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
  unreadCount(reader: NotificationReader): Promise<number> {
    return this.db.client.userNotification.count({ where: { ...readable(reader), readAt: null } });
  }

  /**
   * Marks one of the user's notifications read (kept as first read when read again); null when
   * the user has no such notification.
   */
  async markRead(reader: NotificationReader, id: string): Promise<UserNotification | null> {
    const row = await this.db.client.userNotification.findFirst({
      where: { ...readable(reader), id },
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
