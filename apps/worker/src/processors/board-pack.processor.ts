import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { JobName, QueueName } from '@ol/jobs';
import { RunRepository } from '@ol/persistence';
import type { Job } from 'bullmq';
import { BoardPackRunner } from '../board-packs/board-pack-runner.service';
import { WorkerConfig } from '../config/worker.config';
import { RunJobProcessor } from './run-job.processor';

/** Renders board packs (report versions as PDF) for job runs; stall settings as for reports. */
@Processor(QueueName.Documents, {
  lockDuration: 60_000,
  stalledInterval: 30_000,
  maxStalledCount: 2,
})
export class BoardPackProcessor extends RunJobProcessor<typeof JobName.RenderBoardPack> {
  static readonly handles = [JobName.RenderBoardPack] as const;

  constructor(
    runner: BoardPackRunner,
    @Inject(WorkerConfig) config: WorkerConfig,
    runs: RunRepository,
  ) {
    super(JobName.RenderBoardPack, runner, config, runs);
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): Promise<boolean> {
    return this.onRunJobFailed(job, error);
  }
}
