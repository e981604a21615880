import { Injectable, Logger } from '@nestjs/common';
import { Db } from '@ol/persistence';
import { JobProducer } from './job-producer';
import { deliverNotificationsJobId, JobName } from './queues';

/**
 * Asks for delivery right after the caller's transaction commits, instead of waiting for the
 * next safety-net tick (NOTIFY_POLL_INTERVAL_MS). Kicks within the same second for the same
 * partnership coalesce into one job. A lost kick (Redis down) loses nothing: the outbox row is
 * committed and the scheduled job delivers it.
 *
 *   await this.db.transaction(async () => {
 *     const trigger = await this.finance.raiseTrigger(...);
 *     await this.notifications.recordEvent(pid, { type: 'trigger.raised', key: `trigger:${trigger.id}`, payload });
 *     await this.kicker.kick(pid);   // runs after commit
 *   });
 */
@Injectable()
export class NotificationKicker {
  private readonly logger = new Logger(NotificationKicker.name);

  constructor(
    private readonly db: Db,
    private readonly producer: JobProducer,
  ) {}

  async kick(partnershipId: string): Promise<void> {
    await this.db.afterCommit(async () => {
      try {
        await this.producer.enqueue(
          JobName.DeliverNotifications,
          { partnershipId },
          { jobId: deliverNotificationsJobId(partnershipId), removeOnComplete: true },
        );
      } catch (error) {
        this.logger.warn(
          { err: error, partnershipId },
          'could not kick delivery; the schedule will',
        );
      }
    });
  }
}
