import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { JobsOptions, Queue } from 'bullmq';
import { jobQueue, type JobName, type JobPayloads } from './queues';
import { RedisGate } from './redis-gate';

/** A job in this state will not run again: missing, failed or completed. */
const hasEnded = (state: string): boolean =>
  state === 'unknown' || state === 'failed' || state === 'completed';

/**
 * Typed enqueueing: the job name decides the queue and the payload type. Pass a deterministic
 * `jobId` (derived from the run or entity) so enqueueing the same work twice adds one job. Every
 * call goes through the {@link RedisGate}: bounded by a timeout, refused at once while Redis is
 * known to be away (it throws RedisUnavailableError; the work's row in PostgreSQL remains).
 */
@Injectable()
export class JobProducer {
  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly gate: RedisGate,
  ) {}

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: JobsOptions & { jobId: string },
  ): Promise<string> {
    const job = await this.gate.call(`enqueue ${name}`, () =>
      this.queueOf(name).add(name, payload, options),
    );
    return job.id ?? options.jobId;
  }

  /** Why the job with this id failed, when it is kept as failed; null otherwise. */
  failure(name: JobName, jobId: string): Promise<{ reason: string; attemptsMade: number } | null> {
    return this.gate.call(`read job ${jobId}`, async () => {
      const job = await this.queueOf(name).getJob(jobId);
      if (!job || !(await job.isFailed())) return null;
      return { reason: job.failedReason, attemptsMade: job.attemptsMade };
    });
  }

  /** Whether the job with this id is still to run or running: waiting, delayed or active. */
  async isLive(name: JobName, jobId: string): Promise<boolean> {
    const state = await this.gate.call(`read job ${jobId}`, () =>
      this.queueOf(name).getJobState(jobId),
    );
    return !hasEnded(state);
  }

  /**
   * Makes sure the job with this id is in the queue: added if missing, added again if it ended
   * (failed, or completed without doing the work); left alone while it waits, is delayed or runs.
   * Returns true when it (re-)added the job.
   */
  ensure<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: JobsOptions & { jobId: string },
  ): Promise<boolean> {
    return this.gate.call(`ensure ${name}`, async () => {
      const queue = this.queueOf(name);
      const state = await queue.getJobState(options.jobId);
      if (!hasEnded(state)) return false;
      // 0: the job was taken meanwhile (locked by a worker): it runs, leave it.
      if (state !== 'unknown' && (await queue.remove(options.jobId)) === 0) return false;
      await queue.add(name, payload, options);
      return true;
    });
  }

  private queueOf(name: JobName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(jobQueue[name]), { strict: false });
  }
}
