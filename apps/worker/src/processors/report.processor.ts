import { Processor, WorkerHost } from '@nestjs/bullmq';
import { JobName, QueueName } from '@ol/jobs';
import type { Job } from 'bullmq';

/** Produces social value reports for job runs. */
@Processor(QueueName.Reports)
export class ReportProcessor extends WorkerHost {
  static readonly handles = [JobName.ProduceReport] as const;

  process(job: Job): Promise<unknown> {
    return Promise.reject(new Error(`${job.name}: not implemented yet`));
  }
}
