import { Injectable } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
import { CopyBatcher } from '../bulk/copy-stream';
import { Db } from '../db';
import { PrismaService } from '../prisma.service';
import { Prisma, type DeliveryImport, type ImportStatus } from '../prisma-client';
import type { Actor } from './audit.repository';
import type { PageRequest, Paged } from './paging';

export interface NewDeliveryImport {
  providerOrgId: string;
  createdBy: string | null;
  fileName: string | null;
  /** Content-Length of the upload, when sent. */
  expectedBytes?: number | null;
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

/** How often a commit waiting for its upload calls `onIdle`. */
const IDLE_CHECK_MS = 5_000;

/** A receiving import silent this long belongs to a process that died mid-upload. */
export const RECEIVING_SILENT_AFTER_MS = 2 * 60_000;

/** The import was rejected or failed (or abandoned) while the commit waited for it: roll back. */
export class ImportAbandonedError extends Error {}

/** A commit waiting for its upload gave up because its process is shutting down (rolled back). */
export class CommitInterruptedError extends Error {}

/** The import stopped receiving (failed, abandoned) while its file was still being staged. */
export class ImportNoLongerReceivingError extends Error {}

/** `ol_staging.import_<uuid without dashes>`: the prefix of an import's staging slices. */
export function stagingTableOf(importId: string): string {
  if (!UUID.test(importId)) throw new Error(`not an import id: ${importId}`);
  return `ol_staging.import_${importId.replace(/-/g, '').toLowerCase()}`;
}

/** `ol_staging.import_<id>_<n>`: the n-th (1-based) staged slice of an import. */
export function stagingSliceOf(importId: string, slice: number): string {
  if (!Number.isInteger(slice) || slice < 1) throw new Error(`not a slice number: ${slice}`);
  return `${stagingTableOf(importId)}_${slice}`;
}

/**
 * A staging load in progress, on one pooled connection held for the whole upload. Rows go by
 * COPY into slices of about `sliceRows` rows: each slice is an UNLOGGED table created, filled
 * (`COPY ... FREEZE`) and committed in its own transaction, together with the import's
 * `staged_slices` counter, so the worker may move it while the rest of the file still streams.
 * A slice is only published while the import is `receiving`.
 */
export class StagingLoad {
  private copy: CopyBatcher | undefined;
  private rowsInSlice = 0;
  private slice = 0;
  private done = false;

  constructor(
    private readonly client: PoolClient,
    private readonly partnershipId: string,
    private readonly importId: string,
    private readonly options: {
      sliceRows: number;
      /**
       * File bytes, row errors and repeated external references (as the hash filter sees them)
       * so far, recorded with each committed slice.
       */
      progress: () => { bytes: number; errors: number; repeats: number };
      /** Called after a slice is committed while the file still streams (not after the last). */
      onSlice?: (slice: number) => Promise<void>;
    },
  ) {}

  /** Slices committed so far. */
  get slices(): number {
    return this.slice;
  }

  /** Opens the first slice. */
  async start(): Promise<void> {
    await this.openSlice();
  }

  /**
   * Appends one formatted row (without its newline); returns true when the caller should
   * `flush()` (and wait for it) before going on: a full COPY batch or a full slice.
   */
  append(row: string): boolean {
    this.rowsInSlice++;
    return this.copy!.append(row) || this.rowsInSlice >= this.options.sliceRows;
  }

  /** Sends the batch; commits the slice (and opens the next) when it is full. */
  async flush(): Promise<void> {
    if (this.rowsInSlice >= this.options.sliceRows) {
      await this.commitSlice(true);
      await this.openSlice();
    } else {
      await this.copy!.flush();
    }
  }

  /** Commits the last slice (unless it is empty) and releases the connection. */
  async end(): Promise<void> {
    if (this.done) return;
    if (this.rowsInSlice > 0) await this.commitSlice(false);
    else await this.rollbackSlice();
    this.release();
  }

  /** Abandons the slice being written (committed slices stay: `dropStaging` removes them). */
  async abort(reason: Error = new Error('staging load abandoned')): Promise<void> {
    if (this.done) return;
    try {
      await this.copy?.abort(reason);
      await this.client.query('ROLLBACK');
      this.release();
    } catch (e) {
      // A connection in an unknown state is closed rather than returned to the pool.
      this.release(e as Error);
    }
  }

