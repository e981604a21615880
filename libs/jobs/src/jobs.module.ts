import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { DynamicModule, Global, Inject, Logger, Module, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bullmq';
import { JobProducer } from './job-producer';
import { NotificationKicker } from './notification-kicker';
import { ReportRefresher } from './runs/report-refresher';
import { RunRequester } from './runs/run-requester';
import { defaultJobOptions, QueueName } from './queues';
import { bullConnection } from './redis-connection';
import { RedisGate } from './redis-gate';

export interface JobsModuleOptions {
  redisUrl: string;
  prefix: string;
  /** `producer` (the API) fails fast while Redis is away; `worker` waits for it. */
  role: 'producer' | 'worker';
  /** Longest wait for one Redis call made by the producer (enqueue, job state). */
  timeoutMs: number;
}

/**
 * After a Redis timeout or connection error, the API refuses calls at once for this long (its
 * requests must not each wait a timeout); the worker has no request to protect and tries each time.
 */
const COOL_DOWN_MS = { producer: 5_000, worker: 0 } as const;
/** A queue's connection errors are logged at most this often (Redis away: one per retry). */
const ERROR_LOG_INTERVAL_MS = 30_000;

/**
 * BullMQ connection and every queue of the contract, the typed producer, and what asks for work
 * through it: run requests (the outbox), report refreshes and notification kicks.
 */
@Global()
@Module({})
export class JobsModule implements OnModuleInit {
  private readonly logger = new Logger('Queues');
  private lastErrorLog = 0;

  constructor(@Inject(ModuleRef) private readonly moduleRef: ModuleRef) {}

  static forRoot(options: JobsModuleOptions): DynamicModule {
    const queues = Object.values(QueueName).map((name) => BullModule.registerQueue({ name }));
    return {
      module: JobsModule,
      imports: [
        BullModule.forRoot({
          connection: bullConnection(options.redisUrl, options.role),
          prefix: options.prefix,
          defaultJobOptions,
        }),
        ...queues,
      ],
      providers: [
        JobProducer,
        RunRequester,
        ReportRefresher,
        NotificationKicker,
        {
          provide: RedisGate,
          useValue: new RedisGate(options.timeoutMs, COOL_DOWN_MS[options.role]),
        },
      ],
      exports: [
        JobProducer,
        RedisGate,
        RunRequester,
        ReportRefresher,
        NotificationKicker,
        ...queues,
      ],
    };
  }

  /** Queue connection errors (Redis away) are logged, throttled, instead of printed per retry. */
  onModuleInit(): void {
    for (const name of Object.values(QueueName)) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      queue.on('error', (error: Error) => {
        const now = Date.now();
        if (now - this.lastErrorLog < ERROR_LOG_INTERVAL_MS) return;
        this.lastErrorLog = now;
        this.logger.warn({ queue: name, err: error.message }, 'queue connection error');
      });
    }
  }
}
