import { Processor, WorkerHost } from '@nestjs/bullmq';
import { JobName, QueueName } from '@ol/jobs';
import type { Job } from 'bullmq';

/** Commits a staged delivery import (see the delivery-imports module). */
@Processor(QueueName.Imports)
export class DeliveryImportProcessor extends WorkerHost {
  static readonly handles = [JobName.CommitDeliveryImport] as const;

  process(job: Job): Promise<unknown> {
    return Promise.reject(new Error(`${job.name}: not implemented yet`));
  }
}
