import { Injectable, Logger } from '@nestjs/common';
import { JobName, JobProducer } from '@ol/jobs';
import { Db } from '../db';
import type { JobRun, Prisma, RunKind } from '../prisma-client';
import { RunRepository } from '../repositories/run.repository';

const JOB_FOR: Record<RunKind, typeof JobName.ProduceReport | typeof JobName.EvaluateShare> = {
  report: JobName.ProduceReport,
  share_evaluation: JobName.EvaluateShare,
};

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
