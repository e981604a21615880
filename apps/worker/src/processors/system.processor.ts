import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnModuleInit } from '@nestjs/common';
import { JobName, QueueName, type JobPayloads } from '@ol/jobs';
import { IdempotencyRepository } from '@ol/persistence';
import type { Job } from 'bullmq';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkerConfig } from '../config/worker.config';
import { PeriodAutoCloser } from '../periods/period-auto-closer.service';
import { RunMaintenance } from '../runs/run-maintenance.service';
import { Schedules } from '../schedules';

/** Housekeeping queue: heartbeats (prove a worker consumes jobs) and idempotency-key expiry. */
@Processor(QueueName.System)
export class SystemProcessor extends WorkerHost implements OnModuleInit {
  static readonly handles = [
    JobName.Heartbeat,
    JobName.PurgeIdempotencyKeys,
    JobName.ReconcileRuns,
    JobName.ScheduleQuarterReports,
    JobName.AutoClosePeriods,
  ] as const;
  private readonly logger = new Logger(SystemProcessor.name);

  constructor(
    @Inject(WorkerConfig) private readonly config: WorkerConfig,
    private readonly idempotencyKeys: IdempotencyRepository,
    private readonly maintenance: RunMaintenance,
    private readonly schedules: Schedules,
    private readonly autoCloser: PeriodAutoCloser,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobName.Heartbeat: {
        const data = job.data as JobPayloads[typeof JobName.Heartbeat];
        // Optional hold: lets operators (and tests) see that shutdown waits for running jobs.
        if (data.holdMs) await sleep(Math.min(data.holdMs, 60_000));
        return {
          worker: `${hostname()}:${process.pid}`,
          requestedAt: data.requestedAt,
          finishedAt: new Date().toISOString(),
        };
      }
      case JobName.PurgeIdempotencyKeys: {
        const data = job.data as JobPayloads[typeof JobName.PurgeIdempotencyKeys];
        const hours = data.olderThanHours ?? this.config.IDEMPOTENCY_KEY_TTL_HOURS;
        const removed = await this.idempotencyKeys.purgeOlderThan(
          new Date(Date.now() - hours * 3_600_000),
        );
        this.logger.log({ removed }, 'purged idempotency keys');
        return { removed };
      }
      case JobName.ReconcileRuns: {
        // A failed scheduler check must not keep the runs from being reconciled.
        const schedulersRecreated = await this.schedules.ensure().catch((error: unknown) => {
          this.logger.warn({ err: error }, 'could not check the job schedulers');
          return null;
        });
        return { ...(await this.maintenance.reconcile()), schedulersRecreated };
      }
      case JobName.ScheduleQuarterReports: {
        const data = job.data as JobPayloads[typeof JobName.ScheduleQuarterReports];
        return this.maintenance.scheduleQuarterReports(
          data.fyStartMonth === 0 ? 'all' : data.fyStartMonth,
        );
      }
      case JobName.AutoClosePeriods:
        return this.autoCloser.run(`job:${job.id}`);
      default:
        throw new Error(`No handler for job ${job.name} on queue ${QueueName.System}`);
    }
  }
}
