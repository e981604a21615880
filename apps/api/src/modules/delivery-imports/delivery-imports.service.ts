import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JobName, JobProducer, commitJobId } from '@ol/jobs';
import { latestActivityDate } from '@ol/outcomes';
import {
  AuditRepository,
  Db,
  DeliveryImportRepository,
  ImportNoLongerReceivingError,
  MemberRepository,
  PartnershipRepository,
  RECEIVING_SILENT_AFTER_MS,
  type Actor,
  type DeliveryImport,
  type ImportRowError,
  type Paged,
  type StagingLoad,
} from '@ol/persistence';
import { Readable } from 'node:stream';
import type { PartnershipAccess } from '../../common/auth/auth-context';
import { ProblemException, ProblemType } from '../../common/problems/problem';
import { ApiConfig } from '../../config/api.config';
import { ErrorSink, storableRowError, visibleNul } from './csv/delivery-rows';
import {
  MalformedCsvError,
  PayloadTooLargeError,
  readDeliveryCsv,
  type ReadResult,
} from './csv/import-stream';
import type {
  CreateDeliveryImportQuery,
  ListDeliveryImportsQuery,
} from './dto/delivery-import.dto';

/** Row errors kept on an import and returned (error_count counts them all). */
export const IMPORT_ERROR_CAP = 1000;
/** How often a receiving import reports that its upload is alive. */
const HEARTBEAT_MS = 5_000;
/** Roles that see every provider's imports. */
const READ_ALL_ROLES = ['admin', 'board', 'auditor', 'verifier'] as const;

export const ImportProblemType = {
  Rejected: '/problems/import-rejected',
  ImportRunning: '/problems/import-already-running',
} as const;

export { commitJobId };

const ymd = (d: Date): string => d.toISOString().slice(0, 10);

/**
 * Bulk delivery imports: receives a CSV as a stream, checks every row and stages the valid ones
 * with COPY, slice by slice. The worker's commit job starts once the first slice is staged and
 * moves slices in its one transaction while the file still streams; it commits only once the
 * import is marked queued here (whole file received, every row valid). All-or-nothing: one bad
 * row marks the file rejected, and the worker's transaction rolls back.
 */
