import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { JobProducer } from './job-producer';
import { defaultJobOptions, QueueName } from './queues';
import { bullConnection } from './redis-connection';

/** BullMQ connection and every queue of the contract, plus the typed producer. */
@Global()
@Module({})
export class JobsModule {
  static forRoot(options: { redisUrl: string; prefix: string }): DynamicModule {
    const queues = Object.values(QueueName).map((name) => BullModule.registerQueue({ name }));
    return {
      module: JobsModule,
      imports: [
        BullModule.forRoot({
          connection: bullConnection(options.redisUrl),
          prefix: options.prefix,
          defaultJobOptions,
        }),
        ...queues,
      ],
      providers: [JobProducer],
      exports: [JobProducer, ...queues],
    };
  }
}
