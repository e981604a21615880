import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Webhooks of a partnership and its notification outbox (partnership admins). */
@Module({
  controllers: [WebhooksController, NotificationsController],
  providers: [WebhooksService],
})
export class WebhooksModule {}
