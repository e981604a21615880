import { Injectable } from '@nestjs/common';
import { ACTIVE_IMPORT_STATUSES } from '@ol/outcomes';
import { Pool } from 'pg';
import { Db } from '../../db';
import { PrismaService } from '../../prisma.service';
import { Prisma, type DeliveryImport } from '../../prisma-client';
import type { PageRequest, Paged } from '../paging';
import type { LockedQuarter } from '../period-lock.repository';
import { StagedCommit } from './commit';
import { closedQuartersInSlices } from './period-locks';
import { ImportStaging } from './staging';
import type { StagingLoad, StagingOptions } from './staging-load';
import { isActiveSql, movableInto } from './status-sql';
import { ImportSweep } from './sweep';
import type {
  CommitOptions,
  CommitResult,
  DeliveryImportFilter,
  DuplicateRef,
  NewDeliveryImport,
  RejectedFile,
} from './types';

/** A receiving import silent this long belongs to a process that died mid-upload. */
export const RECEIVING_SILENT_AFTER_MS = 2 * 60_000;

/**
 * Delivery imports: the import rows and their status moves (guarded by libs/outcomes' transition
 * table), their staging tables in schema `ol_staging` ({@link ImportStaging}), the move of staged
 * rows into delivery_records ({@link StagedCommit}) and the safety nets ({@link ImportSweep}).
 * Bulk paths use the process's one pg pool (the same one Prisma runs on).
 */
@Injectable()
export class DeliveryImportRepository {
  private readonly staging: ImportStaging;
  private readonly sweep: ImportSweep;
  private readonly commit: StagedCommit;

  constructor(
    private readonly db: Db,
    prisma: PrismaService,
    pool: Pool,
  ) {
    this.staging = new ImportStaging(db, pool);
    this.sweep = new ImportSweep(db, this.staging);
    this.commit = new StagedCommit(prisma, (partnershipId, id) =>
      this.markRunning(partnershipId, id),
    );
  }

  /**
   * Creates an import in state `receiving`, unless the provider already has an active one (the
   * partial unique index allows one): then null.
   */
  async createReceiving(
    partnershipId: string,
    data: NewDeliveryImport,
  ): Promise<DeliveryImport | null> {
    const rows = await this.db.client.$queryRaw<{ id: string }[]>`
      INSERT INTO delivery_imports (partnership_id, provider_org_id, created_by, file_name, expected_bytes)
      VALUES (${partnershipId}::uuid, ${data.providerOrgId}::uuid, ${data.createdBy}::uuid, ${data.fileName},
              ${data.expectedBytes ?? null}::bigint)
      ON CONFLICT (partnership_id, provider_org_id) WHERE ${isActiveSql()}
      DO NOTHING
      RETURNING id::text AS id`;
    return rows.length === 1 ? this.find(partnershipId, rows[0].id) : null;
  }

  /** The provider's import that is receiving, queued or running, if any. */
  findActive(partnershipId: string, providerOrgId: string): Promise<DeliveryImport | null> {
    return this.db.client.deliveryImport.findFirst({
      where: { partnershipId, providerOrgId, status: { in: [...ACTIVE_IMPORT_STATUSES] } },
    });
  }

  find(partnershipId: string, id: string): Promise<DeliveryImport | null> {
    return this.db.client.deliveryImport.findUnique({
      where: { partnershipId_id: { partnershipId, id } },
    });
  }