@Injectable()
export class DeliveryImportsService {
  private readonly logger = new Logger(DeliveryImportsService.name);

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly imports: DeliveryImportRepository,
    private readonly members: MemberRepository,
    private readonly partnerships: PartnershipRepository,
    private readonly audit: AuditRepository,
    private readonly jobs: JobProducer,
    private readonly db: Db,
  ) {}

  /** The API's config is provided by AppModule (not exported), so it is looked up, once. */
  private get config(): ApiConfig {
    this.apiConfig ??= this.moduleRef.get(ApiConfig, { strict: false });
    return this.apiConfig;
  }
  private apiConfig?: ApiConfig;

  async receive(
    partnershipId: string,
    access: PartnershipAccess,
    actor: Actor,
    query: CreateDeliveryImportQuery,
    body: unknown,
    contentLength: string | undefined,
  ): Promise<DeliveryImport> {
    const providerOrgId = this.providerFor(access, query.providerOrganisationId);
    if (!(body instanceof Readable)) {
      throw new ProblemException({
        type: ProblemType.UnsupportedMediaType,
        title: 'Unsupported media type',
        status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        detail: 'Send the file as the request body with Content-Type: text/csv.',
      });
    }
    const declared = contentLength === undefined ? NaN : Number(contentLength);
    if (declared > this.config.IMPORT_MAX_BYTES) throw this.tooLarge(declared);
    if (!(await this.members.hasRole(partnershipId, providerOrgId, 'provider'))) {
      throw ProblemException.unprocessable(
        'The organisation is not a provider member of this partnership.',
        [
          {
            field: 'providerOrganisationId',
            value: providerOrgId,
            reason: 'must be a provider member of the partnership',
          },
        ],
      );
    }
    const partnership = (await this.partnerships.findById(partnershipId))!;
    const outcomeIds = await this.imports.activeOutcomeIdsByCode(partnershipId);

    const created = await this.createReceiving(partnershipId, providerOrgId, actor, {
      fileName: query.fileName ?? null,
      expectedBytes: Number.isSafeInteger(declared) ? declared : null,
    });
    const importId = created.id;
    const errors = new ErrorSink(IMPORT_ERROR_CAP);
    const suspects = new Set<string>();
    let staging: StagingLoad | undefined;
    let bytes = 0;
    let enqueued = false;
    const heartbeat = setInterval(() => {
      this.imports.touchReceiving(partnershipId, importId, bytes).catch(() => undefined);
    }, HEARTBEAT_MS);
    heartbeat.unref();
    let result: ReadResult;
    try {
      staging = await this.imports.openStaging(partnershipId, importId, {
        sliceRows: this.config.IMPORT_SLICE_ROWS,
        progress: () => ({ bytes, errors: errors.count, repeats: suspects.size }),
        // The worker starts moving slices while the rest of the file streams in.
        onSlice: async (slice) => {
          if (slice === 1) enqueued = await this.enqueueCommit(partnershipId, importId);
        },
      });
      result = await readDeliveryCsv(body, {
        maxBytes: this.config.IMPORT_MAX_BYTES,
        errorCap: IMPORT_ERROR_CAP,
        errors,
        suspects,
        outcomeIds,
        period: {
          start: ymd(partnership.startDate),
          end: ymd(partnership.endDate),
          latest: latestActivityDate(new Date().toISOString().slice(0, 10)),
        },
        copy: staging,
        onBytes: (total) => (bytes = total),
      });
      await staging.end();
      if (result.suspectedDuplicates.length > 0) {
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
    } catch (error) {
      clearInterval(heartbeat);
      await staging?.abort(error as Error);
      return this.failReceiving(partnershipId, importId, actor, error, bytes);
    } finally {
      clearInterval(heartbeat);
    }

    if (result.errors.count > 0 || result.rows === 0) {
      if (result.errors.count === 0) {
        result.errors.add({ row: null, field: 'file', reason: 'has a header but no data rows' });
      }
      const errors = [...result.errors.kept]
        .sort((a, b) => (a.row ?? 0) - (b.row ?? 0))
        .slice(0, IMPORT_ERROR_CAP);
      throw await this.reject(partnershipId, importId, actor, {
        totalRows: result.rows,
        bytesReceived: result.bytes,
        errorCount: result.errors.count,
        errors,
        reason: `${result.errors.count} row error(s); nothing was imported`,
      });
    }

    // Queued = the whole file is received and valid: the worker's transaction may commit.
    const queuedNow = await this.db.transaction(async () => {
      if (
        !(await this.imports.markQueued(partnershipId, importId, {
          totalRows: result.rows,
          bytesReceived: result.bytes,
        }))
      ) {
        return false;
      }
      await this.audit.record(partnershipId, actor, {
        action: 'delivery_import.received',
        entityType: 'delivery_import',
        entityId: importId,
        details: {
          providerOrganisationId: providerOrgId,
          fileName: query.fileName ?? null,
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
    // The answer shows the import as queued, or already further along when the worker was
    // moving slices during the upload.
    const queued = (await this.imports.find(partnershipId, importId))!;
    // The queued row is the promise: if Redis is away now, the worker's reconciler gives the
    // import its commit job once Redis is back.
    if (!enqueued) await this.enqueueCommit(partnershipId, importId);
    return queued;
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

  list(
    partnershipId: string,
    access: PartnershipAccess,
    query: ListDeliveryImportsQuery,
  ): Promise<Paged<DeliveryImport>> {
    const scope = this.visibleProviders(access);
    let providerOrgIds = scope;
    if (query.providerOrganisationId) {
      if (scope && !scope.includes(query.providerOrganisationId)) {
        throw ProblemException.forbidden('You may see only your own organisation’s imports.');
      }
      providerOrgIds = [query.providerOrganisationId];
    }
    return this.imports.list(partnershipId, { status: query.status, providerOrgIds }, query);
  }

  async get(partnershipId: string, access: PartnershipAccess, id: string): Promise<DeliveryImport> {
    const found = await this.imports.find(partnershipId, id);
    const scope = this.visibleProviders(access);
    if (!found || (scope && !scope.includes(found.providerOrgId))) {
      throw ProblemException.notFound('Delivery import');
    }
    return found;
  }

  /** undefined = every provider's imports; otherwise the caller's own organisations. */
  private visibleProviders(access: PartnershipAccess): string[] | undefined {
    if (
      access.isPlatformAdmin ||
      access.roles.some((r) => (READ_ALL_ROLES as readonly string[]).includes(r))
    ) {
      return undefined;
    }
    return access.providerOrganisationIds;
  }

  /** Which provider organisation the file is for, and whether the caller may import for it. */
  private providerFor(access: PartnershipAccess, requested: string | undefined): string {
    const anyProvider = access.isPlatformAdmin || access.roles.includes('admin');
    if (requested) {
      if (!anyProvider && !access.providerOrganisationIds.includes(requested)) {
        throw ProblemException.forbidden(
          'A provider may import delivery data only for its own organisation.',
        );
      }
      return requested;
    }
    if (access.providerOrganisationIds.length === 1) return access.providerOrganisationIds[0];
    throw ProblemException.validation([
      {
        field: 'providerOrganisationId',
        reason: 'is required unless you act for exactly one provider organisation',
      },
    ]);
  }

  private async createReceiving(
    partnershipId: string,
    providerOrgId: string,
    actor: Actor,
    file: { fileName: string | null; expectedBytes: number | null },
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
      const problem = {
        type: ImportProblemType.ImportRunning,
        title: 'Conflict',
        status: HttpStatus.CONFLICT,
        detail:
          'This provider already has an import in progress; wait until it completes (one at a time per provider).',
        activeImportId: active?.id,
      };
      throw new ProblemException(problem);
    }
    return created;
  }

  /**
   * The upload broke off, was too large, or the import stopped receiving: the import records
   * why (so a commit in progress rolls back) and its staged slices are dropped.
   */
  private async failReceiving(
    partnershipId: string,
    importId: string,
    actor: Actor,
    error: unknown,
    bytes: number,
  ): Promise<never> {
    if (error instanceof PayloadTooLargeError) {
      throw await this.reject(partnershipId, importId, actor, {
        totalRows: 0,
        bytesReceived: bytes,
        errorCount: 1,
        errors: [{ row: null, field: 'file', reason: error.message }],
        reason: error.message,
        status: HttpStatus.PAYLOAD_TOO_LARGE,
      });
    }
    if (error instanceof MalformedCsvError) {
      throw await this.reject(partnershipId, importId, actor, {
        totalRows: 0,
        bytesReceived: bytes,
        errorCount: 1,
        errors: [{ row: null, field: 'file', reason: error.message }],
        reason: error.message,
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
    partnershipId: string,
    importId: string,
    actor: Actor,
    outcome: {
      totalRows: number;
      bytesReceived: number;
      errorCount: number;
      errors: ImportRowError[];
      reason: string;
      status?: number;
    },
  ): Promise<ProblemException> {
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
    await this.audit.record(partnershipId, actor, {
      action: 'delivery_import.rejected',
      entityType: 'delivery_import',
      entityId: importId,
      details: {
        totalRows: outcome.totalRows,
        errorCount: outcome.errorCount,
        reason: outcome.reason,
      },
    });
    const tooLarge = outcome.status === HttpStatus.PAYLOAD_TOO_LARGE;
    const problem = {
      type: tooLarge ? ProblemType.PayloadTooLarge : ImportProblemType.Rejected,
      title: tooLarge ? 'Payload too large' : 'The file was rejected; nothing was imported',
      status: outcome.status ?? HttpStatus.UNPROCESSABLE_ENTITY,
      detail: tooLarge
        ? outcome.reason
        : `${outcome.errorCount} problem(s) found in the file; fix them and send the whole file again. ` +
          (outcome.errorCount > outcome.errors.length
            ? `The first ${outcome.errors.length} are listed.`
            : 'All are listed.'),
      importId,
      errorCount: outcome.errorCount,
      errors: outcome.errors.map((e) => ({ ...e, value: e.value })),
    };
    return new ProblemException(problem);
  }

  private tooLarge(bytes: number): ProblemException {
    return new ProblemException({
      type: ProblemType.PayloadTooLarge,
      title: 'Payload too large',
      status: HttpStatus.PAYLOAD_TOO_LARGE,
      detail: `The file (${bytes} bytes) is larger than the limit of ${this.config.IMPORT_MAX_BYTES} bytes.`,
    });
  }
}
