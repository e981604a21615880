import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { JobName, QueueName } from '@ol/jobs';
import { RunRepository } from '@ol/persistence';
import type { Job } from 'bullmq';
import { WorkerConfig } from '../config/worker.config';
import { ReportRunner } from '../reports/report-runner.service';
import { RunJobProcessor } from './run-job.processor';

/**
 * Produces social value reports for job runs. Stalled-job settings: the job lock lasts 20 s and is
 * renewed every 10 s while the worker lives; a worker killed mid-job stops renewing, and within
 * about 30 s (lock expiry + `stalledInterval` 10 s) another worker takes the job again. A job that
 * stalls more than twice (maxStalledCount 2) fails and stays visible to admins; its run says so at
 * once, and the reconciler gives the run a new job once it has been silent for
 * RUN_STALE_AFTER_SECONDS (up to MAX_RUN_STARTS starts).
 */
@Processor(QueueName.Reports, { lockDuration: 20_000, stalledInterval: 10_000, maxStalledCount: 2 })
export class ReportProcessor extends RunJobProcessor<typeof JobName.ProduceReport> {
  static readonly handles = [JobName.ProduceReport] as const;

  constructor(
    runner: ReportRunner,
    @Inject(WorkerConfig) config: WorkerConfig,
    runs: RunRepository,
  ) {
    super(JobName.ProduceReport, runner, config, runs);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): Promise<boolean> {
    return this.onRunJobFailed(job, error);
  }
}
