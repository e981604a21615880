import { getQueueToken } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { isConnectionTrouble, QueueName, RedisUnavailableError, withTimeout } from '@ol/jobs';
import type { Job, Queue } from 'bullmq';
import { ProblemException } from '../../common/problems/problem';
import { ApiConfig } from '../../config/api.config';
import type { JobCounts, QueueState } from './dto/queue.dto';

const QUEUES: readonly string[] = Object.values(QueueName);

/**
 * What the queues hold, read from Redis (every queue of the job contract). Reads are bounded by
 * REDIS_TIMEOUT_MS: while Redis is away or frozen the answer is a prompt 503, not a hung request.
 * They do not go through the producer's RedisGate, so a slow read of a long failed list never
 * stops the API enqueueing.
 */
@Injectable()
export class AdminService {
  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(ApiConfig) private readonly config: ApiConfig,
  ) {}

  queueStates(): Promise<QueueState[]> {
    return this.bounded(this.readQueueStates(), 'read the queues');
  }

  /** A read of Redis, at most REDIS_TIMEOUT_MS; Redis away or frozen → RedisUnavailableError (503). */
  private async bounded<T>(read: Promise<T>, what: string): Promise<T> {
    try {
      return await withTimeout(read, this.config.REDIS_TIMEOUT_MS, what);
    } catch (error) {
      if (!isConnectionTrouble(error)) throw error;
      throw new RedisUnavailableError(what, error instanceof Error ? error.message : String(error));
    }
  }

  private readQueueStates(): Promise<QueueState[]> {
    return Promise.all(
      QUEUES.map(async (name) => {
        const queue = this.queue(name);
        const [counts, paused] = await Promise.all([
          queue.getJobCounts(
            'waiting',
            'active',
            'delayed',
            'prioritized',
            'waiting-children',
            'completed',
            'failed',
          ),
          queue.isPaused(),
        ]);
        const jobCounts: JobCounts = {
          waiting: counts.waiting ?? 0,
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          prioritized: counts.prioritized ?? 0,
          waitingChildren: counts['waiting-children'] ?? 0,
          completed: counts.completed ?? 0,
          failed: counts.failed ?? 0,
        };
        return { name, paused, counts: jobCounts };
      }),
    );
  }

  /** The most recently failed jobs of a queue, newest first. */
  async failedJobs(name: string, limit: number): Promise<Job[]> {
    if (!QUEUES.includes(name)) throw ProblemException.notFound(`Queue "${name}"`);
    const jobs = await this.bounded(this.queue(name).getFailed(0, limit - 1), 'read failed jobs');
    return jobs.filter((job): job is Job => job !== undefined && job !== null);
  }

  private queue(name: string): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }
}
