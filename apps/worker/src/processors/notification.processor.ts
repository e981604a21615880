import { Processor, WorkerHost } from '@nestjs/bullmq';
import { JobName, QueueName } from '@ol/jobs';
import type { Job } from 'bullmq';

/** Delivers the notification outbox to webhooks (see the webhooks module). */
@Processor(QueueName.Notifications)
export class NotificationProcessor extends WorkerHost {
  static readonly handles = [JobName.DeliverNotifications] as const;

  process(job: Job): Promise<unknown> {
    return Promise.reject(new Error(`${job.name}: not implemented yet`));
  }
}
