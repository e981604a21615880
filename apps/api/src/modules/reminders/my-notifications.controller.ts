import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@ol/persistence';
import { Allow, Authenticated } from '../../common/auth/access.decorators';
import { CurrentActor, CurrentAuth, type AuthContext } from '../../common/auth/auth-context';
import { UuidParam } from '../../common/http/openapi';
import { pageOf } from '../../common/http/pagination.query';
import { UuidPipe } from '../../common/http/uuid.pipe';
import {
  ListMyNotificationsQuery,
  MyNotificationPage,
  MyNotificationResponse,
  NotificationChannelsDto,
  NotificationChannelsResponse,
} from './dto/my-notification.dto';
import { MyNotificationsService } from './my-notifications.service';

@ApiTags('reminders and notifications')
@Authenticated()
@Controller('v1/me')
export class MyNotificationsController {
  constructor(private readonly service: MyNotificationsService) {}

  @Get('notifications')
  @Allow('my-notifications', 'read')
  @ApiOperation({
    summary: 'Your in-app notifications, newest first',
    description:
      'Only those of partnerships you hold a role in (platform administrators: every partnership).',
  })
  @ApiOkResponse({ type: MyNotificationPage })
  async list(
    @CurrentAuth() auth: AuthContext,
    @Query() query: ListMyNotificationsQuery,
  ): Promise<MyNotificationPage> {
    const { page, unread } = await this.service.list(auth, query);
    return { ...pageOf(page, query, MyNotificationResponse.from), unread };
  }

  @Post('notifications/:notificationId/read')
  @Allow('my-notifications', 'update')
  @HttpCode(200)
  @UuidParam('notificationId')
  @ApiOperation({ summary: 'Mark one of your notifications read (again: no change)' })
  @ApiOkResponse({ type: MyNotificationResponse })
  @ApiNotFoundResponse({ description: 'You have no such notification' })
  async read(
    @CurrentAuth() auth: AuthContext,
    @Param('notificationId', UuidPipe) id: string,
  ): Promise<MyNotificationResponse> {
    return MyNotificationResponse.from(await this.service.markRead(auth, id));
  }

  @Get('notification-preferences')
  @Allow('my-notifications', 'read')
  @ApiOperation({ summary: 'Your channels (in-app, email); both on until you choose' })
  @ApiOkResponse({ type: NotificationChannelsResponse })
  channels(@CurrentAuth() auth: AuthContext): Promise<NotificationChannelsResponse> {
    return this.service.channels(auth.userId);
  }

  @Put('notification-preferences')
  @Allow('my-notifications', 'update')
  @ApiOperation({ summary: 'Choose your channels' })
  @ApiOkResponse({ type: NotificationChannelsResponse })
  saveChannels(
    @CurrentAuth() auth: AuthContext,
    @CurrentActor() actor: Actor,
    @Body() dto: NotificationChannelsDto,
  ): Promise<NotificationChannelsResponse> {
    return this.service.saveChannels(auth.userId, actor, dto);
  }
}
