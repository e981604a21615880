import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { JobName, JobProducer, commitJobId } from '@ol/jobs';
import { latestActivityDate } from '@ol/outcomes';
import {
  AuditRepository,
  Db,
  DeliveryImportRepository,
  ImportNoLongerReceivingError,
  PartnershipRepository,
  RECEIVING_SILENT_AFTER_MS,
  type Actor,
  type DeliveryImport,
  type RejectedFile,
  type StagingLoad,
} from '@ol/persistence';
import type { Readable } from 'node:stream';
import { ProblemException } from '../../common/problems/problem';
import { importRejected, importRunning } from './import-problems';
import { ErrorSink, storableRowError, visibleNul } from './csv/delivery-rows';
import {
  MalformedCsvError,
  PayloadTooLargeError,
  readDeliveryCsv,
  type ReadOptions,
  type ReadResult,
} from './csv/import-stream';

/** Row errors kept on an import and returned (error_count counts them all). */
export const IMPORT_ERROR_CAP = 1000;
/** How often a receiving import reports that its upload is alive. */
const HEARTBEAT_MS = 5_000;

/** The API's limits on an upload. */
export interface ReceiveLimits {
  maxBytes: number;
  sliceRows: number;
}

/** The file's name and declared size (Content-Length), when sent. */
export interface UploadedFile {
  fileName: string | null;
  expectedBytes: number | null;
}

/** One upload being received: its import, who sends it, and what is known so far. */
interface Upload {
  partnershipId: string;
  importId: string;
  actor: Actor;
  limits: ReceiveLimits;
  /** File bytes received so far (the heartbeat and each staged slice record them). */
  bytes: number;
  /** Whether the commit job was enqueued during the upload. */
  enqueued: boolean;
}

/** What the rows are checked against. */
type RowRules = Pick<ReadOptions, 'outcomeIds' | 'period'>;

/**
 * Receives a delivery CSV for an allowed provider: streams it, checks every row and stages the
 * valid ones with COPY, slice by slice. The worker's commit job starts once the first slice is
 * staged and moves slices in its one transaction while the file still streams; it commits only
 * once the import is marked queued here (whole file received, every row valid). All-or-nothing:
 * one bad row marks the file rejected, and the worker's transaction rolls back.
 */
@Injectable()
export class ImportReceiver {
  private readonly logger = new Logger(ImportReceiver.name);

  constructor(
    private readonly imports: DeliveryImportRepository,
    private readonly partnerships: PartnershipRepository,
    private readonly audit: AuditRepository,
    private readonly jobs: JobProducer,
    private readonly db: Db,
  ) {}

  /**
   * Opens the import (receiving), stages the file while the worker starts moving it, then
   * rejects it (row errors: the problem is thrown) or queues it for the commit.
   */
  async receive(
    partnershipId: string,
    providerOrgId: string,
    actor: Actor,
    file: UploadedFile,
    body: Readable,
    limits: ReceiveLimits,
  ): Promise<DeliveryImport> {
    const rules = await this.rowRules(partnershipId);
    const created = await this.createReceiving(partnershipId, providerOrgId, actor, file);
    const upload: Upload = {
      partnershipId,
      importId: created.id,
      actor,
      limits,
      bytes: 0,
      enqueued: false,
    };
    const result = await this.stageFile(upload, body, rules);
    if (result.errors.count > 0 || result.rows === 0) throw await this.rejectRows(upload, result);
    await this.refuseClosedQuarters(upload, result);
    await this.queue(upload, { providerOrgId, fileName: file.fileName }, result);
    // The answer shows the import as queued, or already further along when the worker was
    // moving slices during the upload.
    const queued = (await this.imports.find(partnershipId, upload.importId))!;
    // The queued row is the promise: if Redis is away now, the worker's reconciler gives the
    // import its commit job once Redis is back.
    if (!upload.enqueued) await this.enqueueCommit(partnershipId, upload.importId);
    return queued;
  }

  /** What each row is checked against: the partnership's outcomes and its term. */
  private async rowRules(partnershipId: string): Promise<RowRules> {
    const partnership = (await this.partnerships.findById(partnershipId))!;
    const outcomeIds = await this.imports.activeOutcomeIdsByCode(partnershipId);
    return {
      outcomeIds,
      period: {
        start: partnership.startDate,
        end: partnership.endDate,
        latest: latestActivityDate(new Date().toISOString().slice(0, 10)),
      },
    };
  }

