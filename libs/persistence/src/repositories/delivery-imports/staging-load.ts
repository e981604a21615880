import { Pool, type PoolClient } from 'pg';
import { CopyBatcher } from '../../bulk/copy-stream';
import { ImportNoLongerReceivingError } from './errors';
import type { DuplicateRef } from './types';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

export interface StagingOptions {
  sliceRows: number;
  /**
   * File bytes, row errors and repeated external references (as the hash filter sees them) so
   * far, recorded with each committed slice.
   */
  progress: () => { bytes: number; errors: number; repeats: number };
  /** Called after a slice is committed while the file still streams (not after the last). */
  onSlice?: (slice: number) => Promise<void>;
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
    private readonly options: StagingOptions,
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
