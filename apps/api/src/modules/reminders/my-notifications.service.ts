import { Injectable } from '@nestjs/common';
import {
  AuditRepository,
  Db,
  UserNotificationRepository,
  type Actor,
  type NotificationChannels,
  type NotificationReader,
  type Paged,
  type UserNotification,
} from '@ol/persistence';
import { ProblemException } from '../../common/problems/problem';
import type { ListMyNotificationsQuery, NotificationChannelsDto } from './dto/my-notification.dto';

/** A user's own in-app notifications and channels. */
@Injectable()
export class MyNotificationsService {
  constructor(
    private readonly db: Db,
    private readonly notifications: UserNotificationRepository,
    private readonly audit: AuditRepository,
  ) {}

  async list(
    reader: NotificationReader,
    query: ListMyNotificationsQuery,
  ): Promise<{ page: Paged<UserNotification>; unread: number }> {
    const read = query.status === undefined ? undefined : query.status === 'read';
    const [page, unread] = await Promise.all([
      this.notifications.listForUser(
        reader,
        { read },
        { limit: query.limit, offset: query.offset },
      ),
      this.notifications.unreadCount(reader),
    ]);
    return { page, unread };
  }

  /** @throws 404 when the user has no such notification */
  async markRead(reader: NotificationReader, id: string): Promise<UserNotification> {
    const row = await this.notifications.markRead(reader, id);
    if (!row) throw ProblemException.notFound('Notification');
    return row;
  }

  channels(userId: string): Promise<NotificationChannels> {
    return this.notifications.channels(userId);
  }

  saveChannels(
    userId: string,
    actor: Actor,
    dto: NotificationChannelsDto,
  ): Promise<NotificationChannels> {
    const channels = { inApp: dto.inApp, email: dto.email };
    return this.db.transaction(async () => {
      await this.notifications.saveChannels(userId, channels);
      await this.audit.recordPlatform(actor, {
        action: 'user.notification_channels_updated',
        entityType: 'user',
        entityId: userId,
        details: { ...channels },
      });
      return channels;
    });
  }
}
