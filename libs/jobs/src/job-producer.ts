import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { JobsOptions, Queue } from 'bullmq';
import { jobQueue, type JobName, type JobPayloads } from './queues';

/** A job in this state will not run again: missing, failed or completed. */
const hasEnded = (state: string): boolean =>
  state === 'unknown' || state === 'failed' || state === 'completed';

/**
 * Typed enqueueing: the job name decides the queue and the payload type. Pass a deterministic
 * `jobId` (derived from the run or entity) so enqueueing the same work twice adds one job.
 */
@Injectable()
export class JobProducer {
  constructor(private readonly moduleRef: ModuleRef) {}

  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: JobsOptions & { jobId: string },
  ): Promise<string> {
    const job = await this.queueOf(name).add(name, payload, options);
    return job.id ?? options.jobId;
  }

  /** Why the job with this id failed, when it is kept as failed; null otherwise. */
  async failure(
    name: JobName,
    jobId: string,
  ): Promise<{ reason: string; attemptsMade: number } | null> {
    const job = await this.queueOf(name).getJob(jobId);
    if (!job || !(await job.isFailed())) return null;
    return { reason: job.failedReason, attemptsMade: job.attemptsMade };
  }

  /** Whether the job with this id is still to run or running: waiting, delayed or active. */
  async isLive(name: JobName, jobId: string): Promise<boolean> {
    return !hasEnded(await this.queueOf(name).getJobState(jobId));
  }

  /**
   * Makes sure the job with this id is in the queue: added if missing, added again if it ended
   * (failed, or completed without doing the work); left alone while it waits, is delayed or runs.
   * Returns true when it (re-)added the job.
   */
  async ensure<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: JobsOptions & { jobId: string },
  ): Promise<boolean> {
    const queue = this.queueOf(name);
    const state = await queue.getJobState(options.jobId);
    if (!hasEnded(state)) return false;
    // 0: the job was taken meanwhile (locked by a worker): it runs, leave it.
    if (state !== 'unknown' && (await queue.remove(options.jobId)) === 0) return false;
    await queue.add(name, payload, options);
    return true;
  }

  private queueOf(name: JobName): Queue {
    return this.moduleRef.get<Queue>(getQueueToken(jobQueue[name]), { strict: false });
  }
}
