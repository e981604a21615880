import { Injectable } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import { CopyBatcher } from '../bulk/copy-stream';
import { Db } from '../db';
import { PrismaService } from '../prisma.service';
import type { DeliveryImport, ImportStatus, Prisma } from '../prisma-client';
import type { Actor } from './audit.repository';
import type { PageRequest, Paged } from './paging';

export interface NewDeliveryImport {
  providerOrgId: string;
  createdBy: string | null;
  fileName: string | null;
}

export interface DeliveryImportFilter {
  status?: ImportStatus;
  /** Restrict to these provider organisations (a provider sees only its own). */
  providerOrgIds?: string[];
}

/** One rejected row (or the header, `row` null): where, what was sent, and why. */
export interface ImportRowError {
  row: number | null;
  field: string;
  value?: string;
  reason: string;
}

export interface DuplicateRef {
  /** Data row number of the repeat. */
  line: number;
  externalRef: string;
  /** Data row number where the reference first appears. */
  firstLine: number;
}

export interface CommitResult {
  totalRows: number;
  insertedRows: number;
  duplicateRows: number;
  /** True when an earlier run had already committed the import (nothing was done now). */
  alreadyCompleted: boolean;
}

/** Columns of a staging table, in COPY order. */
export const STAGING_COLUMNS = [
  'line',
  'outcome_id',
  'activity_date',
  'quantity',
  'external_ref',
  'evidence_ref',
  'evidence_grade',
] as const;

const ACTIVE: ImportStatus[] = ['receiving', 'queued', 'running'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `ol_staging.import_<uuid without dashes>`: the per-import UNLOGGED staging table. */
export function stagingTableOf(importId: string): string {
  if (!UUID.test(importId)) throw new Error(`not an import id: ${importId}`);
  return `ol_staging.import_${importId.replace(/-/g, '').toLowerCase()}`;
}

/**
 * A staging load in progress: an open transaction on one pooled connection that created the
 * staging table and streams rows into it with COPY. Rolling back drops the table with
 * everything in it; committing keeps it for the worker.
 */
export class StagingLoad {
  readonly copy: CopyBatcher;
  private done = false;

  constructor(
    private readonly client: PoolClient,
    readonly table: string,
  ) {
    // FREEZE: the table was created in this transaction, so rows are written already frozen and
    // the worker's scan sets no hint bits.
    this.copy = new CopyBatcher(
      client,
      `COPY ${table} (${STAGING_COLUMNS.join(', ')}) FROM STDIN WITH (FREEZE)`,
    );
  }

  /**
   * External references that occur more than once among the staged rows (each repeat after the
   * first), limited to `suspects` (found by the caller's hash filter) and capped at `cap` rows.
   */
  async duplicateRefs(
    suspects: string[],
    cap: number,
  ): Promise<{ count: number; items: DuplicateRef[] }> {
    const { rows } = await this.client.query<{
      line: number;
      external_ref: string;
      first_line: number;
      total: string;
    }>(
      `SELECT line, external_ref, first_line, count(*) OVER () AS total
         FROM (SELECT line, external_ref, min(line) OVER (PARTITION BY external_ref) AS first_line
                 FROM ${this.table} WHERE external_ref = ANY($1::text[])) d
        WHERE line <> first_line
        ORDER BY line
        LIMIT $2`,
      [suspects, cap],
    );
    return {
      count: rows.length > 0 ? Number(rows[0].total) : 0,
      items: rows.map((r) => ({
        line: r.line,
        externalRef: r.external_ref,
        firstLine: r.first_line,
      })),
    };
  }

  async commit(): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      await this.client.query('COMMIT');
      this.client.release();
    } catch (e) {
      this.client.release(e as Error);
      throw e;
    }
  }

  /** Abandons the load: the staging table and its rows go with the transaction. */
  async rollback(reason: Error = new Error('staging load abandoned')): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      await this.copy.abort(reason);
      await this.client.query('ROLLBACK');
      this.client.release();
    } catch (e) {
      // A connection in an unknown state is closed rather than returned to the pool.
      this.client.release(e as Error);
    }
  }
}

/**
 * Delivery imports: the import rows (state, counts, row errors), their staging tables in schema
 * `ol_staging`, and the move of staged rows into delivery_records. Bulk paths use the process's
 * one pg pool (the same one Prisma runs on).
 */
