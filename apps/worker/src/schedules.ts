import { InjectQueue } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { JobName, QueueName, withTimeout, type JobPayloads } from '@ol/jobs';
import type { Queue, RepeatOptions } from 'bullmq';
import { WorkerConfig } from './config/worker.config';

interface ScheduleSpec {
  queue: Queue;
  id: string;
  repeat: Omit<RepeatOptions, 'key'>;
  template: {
    name: JobName;
    data: JobPayloads[JobName];
    opts?: { removeOnComplete?: { count: number }; removeOnFail?: { count: number } };
  };
}

const QUIET_HISTORY = { removeOnComplete: { count: 100 }, removeOnFail: { count: 1_000 } };

/**
 * Repeating work, as BullMQ job schedulers: stored in Redis and upserted by id, so any number of
 * worker processes can start and still each run happens once. Schedulers live only in Redis, so
 * each worker also checks, every reconcile interval and on each reconcile job, that they all
 * exist and re-creates the missing ones: a Redis that restarts empty heals without a worker
 * restart. (The check is an in-process timer because the reconcile job's own scheduler may be
 * the one missing; upserting by id makes several workers doing it at once harmless.)
 */
@Injectable()
export class Schedules implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Schedules.name);
  private watchdog: NodeJS.Timeout | undefined;
  private checking: Promise<string[]> | undefined;

  constructor(
    @InjectQueue(QueueName.System) private readonly system: Queue,
    @InjectQueue(QueueName.Notifications) private readonly notifications: Queue,
    @Inject(WorkerConfig) private readonly config: WorkerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      // Upserted, not only re-created: a changed interval takes effect at start-up.
      for (const spec of this.specs()) await this.upsert(spec);
      if (!this.config.SMTP_URL) {
        await withTimeout(
          this.notifications.removeJobScheduler('deliver-emails'),
          this.config.REDIS_TIMEOUT_MS,
          'remove job scheduler deliver-emails',
        );
      }
      if (this.config.REPORT_REFRESH_MINUTES <= 0) {
        await withTimeout(
          this.system.removeJobScheduler('refresh-reports'),
          this.config.REDIS_TIMEOUT_MS,
          'remove job scheduler refresh-reports',
        );
      }
    } catch (error) {
      // Redis is away at start-up: the watchdog below creates them once it is back.
      this.logger.warn({ err: error }, 'could not register the job schedulers yet');
    }
    this.watchdog = setInterval(() => {
      this.ensure().catch((error: unknown) => {
        this.logger.debug({ err: error }, 'could not check the job schedulers; next time');
      });
    }, this.config.RECONCILE_INTERVAL_SECONDS * 1_000);
    this.watchdog.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.watchdog);
  }

  /**
   * Re-creates every scheduler missing from Redis; returns the ids it re-created. One check at a
   * time per process (a slow Redis does not pile checks up).
   */
  ensure(): Promise<string[]> {
    this.checking ??= this.recreateMissing().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async recreateMissing(): Promise<string[]> {
    const recreated: string[] = [];
    for (const spec of this.specs()) {
      const existing = await withTimeout(
        spec.queue.getJobScheduler(spec.id),
        this.config.REDIS_TIMEOUT_MS,
        `read job scheduler ${spec.id}`,
      );
      if (existing) continue;
      await this.upsert(spec);
      recreated.push(spec.id);
    }
    if (recreated.length) {
      this.logger.warn({ recreated }, 're-created job schedulers missing from Redis');
    }
    return recreated;
  }

  private async upsert(spec: ScheduleSpec): Promise<void> {
    await withTimeout(
      spec.queue.upsertJobScheduler(spec.id, spec.repeat, spec.template),
      this.config.REDIS_TIMEOUT_MS,
      `upsert job scheduler ${spec.id}`,
    );
  }

  /** Every scheduler this worker's configuration asks for. */
  private specs(): ScheduleSpec[] {
    const specs: ScheduleSpec[] = [
      {
        queue: this.system,
        id: 'purge-idempotency-keys-hourly',
        repeat: { pattern: '17 * * * *' },
        template: {
          name: JobName.PurgeIdempotencyKeys,
          data: { olderThanHours: this.config.IDEMPOTENCY_KEY_TTL_HOURS },
        },
      },
      // The outbox reconciler: runs pending or overdue are (re-)enqueued.
      {
        queue: this.system,
        id: 'reconcile-runs',
        repeat: { every: this.config.RECONCILE_INTERVAL_SECONDS * 1_000 },
        template: { name: JobName.ReconcileRuns, data: {}, opts: QUIET_HISTORY },
      },
    ];
    // The automatic close of quarters (hourly: a worker that was down catches up at once).
    specs.push({
      queue: this.system,
      id: 'auto-close-periods-hourly',
      repeat: { pattern: '41 * * * *' },
      template: { name: JobName.AutoClosePeriods, data: {}, opts: QUIET_HISTORY },
    });
    // Quarter-end reports: one scheduler per financial-year start month, on the first day after
    // each quarter of that calendar (02:00 UTC), for the partnerships using it.
    for (let month = 1; month <= 12; month++) {
      const starts = [0, 3, 6, 9].map((k) => ((month - 1 + k) % 12) + 1).sort((a, b) => a - b);
      specs.push({
        queue: this.system,
        id: `quarter-reports-fy-${month}`,
        repeat: { pattern: `0 2 1 ${starts.join(',')} *`, tz: 'UTC' },
        template: { name: JobName.ScheduleQuarterReports, data: { fyStartMonth: month } },
      });
    }
    // Optional refresh of the latest closed quarter's reports (fingerprints make unchanged data free).
    if (this.config.REPORT_REFRESH_MINUTES > 0) {
      specs.push({
        queue: this.system,
        id: 'refresh-reports',
        repeat: { every: this.config.REPORT_REFRESH_MINUTES * 60_000 },
        template: { name: JobName.ScheduleQuarterReports, data: { fyStartMonth: 0 } },
      });
    }
    // Safety net of the notification outbox: delivers what kicks missed and what falls due later.
    specs.push({
      queue: this.notifications,
      id: 'deliver-notifications',
      repeat: { every: this.config.NOTIFY_POLL_INTERVAL_MS },
      template: { name: JobName.DeliverNotifications, data: {}, opts: QUIET_HISTORY },
    });
    // Reminders and escalations: each scan evaluates every partnership with a policy.
    specs.push({
      queue: this.notifications,
      id: 'scan-reminders',
      repeat: { every: this.config.REMINDER_INTERVAL_SECONDS * 1_000 },
      template: { name: JobName.ScanReminders, data: {}, opts: QUIET_HISTORY },
    });
    // The email outbox's safety net, as the webhooks' (only with an SMTP server to send to).
    if (this.config.SMTP_URL) {
      specs.push({
        queue: this.notifications,
        id: 'deliver-emails',
        repeat: { every: this.config.NOTIFY_POLL_INTERVAL_MS },
        template: { name: JobName.DeliverEmails, data: {}, opts: QUIET_HISTORY },
      });
    }
    return specs;
  }
}