  /**
   * Streams the file into staging, slice by slice, keeping the import's heartbeat fresh; the
   * commit job is enqueued once the first slice is staged. Repeated external references are
   * confirmed against the staged rows. A broken upload fails (or rejects) the import.
   */
  private async stageFile(upload: Upload, body: Readable, rules: RowRules): Promise<ReadResult> {
    const { partnershipId, importId } = upload;
    const errors = new ErrorSink(IMPORT_ERROR_CAP);
    const suspects = new Set<string>();
    let staging: StagingLoad | undefined;
    const heartbeat = setInterval(() => {
      this.imports.touchReceiving(partnershipId, importId, upload.bytes).catch(() => undefined);
    }, HEARTBEAT_MS);
    heartbeat.unref();
    try {
      staging = await this.imports.openStaging(partnershipId, importId, {
        sliceRows: upload.limits.sliceRows,
        progress: () => ({ bytes: upload.bytes, errors: errors.count, repeats: suspects.size }),
        // The worker starts moving slices while the rest of the file streams in.
        onSlice: async (slice) => {
          if (slice === 1) upload.enqueued = await this.enqueueCommit(partnershipId, importId);
        },
      });
      const result = await readDeliveryCsv(body, {
        maxBytes: upload.limits.maxBytes,
        errorCap: IMPORT_ERROR_CAP,
        errors,
        suspects,
        ...rules,
        copy: staging,
        onBytes: (total) => (upload.bytes = total),
      });
      await staging.end();
      await this.confirmDuplicates(staging, result);
      return result;
    } catch (error) {
      clearInterval(heartbeat);
      await staging?.abort(error as Error);
      return this.failReceiving(upload, error);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Adds a row error for each repeat the hash filter suspected and the staged rows confirm. */
  private async confirmDuplicates(staging: StagingLoad, result: ReadResult): Promise<void> {
    if (result.suspectedDuplicates.length === 0) return;
    const duplicates = await this.imports.duplicateRefs(
      staging,
      result.suspectedDuplicates,
      IMPORT_ERROR_CAP,
    );
    for (const d of duplicates.items) {
      result.errors.add({
        row: d.line,
        field: 'external_ref',
        value: d.externalRef,
        reason: `repeats the external_ref of row ${d.firstLine} (each must be unique in the file)`,
      });
    }
    // Repeats beyond the cap still count.
    result.errors.count += Math.max(0, duplicates.count - duplicates.items.length);
  }

  /** The file had row errors (or no data rows): the import is rejected, nothing inserted. */
  private rejectRows(upload: Upload, result: ReadResult): Promise<ProblemException> {
    if (result.errors.count === 0) {
      result.errors.add({ row: null, field: 'file', reason: 'has a header but no data rows' });
    }
    const errors = [...result.errors.kept]
      .sort((a, b) => (a.row ?? 0) - (b.row ?? 0))
      .slice(0, IMPORT_ERROR_CAP);
    return this.reject(upload, {
      totalRows: result.rows,
      bytesReceived: result.bytes,
      errorCount: result.errors.count,
      errors,
      reason: `${result.errors.count} row error(s); nothing was imported`,
    });
  }

  /**
   * A valid file with rows dated in quarters the partnership has closed is rejected whole (409
   * period-locked naming them; nothing inserted). The commit checks again under the partnership's
   * period lock, for a quarter closed while the import waits.
   */
  private async refuseClosedQuarters(upload: Upload, result: ReadResult): Promise<void> {
    const closed = await this.imports.closedQuartersStaged(upload.partnershipId, upload.importId);
    if (closed.length === 0) return;
    const labels = closed.map((q) => q.label);
    const refused = ProblemException.periodLocked(labels, 'The file');
    await this.reject(upload, {
      totalRows: result.rows,
      bytesReceived: result.bytes,
      errorCount: 0,
      errors: [],
      reason: refused.problem.detail!,
    });
    const problem = { ...refused.problem, importId: upload.importId };
    throw new ProblemException(problem);
  }

  /**
   * receiving → queued, audited: the whole file is received and valid, so the worker's
   * transaction may commit. An import abandoned meanwhile answers 409.
   */
  private async queue(
    upload: Upload,
    file: { providerOrgId: string; fileName: string | null },
    result: ReadResult,
  ): Promise<void> {
    const { partnershipId, importId } = upload;
    const queuedNow = await this.db.transaction(async () => {
      const counts = { totalRows: result.rows, bytesReceived: result.bytes };
      if (!(await this.imports.markQueued(partnershipId, importId, counts))) return false;
      await this.audit.record(partnershipId, upload.actor, {
        action: 'delivery_import.received',
        entityType: 'delivery_import',
        entityId: importId,
        details: {
          providerOrganisationId: file.providerOrgId,
          fileName: file.fileName,
          totalRows: result.rows,
          bytes: result.bytes,
        },
      });
      return true;
    });
    if (!queuedNow) {
      await this.imports.dropStaging(importId);
      throw ProblemException.conflict('The import was abandoned while the file was received.');
    }
  }

  /** Drops an import's staged slices; a failure is logged, not thrown (the worker sweeps them). */
  private async dropStagingQuietly(importId: string): Promise<void> {
    await this.imports.dropStaging(importId).catch((e: unknown) => {
      this.logger.error({ err: e, importId }, 'could not drop the staging slices');
    });
  }

  /**
   * Enqueues the commit job (deterministic id: at most one per import), bounded by the Redis
   * timeout; false if Redis failed (logged; the reconciler enqueues it later).
   */
  private async enqueueCommit(partnershipId: string, importId: string): Promise<boolean> {
    try {
      await this.jobs.enqueue(
        JobName.CommitDeliveryImport,
        { partnershipId, importId },
        { jobId: commitJobId(importId) },
      );
      return true;
    } catch (error) {
      this.logger.warn(
        { err: error, importId },
        'could not enqueue the import; the reconciler will',
      );
      return false;
    }
  }

  private async createReceiving(
    partnershipId: string,
    providerOrgId: string,
    actor: Actor,
    file: UploadedFile,
  ): Promise<DeliveryImport> {
    const data = { providerOrgId, createdBy: actor.userId, ...file };
    let created = await this.imports.createReceiving(partnershipId, data);
    if (!created) {
      const abandoned = await this.imports.abandonStaleReceiving(
        partnershipId,
        providerOrgId,
        RECEIVING_SILENT_AFTER_MS,
      );
      for (const id of abandoned) await this.dropStagingQuietly(id);
      if (abandoned.length > 0) created = await this.imports.createReceiving(partnershipId, data);
    }
    if (!created) {
      const active = await this.imports.findActive(partnershipId, providerOrgId);
      throw importRunning(active?.id);
    }
    return created;
  }

  /**
   * The upload broke off, was too large, or the import stopped receiving: the import records
   * why (so a commit in progress rolls back) and its staged slices are dropped.
   */
  private async failReceiving(upload: Upload, error: unknown): Promise<never> {
    const { partnershipId, importId } = upload;
    if (error instanceof PayloadTooLargeError || error instanceof MalformedCsvError) {
      throw await this.reject(upload, {
        totalRows: 0,
        bytesReceived: upload.bytes,
        errorCount: 1,
        errors: [{ row: null, field: 'file', reason: error.message }],
        reason: error.message,
        ...(error instanceof PayloadTooLargeError ? { status: HttpStatus.PAYLOAD_TOO_LARGE } : {}),
      });
    }
    const reason =
      error instanceof Error && /aborted|ECONNRESET|premature close/i.test(error.message)
        ? 'The upload was interrupted before the whole file arrived.'
        : 'The file could not be received.';
    await this.imports.markFailed(partnershipId, importId, reason).catch(() => false);
    await this.dropStagingQuietly(importId);
    if (error instanceof ImportNoLongerReceivingError) {
      throw ProblemException.conflict(
        'The import was abandoned or failed while the file was received.',
      );
    }
    throw error;
  }

  /** Marks the import rejected, audits it, and returns the problem to answer with. */
  private async reject(
    upload: Upload,
    outcome: RejectedFile & { status?: number },
  ): Promise<ProblemException> {
    const { partnershipId, importId } = upload;
    outcome = {
      ...outcome,
      errors: outcome.errors.map(storableRowError),
      reason: visibleNul(outcome.reason),
    };
    await this.imports.markRejected(partnershipId, importId, outcome);
    // Rejected: a commit moving slices rolls back (nothing inserted); its slices go. (If the drop
    // fails, e.g. waiting for that commit's lock, the worker drops them when it rolls back: the
    // provider still gets the 422 with the row errors.)
    await this.dropStagingQuietly(importId);
    await this.audit.record(partnershipId, upload.actor, {
      action: 'delivery_import.rejected',
      entityType: 'delivery_import',
      entityId: importId,
      details: {
        totalRows: outcome.totalRows,
        errorCount: outcome.errorCount,
        reason: outcome.reason,
      },
    });
    return importRejected(importId, outcome);
  }
}
