import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ol/persistence';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import { CurrentActor } from '../../common/auth/auth-context';
import { IdempotencyHeader, UuidParam } from '../../common/http/openapi';
import { pageOf } from '../../common/http/pagination.query';
import { UuidPipe } from '../../common/http/uuid.pipe';
import {
  ListNotificationsQuery,
  NotificationPage,
  NotificationResponse,
} from './dto/notification.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks and notifications')
@Authenticated()
@Allow('notifications', 'read')
@Controller('v1/partnerships/:partnershipId/notifications')
export class NotificationsController {
  constructor(private readonly service: WebhooksService) {}

  @Get()
  @UuidParam('partnershipId')
  @ApiOperation({
    summary: 'The notification outbox: one row per event and webhook, with its delivery state',
  })
  @ApiOkResponse({ type: NotificationPage })
  async list(
    @Param('partnershipId', UuidPipe) pid: string,
    @Query() query: ListNotificationsQuery,
  ): Promise<NotificationPage> {
    return pageOf(
      await this.service.listNotifications(pid, query),
      query,
      NotificationResponse.from,
    );
  }

  @Get(':notificationId')
  @UuidParam('partnershipId')
  @UuidParam('notificationId')
  @ApiOkResponse({ type: NotificationResponse })
  async get(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('notificationId', UuidPipe) notificationId: string,
  ): Promise<NotificationResponse> {
    return NotificationResponse.from(await this.service.getNotification(pid, notificationId));
  }

  @Post(':notificationId/retry')
  @Allow('notifications', 'retry')
  @HttpCode(200)
  @UuidParam('partnershipId')
  @UuidParam('notificationId')
  @IdempotencyHeader()
  @ApiOperation({
    summary: 'Send a failed notification again',
    description: 'Puts it back to pending with a fresh set of attempts, due now.',
  })
  @ApiOkResponse({ type: NotificationResponse })
  @ApiConflictResponse({ description: 'The notification is not failed' })
  async retry(
    @Param('partnershipId', UuidPipe) pid: string,
    @Param('notificationId', UuidPipe) notificationId: string,
    @CurrentActor() actor: Actor,
  ): Promise<NotificationResponse> {
    return NotificationResponse.from(await this.service.retry(pid, actor, notificationId));
  }
}
