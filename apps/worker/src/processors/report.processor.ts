import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnModuleInit } from '@nestjs/common';
import { JobName, QueueName, type JobPayloads } from '@ol/jobs';
import { RunRepository } from '@ol/persistence';
import type { Job } from 'bullmq';
import { WorkerConfig } from '../config/worker.config';
import { recordRunJobLoss } from '../runs/run-job-loss';
import { ReportRunner } from '../reports/report-runner.service';

/**
 * Produces social value reports for job runs. Stalled-job settings: the job lock lasts 20 s and is
 * renewed every 10 s while the worker lives; a worker killed mid-job stops renewing, and within
 * about 30 s (lock expiry + `stalledInterval` 10 s) another worker takes the job again. A job that
 * stalls more than twice (maxStalledCount 2) fails and stays visible to admins; its run says so at
 * once, and the reconciler gives the run a new job once it has been silent for
 * RUN_STALE_AFTER_SECONDS (up to MAX_RUN_STARTS starts).
 */
@Processor(QueueName.Reports, { lockDuration: 20_000, stalledInterval: 10_000, maxStalledCount: 2 })
export class ReportProcessor extends WorkerHost implements OnModuleInit {
  static readonly handles = [JobName.ProduceReport] as const;
  private readonly logger = new Logger(ReportProcessor.name);

  constructor(
    private readonly runner: ReportRunner,
    @Inject(WorkerConfig) private readonly config: WorkerConfig,
    private readonly runs: RunRepository,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobName.ProduceReport: {
        const { partnershipId, runId } = job.data as JobPayloads[typeof JobName.ProduceReport];
        return this.runner.run(
          partnershipId,
          runId,
          job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        );
      }
      default:
        throw new Error(`No handler for job ${job.name} on queue ${QueueName.Reports}`);
    }
  }

  /** A job failed without its handler seeing it (stalled too often): say so on its run. */
  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): Promise<boolean> {
    return recordRunJobLoss(this.runs, this.logger, JobName.ProduceReport, job, error);
  }
}
