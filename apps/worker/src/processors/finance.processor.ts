import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnModuleInit } from '@nestjs/common';
import { JobName, QueueName, type JobPayloads } from '@ol/jobs';
import { RunRepository } from '@ol/persistence';
import type { Job } from 'bullmq';
import { WorkerConfig } from '../config/worker.config';
import { recordRunJobLoss } from '../runs/run-job-loss';
import { ShareEvaluator } from '../finance/share-evaluator.service';

/** Evaluates surplus-share rules for job runs and raises triggers (once per crossing). */
@Processor(QueueName.Finance, { lockDuration: 20_000, stalledInterval: 10_000, maxStalledCount: 2 })
export class FinanceProcessor extends WorkerHost implements OnModuleInit {
  static readonly handles = [JobName.EvaluateShare] as const;
  private readonly logger = new Logger(FinanceProcessor.name);

  constructor(
    private readonly evaluator: ShareEvaluator,
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
      case JobName.EvaluateShare: {
        const { partnershipId, runId } = job.data as JobPayloads[typeof JobName.EvaluateShare];
        return this.evaluator.run(
          partnershipId,
          runId,
          job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        );
      }
      default:
        throw new Error(`No handler for job ${job.name} on queue ${QueueName.Finance}`);
    }
  }

  /** A job failed without its handler seeing it (stalled too often): say so on its run. */
  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): Promise<boolean> {
    return recordRunJobLoss(this.runs, this.logger, JobName.EvaluateShare, job, error);
  }
}
