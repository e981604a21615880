import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { BeforeApplicationShutdown, Inject, Logger, OnModuleInit } from '@nestjs/common';
import { JobName, QueueName, type JobPayloads, ReportRefresher } from '@ol/jobs';
import { isAbandonedImport } from '@ol/outcomes';
import {
  AuditRepository,
  CommitInterruptedError,
  DeliveryImportRepository,
  RECEIVING_SILENT_AFTER_MS,
  periodLockedQuarters,
  type Actor,
} from '@ol/persistence';
import { DelayedError, type Job } from 'bullmq';
import { WorkerConfig } from '../config/worker.config';

/**
 * Longest a move may hold its transaction, the upload included (a million rows take well under
 * a minute); a slower upload fails its import.
 */
const COMMIT_TIMEOUT_MS = 2 * 3600_000;
/** How often the move looks for newly staged slices while the upload streams. */
const POLL_MS = 100;

type CommitJob = Job<JobPayloads[typeof JobName.CommitDeliveryImport]>;

/**
 * Commits a delivery import (see the delivery-imports module of the API), overlapping its
 * upload: the job starts once the first slice is staged and moves the staged rows into
 * delivery_records in one transaction as slices arrive, skipping external references the
 * provider already sent; it commits (import completed, audited) once the API has marked the
 * whole file received and valid, and rolls back if the file is rejected or the upload fails.
 * Safe to run twice: a completed import is left as it is. A worker killed mid-move loses its
 * transaction (nothing inserted); the job's lock lapses and it runs again from the first slice.
 * After the last failed attempt the import is marked failed and its staging dropped.
 */