@Injectable()
export class DeliveryImportRepository {
  constructor(
    private readonly db: Db,
    private readonly prisma: PrismaService,
    private readonly pool: Pool,
  ) {}

  /**
   * Creates an import in state `receiving`, unless the provider already has one receiving,
   * queued or running (the partial unique index allows one): then null.
   */
  async createReceiving(
    partnershipId: string,
    data: NewDeliveryImport,
  ): Promise<DeliveryImport | null> {
    const rows = await this.db.client.$queryRaw<{ id: string }[]>`
      INSERT INTO delivery_imports (partnership_id, provider_org_id, created_by, file_name)
      VALUES (${partnershipId}::uuid, ${data.providerOrgId}::uuid, ${data.createdBy}::uuid, ${data.fileName})
      ON CONFLICT (partnership_id, provider_org_id) WHERE status IN ('receiving', 'queued', 'running')
      DO NOTHING
      RETURNING id::text AS id`;
    return rows.length === 1 ? this.find(partnershipId, rows[0].id) : null;
  }

  /** The provider's import that is receiving, queued or running, if any. */
  findActive(partnershipId: string, providerOrgId: string): Promise<DeliveryImport | null> {
    return this.db.client.deliveryImport.findFirst({
      where: { partnershipId, providerOrgId, status: { in: ACTIVE } },
    });
  }

