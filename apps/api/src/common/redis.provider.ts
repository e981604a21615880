import { Global, Inject, Module, OnApplicationShutdown, type DynamicModule } from '@nestjs/common';
import Redis from 'ioredis';

export const REDIS = Symbol('REDIS');

/** One shared ioredis connection for readiness checks and light use (BullMQ opens its own). */
@Global()
@Module({})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  static forRoot(url: string): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS,
          useFactory: () => {
            const redis = new Redis(url, {
              maxRetriesPerRequest: 1,
              enableOfflineQueue: false,
              // Commands of concurrent requests (the rate limits) leave in one write.
              enableAutoPipelining: true,
            });
            redis.on('error', () => undefined);
            return redis;
          },
        },
      ],
      exports: [REDIS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