@Processor(QueueName.Imports, { lockDuration: 20_000, stalledInterval: 10_000, maxStalledCount: 2 })
export class DeliveryImportProcessor
  extends WorkerHost
  implements OnModuleInit, BeforeApplicationShutdown
{
  static readonly handles = [JobName.CommitDeliveryImport] as const;
  private readonly logger = new Logger(DeliveryImportProcessor.name);

  constructor(
    @Inject(WorkerConfig) private readonly config: WorkerConfig,
    private readonly imports: DeliveryImportRepository,
    private readonly audit: AuditRepository,
    private readonly refresher: ReportRefresher,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
  }

  /** Set on SIGTERM, before the workers close: commits waiting for an upload give way. */
  private closing = false;

  beforeApplicationShutdown(): void {
    this.closing = true;
  }

  async process(job: Job, token?: string): Promise<unknown> {
    switch (job.name) {
      case JobName.CommitDeliveryImport:
        try {
          return await this.commit(job as CommitJob);
        } catch (error) {
          if (!(error instanceof CommitInterruptedError)) throw error;
          // Shutting down while the file still streams in: the move rolled back; the job comes
          // back in a second (not counted as a failed attempt) for this or another worker.
          await job.moveToDelayed(Date.now() + 1_000, token);
          throw new DelayedError();
        }
      default:
        throw new Error(`No handler for job ${job.name} on queue ${QueueName.Imports}`);
    }
  }

  /**
   * A commit job that fails for good without its handler seeing it — stalled more often than
   * allowed (its worker was killed again and again, e.g. during deploys) — would leave the import
   * queued or running with no job, blocking the provider. Mark it failed, drop its slices and
   * audit it (a failure the handler already recorded is not recorded twice).
   */
  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    if (job?.name !== JobName.CommitDeliveryImport) return;
    const retriesLeft =
      job.attemptsMade < (job.opts.attempts ?? 1) && !/stalled more than/i.test(error.message);
    if (retriesLeft) return;
    const { partnershipId, importId } = (job as CommitJob).data;
    try {
      const current = await this.imports.find(partnershipId, importId);
      await this.fail(
        partnershipId,
        importId,
        { userId: current?.createdBy ?? null, keyId: null, requestId: `job:${job.id}` },
        error,
      );
    } catch (e) {
      this.logger.error({ err: e, importId }, 'could not mark the failed import');
    }
  }

  private async commit(job: CommitJob): Promise<unknown> {
    const { partnershipId, importId } = job.data;
    const current = await this.imports.find(partnershipId, importId);
    if (!current) return { skipped: 'no such import' };
    if (current.status === 'completed') {
      return {
        alreadyCompleted: true,
        insertedRows: current.insertedRows,
        duplicateRows: current.duplicateRows,
      };
    }
    if (isAbandonedImport(current.status)) {
      await this.imports.dropStaging(importId);
      return { skipped: `import is ${current.status}` };
    }

    const actor: Actor = { userId: current.createdBy, keyId: null, requestId: `job:${job.id}` };
    // queued → running; an import still receiving its file stays so until the API queues it.
    await this.imports.markRunning(partnershipId, importId);
    try {
      const result = await this.imports.commitStaged(partnershipId, importId, {
        actor,
        timeoutMs: COMMIT_TIMEOUT_MS,
        pollMs: POLL_MS,
        // Progress and the silence check use other connections than the move's transaction:
        // best effort, so a busy pool or Redis hiccup never rolls back the whole import.
        onProgress: async (percent) => {
          try {
            await this.imports.setPercent(partnershipId, importId, percent);
            await job.updateProgress(Math.floor(percent));
          } catch (error) {
            this.logger.warn({ err: error, importId }, 'could not record import progress');
          }
        },
        shouldStop: () => this.closing,
        onIdle: () =>
          // An upload whose API process died never finishes: give it up (and roll back).
          this.imports
            .abandonIfSilent(partnershipId, importId, RECEIVING_SILENT_AFTER_MS)
            .catch((error: unknown) => {
              this.logger.warn({ err: error, importId }, 'could not check the upload');
              return false;
            }),
      });
      await job.updateProgress(100);
      this.logger.log({ importId, ...result }, 'delivery import committed');
      // Late data for closed quarters: their reports are recomputed once, after a debounce.
      await this.refresher.afterImport(
        partnershipId,
        importId,
        new Date().toISOString().slice(0, 10),
        this.config.REPORT_DEBOUNCE_MS,
        current.createdBy,
      );
      return result;
    } catch (error) {
      if (error instanceof CommitInterruptedError) throw error; // see process()
      // Rejected, failed or abandoned while the file streamed: rolled back, nothing to retry.
      const now = await this.imports.find(partnershipId, importId);
      if (now && isAbandonedImport(now.status)) {
        await this.imports.dropStaging(importId);
        this.logger.log({ importId, status: now.status }, 'delivery import rolled back');
        return { skipped: `import is ${now.status}` };
      }
      // A quarter its rows fall in was closed while it waited: refused whole, no retry.
      const closed = periodLockedQuarters(error);
      if (closed) {
        const list = closed.join(', ');
        await this.fail(
          partnershipId,
          importId,
          actor,
          error,
          `The file falls in ${list}, closed while the import waited; nothing was imported.`,
        );
        return { skipped: 'period-locked', quarters: closed };
      }
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade + 1 >= attempts) await this.fail(partnershipId, importId, actor, error);
      throw error;
    }
  }

  /**
   * Marks the import failed for good, drops its slices and audits it; nothing when it had already
   * ended (so a failure is recorded once, by whichever path sees it first).
   */
  private async fail(
    partnershipId: string,
    importId: string,
    actor: Actor,
    error: unknown,
    reason = `The import could not be committed: ${error instanceof Error ? error.message : String(error)}`,
  ): Promise<void> {
    if (!(await this.imports.markFailed(partnershipId, importId, reason))) return;
    await this.imports.dropStaging(importId);
    await this.audit.record(partnershipId, actor, {
      action: 'delivery_import.failed',
      entityType: 'delivery_import',
      entityId: importId,
      details: { reason },
    });
  }
}