  /**
   * Marks failed an upload whose receiving process stopped reporting (it died mid-upload): its
   * staging transaction is gone with the connection, and it must not block the provider.
   */
  async abandonStaleReceiving(
    partnershipId: string,
    providerOrgId: string,
    silentSince: Date,
  ): Promise<number> {
    return this.db.client.$executeRaw`
      UPDATE delivery_imports
         SET status = 'failed', failure_reason = 'The upload stopped before the file was received.',
             finished_at = now(), updated_at = now()
       WHERE partnership_id = ${partnershipId}::uuid AND provider_org_id = ${providerOrgId}::uuid
         AND status = 'receiving' AND updated_at < ${silentSince}`;
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

  /**
   * Opens the staging load of an import: a transaction on its own pooled connection (no
   * statement timeout: the COPY lasts as long as the upload) that creates the UNLOGGED table.
   */
  async openStaging(importId: string): Promise<StagingLoad> {
    const table = stagingTableOf(importId);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL statement_timeout = 0');
      await client.query(
        `CREATE UNLOGGED TABLE ${table} (
           line           integer NOT NULL,
           outcome_id     uuid NOT NULL,
           activity_date  date NOT NULL,
           quantity       numeric(18, 4) NOT NULL,
           external_ref   text NOT NULL,
           evidence_ref   text,
           evidence_grade evidence_grade NOT NULL
         ) WITH (autovacuum_enabled = false)`,
      );
      return new StagingLoad(client, table);
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release(e as Error);
      throw e;
    }
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
       WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid AND status = 'receiving'`;
    return n === 1;
  }

  /** The file was refused (bad rows, bad header, too large): nothing was or will be inserted. */
  async markRejected(
    partnershipId: string,
    id: string,
    outcome: {
      totalRows: number;
      bytesReceived: number;
      errorCount: number;
      errors: ImportRowError[];
      reason: string;
    },
  ): Promise<DeliveryImport> {
    await this.db.client.$executeRaw`
      UPDATE delivery_imports
         SET status = 'rejected', total_rows = ${outcome.totalRows},
             bytes_received = ${outcome.bytesReceived}, error_count = ${outcome.errorCount},
             errors = ${JSON.stringify(outcome.errors)}::jsonb, failure_reason = ${outcome.reason},
             finished_at = now(), updated_at = now()
       WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid AND status = 'receiving'`;
    return (await this.find(partnershipId, id))!;
  }

  /** Processing failed for good (upload broke off, last job attempt failed). */
  async markFailed(partnershipId: string, id: string, reason: string): Promise<boolean> {
    const n = await this.db.client.$executeRaw`
      UPDATE delivery_imports
         SET status = 'failed', failure_reason = ${reason.slice(0, 2000)}, finished_at = now(),
             updated_at = now()
       WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid
         AND status IN ('receiving', 'queued', 'running')`;
    return n === 1;
  }

  /** queued → running (a retry finds it running already). */
  async markRunning(partnershipId: string, id: string): Promise<boolean> {
    const n = await this.db.client.$executeRaw`
      UPDATE delivery_imports SET status = 'running', updated_at = now()
       WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid
         AND status IN ('queued', 'running')`;
    return n === 1;
  }

  /** Progress of a running import, written outside the move's transaction so pollers see it. */
  async setPercent(partnershipId: string, id: string, percent: number): Promise<void> {
    await this.db.client.$executeRaw`
      UPDATE delivery_imports SET percent_done = ${Math.max(0, Math.min(99, Math.floor(percent)))},
             updated_at = now()
       WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid AND status = 'running'`;
  }

  async stagingExists(importId: string): Promise<boolean> {
    const rows = await this.db.client.$queryRawUnsafe<{ exists: boolean }[]>(
      `SELECT to_regclass($1) IS NOT NULL AS exists`,
      stagingTableOf(importId),
    );
    return rows[0]?.exists === true;
  }

  async dropStaging(importId: string): Promise<void> {
    await this.db.client.$executeRawUnsafe(`DROP TABLE IF EXISTS ${stagingTableOf(importId)}`);
  }

  /**
   * Moves a staged import into delivery_records in ONE transaction: INSERT ... SELECT in
   * `chunks` slices of the staging table's pages (so progress can be reported between them),
   * skipping rows whose external reference the provider already sent (idempotent re-send),
   * then marks the import completed, drops the staging table and records the audit event.
   * A second run after a commit finds the import completed and does nothing.
   */
  async commitStaged(
    partnershipId: string,
    importId: string,
    options: {
      chunks: number;
      actor: Actor;
      timeoutMs: number;
      onProgress?: (percent: number) => Promise<void>;
    },
  ): Promise<CommitResult> {
    const table = stagingTableOf(importId);
    return this.prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe('SET LOCAL statement_timeout = 0');
        const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
          SELECT pg_try_advisory_xact_lock(hashtext('delivery_import'), hashtext(${importId})) AS locked`;
        if (!lock.locked) throw new Error(`import ${importId} is being committed by another run`);
        const current = await tx.deliveryImport.findUnique({
          where: { partnershipId_id: { partnershipId, id: importId } },
        });
        if (!current) throw new Error(`import ${importId} does not exist`);
        if (current.status === 'completed') {
          return {
            totalRows: current.totalRows,
            insertedRows: current.insertedRows,
            duplicateRows: current.duplicateRows,
            alreadyCompleted: true,
          };
        }
        if (current.status !== 'queued' && current.status !== 'running') {
          throw new Error(`import ${importId} is ${current.status}; it cannot be committed`);
        }
        const [size] = await tx.$queryRawUnsafe<{ pages: number | null }[]>(
          `SELECT (pg_relation_size(to_regclass($1)) / current_setting('block_size')::int)::int AS pages`,
          table,
        );
        if (size?.pages === null || size === undefined) {
          throw new Error(`the staging table of import ${importId} is missing`);
        }
        const pages = size.pages;
        const chunks = Math.max(1, Math.min(options.chunks, pages));
        const setWise = await this.checkForeignKeysSetWise(tx, table, current);
        let inserted = 0;
        for (let i = 0; i < chunks; i++) {
          // TID range scans read just these pages of the (unindexed) staging table.
          const from = Math.floor((pages * i) / chunks);
          const to = Math.floor((pages * (i + 1)) / chunks);
          const range =
            i === chunks - 1
              ? `ctid >= '(${from},0)'::tid`
              : `ctid >= '(${from},0)'::tid AND ctid < '(${to},0)'::tid`;
          inserted += await tx.$executeRawUnsafe(
            `INSERT INTO delivery_records (partnership_id, outcome_id, provider_org_id, activity_date,
                quantity, evidence_ref, evidence_grade, external_ref, import_id, created_by)
             SELECT $1::uuid, outcome_id, $2::uuid, activity_date, quantity, evidence_ref,
                    evidence_grade, external_ref, $3::uuid, $4::uuid
               FROM ${table}
              WHERE ${range}
             ON CONFLICT (partnership_id, provider_org_id, external_ref) DO NOTHING`,
            partnershipId,
            current.providerOrgId,
            importId,
            current.createdBy,
          );
          if (options.onProgress && i < chunks - 1) {
            await options.onProgress(((i + 1) * 100) / chunks);
          }
        }
        if (setWise) await tx.$executeRawUnsafe('SET LOCAL session_replication_role = origin');
        const duplicates = current.totalRows - inserted;
        await tx.$executeRaw`
          UPDATE delivery_imports
             SET status = 'completed', inserted_rows = ${inserted}, duplicate_rows = ${duplicates},
                 percent_done = 100, finished_at = now(), updated_at = now()
           WHERE partnership_id = ${partnershipId}::uuid AND id = ${importId}::uuid`;
        await tx.$executeRawUnsafe(`DROP TABLE ${table}`);
        // The same row AuditRepository.record writes, in this transaction.
        await tx.auditEvent.create({
          data: {
            partnershipId,
            actorUserId: options.actor.userId,
            actorKeyId: options.actor.keyId,
            requestId: options.actor.requestId ?? null,
            action: 'delivery_import.completed',
            entityType: 'delivery_import',
            entityId: importId,
            details: {
              providerOrganisationId: current.providerOrgId,
              fileName: current.fileName,
              totalRows: current.totalRows,
              insertedRows: inserted,
              duplicateRows: duplicates,
            },
          },
        });
        return {
          totalRows: current.totalRows,
          insertedRows: inserted,
          duplicateRows: duplicates,
          alreadyCompleted: false,
        };
      },
      { maxWait: 10_000, timeout: options.timeoutMs },
    );
  }

  /**
   * The foreign keys of delivery_records cost one trigger query per key per row, about half the
   * time of a large move. Where the role may set `session_replication_role` (a superuser, or
   * `GRANT SET ON PARAMETER session_replication_role` on PostgreSQL 15+) and delivery_records
   * has no INSERT trigger of its own, the keys are checked once for the whole import instead:
   * the referenced rows are locked FOR KEY SHARE (as the per-row checks would) and counted, then
   * row triggers are switched off for the INSERTs only. Otherwise the per-row checks run.
   * Returns whether the set-wise path is taken.
   */
  private async checkForeignKeysSetWise(
    tx: Prisma.TransactionClient,
    table: string,
    current: DeliveryImport,
  ): Promise<boolean> {
    const [can] = await tx.$queryRawUnsafe<{ allowed: boolean; triggers: number }[]>(
      `SELECT current_setting('server_version_num')::int >= 150000
                AND has_parameter_privilege('session_replication_role', 'SET') AS allowed,
              (SELECT count(*)::int FROM pg_trigger
                WHERE tgrelid = 'delivery_records'::regclass AND NOT tgisinternal
                  AND (tgtype & 4) <> 0) AS triggers`,
    );
    if (!can?.allowed || can.triggers > 0) return false;
    const [{ distinct }] = await tx.$queryRawUnsafe<{ distinct: number }[]>(
      `SELECT count(DISTINCT outcome_id)::int AS distinct FROM ${table}`,
    );
    const outcomes = await tx.$queryRawUnsafe<unknown[]>(
      `SELECT o.id FROM outcomes o
        WHERE o.partnership_id = $1::uuid AND o.id IN (SELECT DISTINCT outcome_id FROM ${table})
        FOR KEY SHARE OF o`,
      current.partnershipId,
    );
    const parents = await tx.$queryRawUnsafe<{ org: number; imp: number; usr: number }[]>(
      `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM organisations WHERE id = $2::uuid FOR KEY SHARE) a) AS org,
              (SELECT count(*)::int FROM (SELECT 1 FROM delivery_imports
                 WHERE partnership_id = $1::uuid AND id = $3::uuid FOR KEY SHARE) b) AS imp,
              (SELECT count(*)::int FROM (SELECT 1 FROM users WHERE id = $4::uuid FOR KEY SHARE) c) AS usr`,
      current.partnershipId,
      current.providerOrgId,
      current.id,
      current.createdBy,
    );
    const p = parents[0];
    if (
      outcomes.length !== distinct ||
      p.org !== 1 ||
      p.imp !== 1 ||
      (current.createdBy !== null && p.usr !== 1)
    ) {
      // A referenced row is gone: let the per-row checks raise the usual foreign-key error.
      return false;
    }
    await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
    return true;
  }
}
