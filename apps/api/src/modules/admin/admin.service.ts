import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { QueueName, RedisGate } from '@ol/jobs';
import type { Job, Queue } from 'bullmq';
import { ProblemException } from '../../common/problems/problem';
import type { JobCounts, QueueState } from './dto/queue.dto';

const QUEUES: readonly string[] = Object.values(QueueName);

/**
 * What the queues hold, read from Redis (every queue of the job contract). Reads go through the
 * RedisGate: while Redis is away or frozen the answer is a prompt 503, not a hung request.
 */
@Injectable()
export class AdminService {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly gate: RedisGate,
  ) {}

  queueStates(): Promise<QueueState[]> {
    return this.gate.call('read the queues', () => this.readQueueStates());
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
    const jobs = await this.gate.call('read failed jobs', () =>
      this.queue(name).getFailed(0, limit - 1),
    );
    return jobs.filter((job): job is Job => job !== undefined && job !== null);
  }

  private queue(name: string): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
  }
}
