import { Injectable, Logger } from '@nestjs/common';
import { Db, RunRepository, type JobRun, type Prisma, type RunKind } from '@ol/persistence';
import { JobProducer } from '../job-producer';
import { JobName, type RunJobName } from '../queues';
import type { RunOrder } from './run-params';

const JOB_FOR: Record<RunKind, RunJobName> = {
  report: JobName.ProduceReport,
  share_evaluation: JobName.EvaluateShare,
  board_pack: JobName.RenderBoardPack,
};

/**
 * A run started this many times without recording an end is given up by the reconciler: its job
 * keeps failing without a word or killing its worker. One job starts at most 7 times (5 attempts
 * and 2 stalls) and the reconciler replaces it only after RUN_STALE_AFTER_SECONDS, so this is a
 * few replacements of a job that never gets through, not a slow report.
 */
export const MAX_RUN_STARTS = 15;

/** A run asked for while another of the same work runs starts again this long after it is seen. */
export const FOLLOW_UP_AFTER_MS = 2_000;

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
    run: RunOrder & { requestedBy?: string | null; delayMs?: number },
  ): Promise<{ run: JobRun; created: boolean }> {
    const notBefore = new Date(Date.now() + (run.delayMs ?? 0));
    const result = await this.runs.request(partnershipId, {
      kind: run.kind,
      dedupeKey: run.dedupeKey,
      params: run.params as unknown as Prisma.InputJsonValue,
      requestedBy: run.requestedBy,
      notBefore,
    });
    await this.db.afterCommit(() => this.enqueue(result.run));
    return result;
  }

  /**
   * For the reconciler, with a run that was due when it read it (pending and due, or running but
   * silent for long): makes sure a job will run it. A job waiting, delayed or running under the
   * run's job id, or under its debounced one, is left alone, and so is a run that has ended or
   * started again since it was read (its end is committed before its job ends, so a job found
   * ended with the run unchanged is one that ended without a word). Such a job — failed after
   * stalling too often, or its last failure not written while PostgreSQL was away — is replaced,
   * its failure recorded on the run: enqueueing under its id alone would add nothing, and the run
   * would never end. A run already started {@link MAX_RUN_STARTS} times is marked failed instead.
   * Errors are logged; the next reconcile tries again. Returns what it did.
   */
  async ensure(run: JobRun): Promise<'enqueued' | 'left' | 'given-up' | 'error'> {
    const name = JOB_FOR[run.kind];
    const jobId = jobIdForRun(run);
    try {
      for (const id of [jobId, jobIdForRun(run, true)]) {
        if (await this.producer.isLive(name, id)) return 'left';
      }
      const now = await this.runs.find(run.partnershipId, run.id);
      if (
        !now ||
        (now.status !== 'pending' && now.status !== 'running') ||
        now.attempts !== run.attempts ||
        now.startedAt?.getTime() !== run.startedAt?.getTime()
      ) {
        return 'left';
      }
      const failure = await this.producer.failure(name, jobId);
      if (failure) {
        this.logger.warn(
          { runId: run.id, jobId, reason: failure.reason, attemptsMade: failure.attemptsMade },
          'the job of an unfinished run failed',
        );
      }
      if (run.attempts >= MAX_RUN_STARTS) {
        const failed = await this.runs.fail(
          run.partnershipId,
          run.id,
          `given up after ${run.attempts} starts without a result: its job kept failing or stalling` +
            (failure ? ` (last: ${failure.reason})` : ''),
          true,
        );
        if (failed) this.logger.warn({ runId: run.id, attempts: run.attempts }, 'gave up a run');
        return failed ? 'given-up' : 'left';
      }
      if (failure) {
        await this.runs.fail(run.partnershipId, run.id, `job ${jobId}: ${failure.reason}`, false);
      }
      const added = await this.producer.ensure(
        name,
        { partnershipId: run.partnershipId, runId: run.id },
        { jobId },
      );
      return added ? 'enqueued' : 'left';
    } catch (error) {
      this.logger.warn({ err: error, runId: run.id }, 'could not enqueue run; next reconcile will');
      return 'error';
    }
  }

  /**
   * For a job whose run did not start: a run still to do (debounced to later, or following another
   * run of the same work that is running: started again {@link FOLLOW_UP_AFTER_MS} later) gets its
   * job again; a finished one is returned as it is. Returns the run, or null when there is none.
   */
  async notStarted(partnershipId: string, runId: string): Promise<JobRun | null> {
    let run = await this.runs.find(partnershipId, runId);
    if (run?.status === 'pending' && (await this.runs.siblingRunning(run))) {
      run = (await this.runs.postpone(partnershipId, runId, FOLLOW_UP_AFTER_MS)) ?? run;
    }
    if (run?.status === 'pending' || run?.status === 'running') await this.enqueue(run);
    return run;
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
