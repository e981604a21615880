import { WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleInit } from '@nestjs/common';
import type { JobPayloads, RunJobName } from '@ol/jobs';
import type { RunRepository } from '@ol/persistence';
import type { Job } from 'bullmq';
import type { WorkerConfig } from '../config/worker.config';
import { recordRunJobLoss } from '../runs/run-job-loss';

/** Does a run's work: `final` is true on the job's last attempt. */
export interface RunHandler {
  run(partnershipId: string, runId: string, final: boolean): Promise<unknown>;
}

/**
 * One processor for every run job (report and finance runs): the job's data typed from the
 * contract, its run handed to the handler with whether this is the last attempt, and a job BullMQ
 * failed without the handler seeing it (stalled too often) said on its run. A subclass names its
 * queue and handler, and forwards BullMQ's `failed` event to {@link onRunJobFailed}.
 */
export abstract class RunJobProcessor<N extends RunJobName>
  extends WorkerHost
  implements OnModuleInit
{
  private readonly logger: Logger;

  protected constructor(
    private readonly jobName: N,
    private readonly handler: RunHandler,
    private readonly config: WorkerConfig,
    private readonly runs: RunRepository,
  ) {
    super();
    this.logger = new Logger(new.target.name);
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
  }

  async process(job: Job<JobPayloads[N]>): Promise<unknown> {
    if (job.name !== this.jobName) {
      throw new Error(`No handler for job ${job.name} on queue ${this.worker.name}`);
    }
    const { partnershipId, runId } = job.data;
    return this.handler.run(partnershipId, runId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
  }

  /** A job failed without its handler seeing it (stalled too often): say so on its run. */
  protected onRunJobFailed(job: Job | undefined, error: Error): Promise<boolean> {
    return recordRunJobLoss(this.runs, this.logger, this.jobName, job, error);
  }
}
