import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, QueueName } from '@ol/jobs';
import type { Queue } from 'bullmq';
import { WorkerConfig } from './config/worker.config';

/**
 * Repeating work, as BullMQ job schedulers: stored in Redis and upserted by id, so any number of
 * worker processes can start and still each run happens once (no in-process timers).
 */
@Injectable()
export class Schedules implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.System) private readonly system: Queue,
    @InjectQueue(QueueName.Notifications) private readonly notifications: Queue,
    @Inject(WorkerConfig) private readonly config: WorkerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.system.upsertJobScheduler(
      'purge-idempotency-keys-hourly',
      { pattern: '17 * * * *' },
      {
        name: JobName.PurgeIdempotencyKeys,
        data: { olderThanHours: this.config.IDEMPOTENCY_KEY_TTL_HOURS },
      },
    );
    // The outbox reconciler: runs pending or overdue are (re-)enqueued.
    await this.system.upsertJobScheduler(
      'reconcile-runs',
      { every: this.config.RECONCILE_INTERVAL_SECONDS * 1_000 },
      {
        name: JobName.ReconcileRuns,
        data: {},
        opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1_000 } },
      },
    );
    // Quarter-end reports: one scheduler per financial-year start month, on the first day after
    // each quarter of that calendar (02:00 UTC), for the partnerships using it.
    for (let month = 1; month <= 12; month++) {
      const starts = [0, 3, 6, 9].map((k) => ((month - 1 + k) % 12) + 1).sort((a, b) => a - b);
      await this.system.upsertJobScheduler(
        `quarter-reports-fy-${month}`,
        { pattern: `0 2 1 ${starts.join(',')} *`, tz: 'UTC' },
        { name: JobName.ScheduleQuarterReports, data: { fyStartMonth: month } },
      );
    }
    // Optional refresh of the latest closed quarter's reports (fingerprints make unchanged data free).
    if (this.config.REPORT_REFRESH_MINUTES > 0) {
      await this.system.upsertJobScheduler(
        'refresh-reports',
        { every: this.config.REPORT_REFRESH_MINUTES * 60_000 },
        { name: JobName.ScheduleQuarterReports, data: { fyStartMonth: 0 } },
      );
    } else {
      await this.system.removeJobScheduler('refresh-reports');
    }
    // Safety net of the notification outbox: delivers what kicks missed and what falls due later.
    await this.notifications.upsertJobScheduler(
      'deliver-notifications',
      { every: this.config.NOTIFY_POLL_INTERVAL_MS },
      {
        name: JobName.DeliverNotifications,
        data: {},
        opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 1_000 } },
      },
    );
  }
}