  async list(
    partnershipId: string,
    filter: DeliveryImportFilter,
    page: PageRequest,
  ): Promise<Paged<DeliveryImport>> {
    const where: Prisma.DeliveryImportWhereInput = {
      partnershipId,
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.providerOrgIds ? { providerOrgId: { in: filter.providerOrgIds } } : {}),
    };
    const [items, total] = await Promise.all([
      this.db.client.deliveryImport.findMany({
        where,
        // The row errors can be large; lists leave them out.
        omit: { errors: true },
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        take: page.limit,
        skip: page.offset,
      }),
      this.db.client.deliveryImport.count({ where }),
    ]);
    return { items: items.map((i) => ({ ...i, errors: [] })), total };
  }

  /** code → id of the partnership's outcomes that are not archived. */
  async activeOutcomeIdsByCode(partnershipId: string): Promise<Map<string, string>> {
    const rows = await this.db.client.$queryRaw<{ code: string; id: string }[]>`
      SELECT code, id::text AS id FROM outcomes
       WHERE partnership_id = ${partnershipId}::uuid AND archived_at IS NULL`;
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  /** Keeps a receiving import's heartbeat (bytes so far) fresh. */
  async touchReceiving(partnershipId: string, id: string, bytesReceived: number): Promise<void> {
    await this.db.client.$executeRaw`
      UPDATE delivery_imports SET bytes_received = ${bytesReceived}, updated_at = now()
       WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid AND status = 'receiving'`;
  }

  /** receiving → queued, once the file is staged; false if the import is no longer receiving. */
  async markQueued(
    partnershipId: string,
    id: string,
    counts: { totalRows: number; bytesReceived: number },
  ): Promise<boolean> {
    const n = await this.db.client.$executeRaw`
      UPDATE delivery_imports
         SET status = 'queued', total_rows = ${counts.totalRows}, bytes_received = ${counts.bytesReceived},
             updated_at = now()
       WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid AND ${movableInto('queued')}`;
    return n === 1;
  }

  /** The file was refused (bad rows, bad header, too large): nothing was or will be inserted. */
  async markRejected(
    partnershipId: string,
    id: string,
    outcome: RejectedFile,
  ): Promise<DeliveryImport> {
    await this.db.client.$executeRaw`
      UPDATE delivery_imports
         SET status = 'rejected', total_rows = ${outcome.totalRows},
             bytes_received = ${outcome.bytesReceived}, error_count = ${outcome.errorCount},
             errors = ${JSON.stringify(outcome.errors)}::jsonb, failure_reason = ${outcome.reason},
             finished_at = now(), updated_at = now()
       WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid AND ${movableInto('rejected')}`;
    return (await this.find(partnershipId, id))!;
  }

  /** Processing failed for good (upload broke off, last job attempt failed). */
  async markFailed(partnershipId: string, id: string, reason: string): Promise<boolean> {
    const n = await this.db.client.$executeRaw`
      UPDATE delivery_imports
         SET status = 'failed', failure_reason = ${reason.slice(0, 2000)}, finished_at = now(),
             updated_at = now()
       WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid
         AND ${movableInto('failed')}`;
    return n === 1;
  }

  /** queued → running (a retry finds it running already). */
  async markRunning(partnershipId: string, id: string): Promise<boolean> {
    const n = await this.db.client.$executeRaw`
      UPDATE delivery_imports SET status = 'running', updated_at = now()
       WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid
         AND ${movableInto('running')}`;
    return n === 1;
  }

  /** Progress of a running import, written outside the move's transaction so pollers see it. */
  async setPercent(partnershipId: string, id: string, percent: number): Promise<void> {
    await this.db.client.$executeRaw`
      UPDATE delivery_imports
         SET percent_done = GREATEST(percent_done, ${Math.max(0, Math.min(99, Math.floor(percent)))}),
             updated_at = now()
       WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid
         AND ${isActiveSql()}`;
  }

  // Staging (see ImportStaging).

  openStaging(
    partnershipId: string,
    importId: string,
    options: StagingOptions,
  ): Promise<StagingLoad> {
    return this.staging.open(partnershipId, importId, options);
  }

  duplicateRefs(
    load: StagingLoad,
    suspects: string[],
    cap: number,
  ): Promise<{ count: number; items: DuplicateRef[] }> {
    return this.staging.duplicateRefs(load, suspects, cap);
  }

  stagedSlices(importId: string): Promise<string[]> {
    return this.staging.slices(importId);
  }

  /** The partnership's closed quarters that the import's staged rows are dated in. */
  async closedQuartersStaged(partnershipId: string, importId: string): Promise<LockedQuarter[]> {
    return closedQuartersInSlices(
      this.db.client,
      partnershipId,
      await this.staging.slices(importId),
    );
  }

  dropStaging(importId: string): Promise<void> {
    return this.staging.drop(importId);
  }

  // The commit (see StagedCommit).

  commitStaged(
    partnershipId: string,
    importId: string,
    options: CommitOptions,
  ): Promise<CommitResult> {
    return this.commit.run(partnershipId, importId, options);
  }

  // Safety nets (see ImportSweep).

  /** Fails the provider's silent upload, so it no longer blocks the provider. */
  abandonStaleReceiving(
    partnershipId: string,
    providerOrgId: string,
    silentForMs: number,
  ): Promise<string[]> {
    return this.sweep.failSilentUploads(
      silentForMs,
      Prisma.sql`partnership_id = ${partnershipId}::uuid AND provider_org_id = ${providerOrgId}::uuid`,
    );
  }

  /** Fails this import if it is still receiving but its upload has been silent too long. */
  async abandonIfSilent(partnershipId: string, id: string, silentForMs: number): Promise<boolean> {
    const failed = await this.sweep.failSilentUploads(
      silentForMs,
      Prisma.sql`partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid`,
    );
    return failed.length === 1;
  }

  sweepAbandoned(silentForMs: number): Promise<{ failed: number; dropped: number }> {
    return this.sweep.sweepAbandoned(silentForMs);
  }

  waitingForCommit(quietForMs: number): Promise<{ partnershipId: string; id: string }[]> {
    return this.sweep.waitingForCommit(quietForMs);
  }
}
