import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobName, QueueName } from '@ol/jobs';
import type { Queue } from 'bullmq';
import { WorkerConfig } from './config/worker.config';

/**
 * Repeating work, as BullMQ job schedulers: stored in Redis and upserted by id, so any number of
 * worker processes can start and still each run happens once (no in-process timers).
 */
@Injectable()
export class Schedules implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.System) private readonly system: Queue,
    @Inject(WorkerConfig) private readonly config: WorkerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.system.upsertJobScheduler(
      'purge-idempotency-keys-hourly',
      { pattern: '17 * * * *' },
      {
        name: JobName.PurgeIdempotencyKeys,
        data: { olderThanHours: this.config.IDEMPOTENCY_KEY_TTL_HOURS },
      },
    );
  }
}
