import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { JobName, QueueName } from '@ol/jobs';
import { RunRepository } from '@ol/persistence';
import type { Job } from 'bullmq';
import { WorkerConfig } from '../config/worker.config';
import { ShareEvaluator } from '../finance/share-evaluator.service';
import { RunJobProcessor } from './run-job.processor';

/** Evaluates share rules for job runs and raises triggers (a crossing or an adjustment). */
@Processor(QueueName.Finance, { lockDuration: 20_000, stalledInterval: 10_000, maxStalledCount: 2 })
export class FinanceProcessor extends RunJobProcessor<typeof JobName.EvaluateShare> {
  static readonly handles = [JobName.EvaluateShare] as const;

  constructor(
    evaluator: ShareEvaluator,
    @Inject(WorkerConfig) config: WorkerConfig,
    runs: RunRepository,
  ) {
    super(JobName.EvaluateShare, evaluator, config, runs);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): Promise<boolean> {
    return this.onRunJobFailed(job, error);
  }
}
