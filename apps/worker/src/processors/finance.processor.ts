import { Processor, WorkerHost } from '@nestjs/bullmq';
import { JobName, QueueName } from '@ol/jobs';
import type { Job } from 'bullmq';

/** Evaluates surplus-share rules for job runs and raises triggers. */
@Processor(QueueName.Finance)
export class FinanceProcessor extends WorkerHost {
  static readonly handles = [JobName.EvaluateShare] as const;

  process(job: Job): Promise<unknown> {
    return Promise.reject(new Error(`${job.name}: not implemented yet`));
  }
}