  /**
   * External references that occur more than once among the staged rows (each repeat after the
   * first), limited to `suspects` (found by the caller's hash filter) and capped at `cap` rows.
   */
  async duplicateRefs(
    pool: Pool,
    suspects: string[],
    cap: number,
  ): Promise<{ count: number; items: DuplicateRef[] }> {
    if (suspects.length === 0 || this.slice === 0) return { count: 0, items: [] };
    const staged = Array.from(
      { length: this.slice },
      (_, i) =>
        `SELECT line, external_ref FROM ${stagingSliceOf(this.importId, i + 1)} WHERE external_ref = ANY($1::text[])`,
    ).join(' UNION ALL ');
    const { rows } = await pool.query<{
      line: number;
      external_ref: string;
      first_line: number;
      total: string;
    }>(
      `SELECT line, external_ref, first_line, count(*) OVER () AS total
         FROM (SELECT line, external_ref, min(line) OVER (PARTITION BY external_ref) AS first_line
                 FROM (${staged}) s) d
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

  private async openSlice(): Promise<void> {
    const table = stagingSliceOf(this.importId, this.slice + 1);
    await this.client.query('BEGIN');
    await this.client.query('SET LOCAL statement_timeout = 0');
    await this.client.query(
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
    // FREEZE: the table was created in this transaction, so rows are written already frozen and
    // the worker's scan sets no hint bits.
    this.copy = new CopyBatcher(
      this.client,
      `COPY ${table} (${STAGING_COLUMNS.join(', ')}) FROM STDIN WITH (FREEZE)`,
    );
    this.rowsInSlice = 0;
  }

  private async commitSlice(midStream: boolean): Promise<void> {
    await this.copy!.end();
    const { bytes, errors, repeats } = this.options.progress();
    const n = this.slice + 1;
    const { rowCount } = await this.client.query(
      `UPDATE delivery_imports
          SET staged_slices = $3, staged_bytes = $4, bytes_received = GREATEST(bytes_received, $4),
              error_count = $5, repeated_refs = $6, updated_at = now()
        WHERE partnership_id = $1::uuid AND id = $2::uuid AND status = 'receiving'`,
      [this.partnershipId, this.importId, n, bytes, errors, repeats],
    );
    if (rowCount !== 1) {
      await this.client.query('ROLLBACK');
      this.copy = undefined;
      throw new ImportNoLongerReceivingError(
        `import ${this.importId} is no longer receiving its file`,
      );
    }
    await this.client.query('COMMIT');
    this.copy = undefined;
    this.slice = n;
    if (midStream) await this.options.onSlice?.(n);
  }

  private async rollbackSlice(): Promise<void> {
    await this.copy?.abort(new Error('empty slice'));
    await this.client.query('ROLLBACK');
    this.copy = undefined;
  }

  private release(error?: Error): void {
    if (this.done) return;
    this.done = true;
    this.client.release(error);
  }
}

/** What the commit sees of the upload at one moment (read in its transaction). */
interface UploadState {
  status: ImportStatus;
  staged_slices: number;
  staged_bytes: string;
  expected_bytes: string | null;
  error_count: number;
  repeated_refs: number;
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
      INSERT INTO delivery_imports (partnership_id, provider_org_id, created_by, file_name, expected_bytes)
      VALUES (${partnershipId}::uuid, ${data.providerOrgId}::uuid, ${data.createdBy}::uuid, ${data.fileName},
              ${data.expectedBytes ?? null}::bigint)
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
   * Marks failed the uploads (among `scope`) still receiving but silent for `silentForMs`: their
   * receiving process died mid-upload. Returns the ids marked. Their committed staging slices
   * stay until dropped ({@link dropStaging}); a commit run waiting for one sees it failed and
   * rolls back.
   */
  private async failSilentUploads(silentForMs: number, scope: Prisma.Sql): Promise<string[]> {
    const rows = await this.db.client.$queryRaw<{ id: string }[]>`
      UPDATE delivery_imports
         SET status = 'failed', failure_reason = 'The upload stopped before the file was received.',
             finished_at = now(), updated_at = now()
       WHERE status = 'receiving'
         AND updated_at < now() - make_interval(secs => ${silentForMs / 1000})
         AND ${scope}
      RETURNING id::text AS id`;
    return rows.map((r) => r.id);
  }

  /** Fails the provider's silent upload, so it no longer blocks the provider (see above). */
  abandonStaleReceiving(
    partnershipId: string,
    providerOrgId: string,
    silentForMs: number,
  ): Promise<string[]> {
    return this.failSilentUploads(
      silentForMs,
      Prisma.sql`partnership_id = ${partnershipId}::uuid AND provider_org_id = ${providerOrgId}::uuid`,
    );
  }

  /** Fails this import if it is still receiving but its upload has been silent too long. */
  async abandonIfSilent(partnershipId: string, id: string, silentForMs: number): Promise<boolean> {
    const failed = await this.failSilentUploads(
      silentForMs,
      Prisma.sql`partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid`,
    );
    return failed.length === 1;
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
   * Opens the staging load of an import on its own pooled connection (no statement timeout: a
   * slice's COPY lasts as long as the upload takes to deliver it) with its first slice.
   */
  async openStaging(
    partnershipId: string,
    importId: string,
    options: ConstructorParameters<typeof StagingLoad>[3],
  ): Promise<StagingLoad> {
    const client = await this.pool.connect();
    const load = new StagingLoad(client, partnershipId, importId, options);
    try {
      await load.start();
      return load;
    } catch (e) {
      await load.abort(e as Error);
      throw e;
    }
  }

  /** Confirms the repeats the hash filter flagged, against every staged slice. */
  duplicateRefs(
    load: StagingLoad,
    suspects: string[],
    cap: number,
  ): Promise<{ count: number; items: DuplicateRef[] }> {
    return load.duplicateRefs(this.pool, suspects, cap);
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
      UPDATE delivery_imports
         SET percent_done = GREATEST(percent_done, ${Math.max(0, Math.min(99, Math.floor(percent)))}),
             updated_at = now()
       WHERE partnership_id = ${partnershipId}::uuid AND id = ${id}::uuid
         AND status IN ('receiving', 'queued', 'running')`;
  }

  /** The staging slices of an import that exist (committed), lowest first. */
  async stagedSlices(importId: string): Promise<string[]> {
    const prefix = stagingTableOf(importId).slice('ol_staging.'.length);
    const rows = await this.db.client.$queryRawUnsafe<{ name: string }[]>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'ol_staging' AND c.relkind = 'r' AND c.relname ~ $1
        ORDER BY substring(c.relname from '_([0-9]+)$')::int`,
      `^${prefix}_[0-9]+$`,
    );
    return rows.map((r) => `ol_staging.${r.name}`);
  }

  /**
   * Safety net for uploads whose API process died (run now and then by the worker): marks failed
   * every import still receiving but silent for `silentForMs`, so it no longer blocks its
   * provider, and drops the staging slices of every import that is no longer active (or no longer
   * exists). Returns how many imports were failed and how many imports' slices were dropped.
   */
  async sweepAbandoned(silentForMs: number): Promise<{ failed: number; dropped: number }> {
    const failed = (await this.failSilentUploads(silentForMs, Prisma.sql`true`)).length;
    const orphans = await this.db.client.$queryRaw<{ id: string }[]>`
      SELECT DISTINCT s.hex AS id
        FROM (SELECT substring(c.relname from '^import_([0-9a-f]{32})_[0-9]+$') AS hex
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'ol_staging' AND c.relkind = 'r') AS s
       WHERE s.hex IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM delivery_imports i
                          WHERE replace(i.id::text, '-', '') = s.hex
                            AND i.status IN ('receiving', 'queued', 'running'))`;
    for (const { id } of orphans) {
      const uuid = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
      await this.dropStaging(uuid);
    }
    return { failed, dropped: orphans.length };
  }

  /**
   * Imports waiting for their commit (queued, or running) with no change for `quietForMs`: the
   * reconciler makes sure each has a commit job (a crash between queueing and enqueueing, or a
   * job lost from Redis, would otherwise leave it, and its provider, waiting for ever).
   */
  waitingForCommit(quietForMs: number): Promise<{ partnershipId: string; id: string }[]> {
    return this.db.client.$queryRaw<{ partnershipId: string; id: string }[]>`
      SELECT partnership_id::text AS "partnershipId", id::text AS id
        FROM delivery_imports
       WHERE status IN ('queued', 'running')
         AND updated_at < now() - make_interval(secs => ${quietForMs / 1000})
       ORDER BY updated_at
       LIMIT 500`;
  }

  /**
   * Drops an import's staging slices, the last first, one statement each: a commit
   * transaction still reading them (it rolls back once it sees the import rejected or failed)
   * is waited for slice by slice, never deadlocked with.
   */
  async dropStaging(importId: string): Promise<void> {
    for (const table of (await this.stagedSlices(importId)).reverse()) {
      await this.db.client.$executeRawUnsafe(`DROP TABLE IF EXISTS ${table}`);
    }
  }

  /**
   * Moves a staged import into delivery_records in ONE transaction, overlapping its upload: each
   * slice the API has committed to staging is moved (`INSERT ... SELECT`, skipping rows whose
   * external reference the provider already sent) as soon as it is seen, while the file still
   * streams in. The transaction commits only once the import is
   * `queued` (the whole file received and every row valid) and every slice moved: the import is
   * completed, the slices dropped and the audit event written in it. If the import is rejected
   * or fails meanwhile (or its upload falls silent), it rolls back with ImportAbandonedError and
   * nothing is inserted. A run after a commit finds the import completed and does nothing.
   */
  async commitStaged(
    partnershipId: string,
    importId: string,
    options: {
      actor: Actor;
      timeoutMs: number;
      /** How often to look for new slices while the upload streams. */
      pollMs: number;
      onProgress?: (percent: number) => Promise<void>;
      /** Called now and then while waiting for the upload (e.g. to give up a silent one). */
      onIdle?: () => Promise<unknown>;
      /** Asked while waiting for the upload: true stops the commit (CommitInterruptedError). */
      shouldStop?: () => boolean;
    },
  ): Promise<CommitResult> {
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
        if (!ACTIVE.includes(current.status)) {
          throw new ImportAbandonedError(`import ${importId} is ${current.status}`);
        }
        let setWise = await this.checkParentsSetWise(tx, current);
        let moved = 0;
        let inserted = 0;
        let sawQueued = false;
        let idleCheckedAt = Date.now();
        for (;;) {
          const [state] = await tx.$queryRaw<UploadState[]>`
            SELECT status, staged_slices, staged_bytes::text, expected_bytes::text, error_count,
                   repeated_refs
              FROM delivery_imports
             WHERE partnership_id = ${partnershipId}::uuid AND id = ${importId}::uuid`;
          if (!ACTIVE.includes(state.status)) {
            throw new ImportAbandonedError(`import ${importId} is ${state.status}`);
          }
          const complete = state.status !== 'receiving';
          if (complete && !sawQueued) {
            sawQueued = true;
            // Shown to pollers, outside this transaction; best effort: the commit below accepts
            // 'queued' as well, and a busy pool must not roll back the whole import.
            await this.markRunning(partnershipId, importId).catch(() => false);
          }
          // A file already known to be bad will be refused: nothing more is worth moving. (Once
          // queued, the file is valid: repeats the hash filter flagged were not real.)
          const doomed =
            state.status === 'receiving' && (state.error_count > 0 || state.repeated_refs > 0);
          if (moved < state.staged_slices && !doomed) {
            const table = stagingSliceOf(importId, ++moved);
            if (setWise && (await this.missingOutcomes(tx, table, partnershipId)) > 0) {
              // A referenced outcome is gone: the per-row checks raise the usual error.
              await tx.$executeRawUnsafe('SET LOCAL session_replication_role = origin');
              setWise = false;
            }
            // References the provider already sent are skipped (idempotent re-send). (A plain
            // INSERT with a NOT EXISTS probe is no faster, and the planner turns it into a hash
            // anti-join over all the provider's records.)
            inserted += await tx.$executeRawUnsafe(
              `INSERT INTO delivery_records (partnership_id, outcome_id, provider_org_id, activity_date,
                  quantity, evidence_ref, evidence_grade, external_ref, import_id, created_by)
               SELECT $1::uuid, outcome_id, $2::uuid, activity_date, quantity, evidence_ref,
                      evidence_grade, external_ref, $3::uuid, $4::uuid
                 FROM ${table}
               ON CONFLICT (partnership_id, provider_org_id, external_ref) DO NOTHING`,
              partnershipId,
              current.providerOrgId,
              importId,
              current.createdBy,
            );
            const percent = percentMoved(moved, state);
            if (options.onProgress && percent !== null) await options.onProgress(percent);
            continue;
          }
          if (complete && moved === state.staged_slices) break;
          if (options.shouldStop?.()) {
            throw new CommitInterruptedError(`commit of import ${importId} interrupted`);
          }
          if (options.onIdle && Date.now() - idleCheckedAt >= IDLE_CHECK_MS) {
            idleCheckedAt = Date.now();
            await options.onIdle();
          }
          await new Promise((resolve) => setTimeout(resolve, options.pollMs));
        }
        if (setWise) await tx.$executeRawUnsafe('SET LOCAL session_replication_role = origin');
        const final = (await tx.deliveryImport.findUnique({
          where: { partnershipId_id: { partnershipId, id: importId } },
        }))!;
        const duplicates = final.totalRows - inserted;
        const done = await tx.$executeRaw`
          UPDATE delivery_imports
             SET status = 'completed', inserted_rows = ${inserted}, duplicate_rows = ${duplicates},
                 percent_done = 100, finished_at = now(), updated_at = now()
           WHERE partnership_id = ${partnershipId}::uuid AND id = ${importId}::uuid
             AND status IN ('queued', 'running')`;
        if (done !== 1) throw new ImportAbandonedError(`import ${importId} is no longer queued`);
        for (let slice = moved; slice >= 1; slice--) {
          await tx.$executeRawUnsafe(`DROP TABLE ${stagingSliceOf(importId, slice)}`);
        }
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
              providerOrganisationId: final.providerOrgId,
              fileName: final.fileName,
              totalRows: final.totalRows,
              insertedRows: inserted,
              duplicateRows: duplicates,
            },
          },
        });
        return {
          totalRows: final.totalRows,
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
   * has no INSERT trigger of its own, the keys are checked set-wise instead: the partnership's
   * outcomes, the import's provider, import row and creator are locked FOR KEY SHARE (as the
   * per-row checks would) and counted here, each slice's outcomes checked before it is moved
   * (`missingOutcomes`); row triggers are switched off for the INSERTs only. Otherwise the
   * per-row checks run. Returns whether the set-wise path is taken.
   */
  private async checkParentsSetWise(
    tx: Prisma.TransactionClient,
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
    // Every outcome of the partnership, so none a slice refers to can go while the import moves.
    await tx.$queryRawUnsafe(
      `SELECT 1 FROM outcomes WHERE partnership_id = $1::uuid FOR KEY SHARE`,
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
    if (p.org !== 1 || p.imp !== 1 || (current.createdBy !== null && p.usr !== 1)) {
      // A referenced row is gone: let the per-row checks raise the usual foreign-key error.
      return false;
    }
    await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
    return true;
  }

  /**
   * Rows of a slice whose outcome does not exist (any that does was locked by
   * `checkParentsSetWise`: the API read the outcomes before it staged the slice).
   */
  private async missingOutcomes(
    tx: Prisma.TransactionClient,
    table: string,
    partnershipId: string,
  ): Promise<number> {
    const [{ missing }] = await tx.$queryRawUnsafe<{ missing: number }[]>(
      `SELECT count(*)::int AS missing FROM ${table} s
        WHERE NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.partnership_id = $1::uuid AND o.id = s.outcome_id)`,
      partnershipId,
    );
    return missing;
  }
}

/**
 * Share of the file moved after `moved` slices: of the slices staged once the upload is
 * complete; while it streams, of the slices the whole file will make, estimated from the bytes
 * behind the staged slices and the upload's Content-Length (null when that was not sent).
 */
function percentMoved(moved: number, state: UploadState): number | null {
  if (state.status !== 'receiving') return (moved * 100) / state.staged_slices;
  const expected = Number(state.expected_bytes ?? 0);
  const staged = Number(state.staged_bytes);
  if (expected <= 0 || staged <= 0) return null;
  return (moved * staged * 100) / (state.staged_slices * expected);
}
