import { Module } from '@nestjs/common';
import { MyNotificationsController } from './my-notifications.controller';
import { MyNotificationsService } from './my-notifications.service';
import { RemindersController } from './reminders.controller';
import { RemindersService } from './reminders.service';

/**
 * Reminders and escalations: a partnership's policy and its emails (admins), and each user's
 * in-app notifications and channels. The worker decides and sends the steps.
 */
@Module({
  controllers: [RemindersController, MyNotificationsController],
  providers: [RemindersService, MyNotificationsService],
})
export class RemindersModule {}
