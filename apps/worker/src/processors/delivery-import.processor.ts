import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnModuleInit } from '@nestjs/common';
import { JobName, QueueName, type JobPayloads } from '@ol/jobs';
import {
  AuditRepository,
  DeliveryImportRepository,
  ReportRefresher,
  type Actor,
} from '@ol/persistence';
import type { Job } from 'bullmq';
import { WorkerConfig } from '../config/worker.config';

/** Slices of the staging table moved one after another (progress is reported between them). */
const COMMIT_CHUNKS = 20;
/** Longest a move may hold its transaction (a million rows take well under a minute). */
const COMMIT_TIMEOUT_MS = 2 * 3600_000;

type CommitJob = Job<JobPayloads[typeof JobName.CommitDeliveryImport]>;

/**
 * Commits a staged delivery import (see the delivery-imports module of the API): moves the
 * staged rows into delivery_records in one transaction, skipping external references the
 * provider already sent, marks the import completed and audits it. Safe to run twice: a
 * completed import is left as it is. After the last failed attempt the import is marked failed
 * and its staging table dropped.
 */
@Processor(QueueName.Imports)
export class DeliveryImportProcessor extends WorkerHost implements OnModuleInit {
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

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case JobName.CommitDeliveryImport:
        return this.commit(job as CommitJob);
      default:
        throw new Error(`No handler for job ${job.name} on queue ${QueueName.Imports}`);
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
    if (current.status === 'rejected' || current.status === 'failed') {
      return { skipped: `import is ${current.status}` };
    }
    if (current.status === 'receiving') throw new Error(`import ${importId} is still receiving`);

    const actor: Actor = { userId: current.createdBy, keyId: null, requestId: `job:${job.id}` };
    await this.imports.markRunning(partnershipId, importId);
    try {
      const result = await this.imports.commitStaged(partnershipId, importId, {
        chunks: COMMIT_CHUNKS,
        actor,
        timeoutMs: COMMIT_TIMEOUT_MS,
        onProgress: async (percent) => {
          await this.imports.setPercent(partnershipId, importId, percent);
          await job.updateProgress(Math.floor(percent));
        },
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
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade + 1 >= attempts) {
        const reason = `The import could not be committed: ${error instanceof Error ? error.message : String(error)}`;
        if (await this.imports.markFailed(partnershipId, importId, reason)) {
          await this.imports.dropStaging(importId);
          await this.audit.record(partnershipId, actor, {
            action: 'delivery_import.failed',
            entityType: 'delivery_import',
            entityId: importId,
            details: { reason },
          });
        }
      }
      throw error;
    }
  }
}
