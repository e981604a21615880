import { Injectable, Logger } from '@nestjs/common';
import { JobName, JobProducer } from '@ol/jobs';
import { Db } from '../db';
import type { JobRun, Prisma, RunKind } from '../prisma-client';
import { RunRepository } from '../repositories/run.repository';

const JOB_FOR: Record<RunKind, typeof JobName.ProduceReport | typeof JobName.EvaluateShare> = {
  report: JobName.ProduceReport,
  share_evaluation: JobName.EvaluateShare,
};

/**
 * A run started this many times without recording an end is given up by the reconciler: its job
 * keeps failing without a word or killing its worker (5 attempts, each allowed 2 stalls, is 15).
 */
export const MAX_RUN_STARTS = 15;

/** The BullMQ job id of a run's job: derived from the run, so enqueueing twice adds one job. */
export function jobIdForRun(run: Pick<JobRun, 'id' | 'notBefore'>, delayed = false): string {
  return delayed ? `run-${run.id}-${run.notBefore.getTime()}` : `run-${run.id}`;
}

/**
 * Asks for work: writes the run in the caller's transaction (the outbox) and enqueues its job
 * after commit, with the job id derived from the run. If Redis is unreachable at that moment the
 * run stays pending and the reconciler enqueues it.
 */
@Injectable()
export class RunRequester {
  private readonly logger = new Logger(RunRequester.name);

  constructor(
    private readonly db: Db,
    private readonly runs: RunRepository,
    private readonly producer: JobProducer,
  ) {}

  async request(
    partnershipId: string,
    run: {
      kind: RunKind;
      dedupeKey: string;
      params: Prisma.InputJsonValue;
      requestedBy?: string | null;
      delayMs?: number;
    },
  ): Promise<{ run: JobRun; created: boolean }> {
    const notBefore = new Date(Date.now() + (run.delayMs ?? 0));
    const result = await this.runs.request(partnershipId, { ...run, notBefore });
    await this.db.afterCommit(() => this.enqueue(result.run));
    return result;
  }

  /**
   * For the reconciler, with a run that is due (pending and due, or running but silent for long):
   * makes sure a job will run it. A job waiting, delayed or running under the run's job id, or
   * under its debounced one, is left alone. A job that ended while the run recorded no end (failed
   * after stalling too often, or its last failure not written while PostgreSQL was away) is
   * replaced: enqueueing under its id alone would add nothing, and the run would never end. A run
   * already started {@link MAX_RUN_STARTS} times is marked failed instead. Errors are logged; the
   * next reconcile tries again. Returns what it did.
   */
  async ensure(run: JobRun): Promise<'enqueued' | 'has-job' | 'given-up' | 'error'> {
    const name = JOB_FOR[run.kind];
    try {
      for (const jobId of [jobIdForRun(run), jobIdForRun(run, true)]) {
        if (await this.producer.isLive(name, jobId)) return 'has-job';
      }
      if (run.attempts >= MAX_RUN_STARTS) {
        await this.runs.fail(
          run.partnershipId,
          run.id,
          `given up after ${run.attempts} starts without a result: its job kept failing or stalling`,
          true,
        );
        this.logger.warn({ runId: run.id, attempts: run.attempts }, 'gave up a run');
        return 'given-up';
      }
      await this.producer.ensure(
        name,
        { partnershipId: run.partnershipId, runId: run.id },
        { jobId: jobIdForRun(run) },
      );
      return 'enqueued';
    } catch (error) {
      this.logger.warn({ err: error, runId: run.id }, 'could not enqueue run; next reconcile will');
      return 'error';
    }
  }

  /** Enqueues a run's job (idempotent by job id). Errors are logged: the reconciler retries. */
  async enqueue(run: JobRun): Promise<void> {
    const delay = Math.max(0, run.notBefore.getTime() - Date.now());
    try {
      await this.producer.enqueue(
        JOB_FOR[run.kind],
        { partnershipId: run.partnershipId, runId: run.id },
        { jobId: jobIdForRun(run, delay > 0), delay },
      );
    } catch (error) {
      this.logger.warn({ err: error, runId: run.id }, 'could not enqueue run; the reconciler will');
    }
  }
}
