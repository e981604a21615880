import { canMoveImport, isActiveImport } from '@ol/outcomes';
import type { Tx } from '../../db';
import type { PrismaService } from '../../prisma.service';
import type { DeliveryImport, ImportStatus } from '../../prisma-client';
import { recordAuditEvent } from '../audit.repository';
import { CommitInterruptedError, ImportAbandonedError, ImportPeriodLockedError } from './errors';
import { closedQuartersInSlices } from './period-locks';
import { checkParentsSetWise, missingOutcomes } from './set-wise-keys';
import { stagingSliceOf } from './staging-load';
import { movableInto } from './status-sql';
import type { CommitOptions, CommitResult } from './types';

/** How often a commit waiting for its upload calls `onIdle`. */
const IDLE_CHECK_MS = 5_000;

/** What the commit sees of the upload at one moment (read in its transaction). */
interface UploadState {
  status: ImportStatus;
  staged_slices: number;
  staged_bytes: string;
  expected_bytes: string | null;
  error_count: number;
  repeated_refs: number;
}

/** Where a move stands: slices moved, rows inserted, and whether keys are checked set-wise. */
interface Moved {
  slices: number;
  inserted: number;
  setWise: boolean;
}

/**
 * Moves a staged import into delivery_records in ONE transaction, overlapping its upload: each
 * slice the API has committed to staging is moved (`INSERT ... SELECT`, skipping rows whose
 * external reference the provider already sent) as soon as it is seen, while the file still
 * streams in. The transaction commits only once the import may complete (`queued`: the whole
 * file received and every row valid) and every slice is moved: the import is completed, the
 * slices dropped and the audit event written in it. If the import is rejected or fails meanwhile
 * (or its upload falls silent), it rolls back with ImportAbandonedError and nothing is inserted.
 * A run after a commit finds the import completed and does nothing.
 */
export class StagedCommit {
  constructor(
    private readonly prisma: PrismaService,
    /** queued → running, outside the move's transaction (shown to pollers). */
    private readonly markRunning: (partnershipId: string, id: string) => Promise<boolean>,
  ) {}

  run(partnershipId: string, importId: string, options: CommitOptions): Promise<CommitResult> {
    return this.prisma.$transaction(
      async (tx) => {
        const current = await this.lock(tx, partnershipId, importId);
        if (current.status === 'completed') {
          return {
            totalRows: current.totalRows,
            insertedRows: current.insertedRows,
            duplicateRows: current.duplicateRows,
            alreadyCompleted: true,
          };
        }
        if (!isActiveImport(current.status)) {
          throw new ImportAbandonedError(`import ${importId} is ${current.status}`);
        }
        const moved = await this.moveSlices(tx, current, options);
        return this.complete(tx, current, moved, options);
      },
      { maxWait: 10_000, timeout: options.timeoutMs },
    );
  }

  /** Takes the import's commit lock (one run at a time) and reads it. */
  private async lock(tx: Tx, partnershipId: string, importId: string): Promise<DeliveryImport> {
    await tx.$executeRawUnsafe('SET LOCAL statement_timeout = 0');
    const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`
      SELECT pg_try_advisory_xact_lock(hashtext('delivery_import'), hashtext(${importId})) AS locked`;
    if (!lock.locked) throw new Error(`import ${importId} is being committed by another run`);
    const current = await tx.deliveryImport.findUnique({
      where: { partnershipId_id: { partnershipId, id: importId } },
    });
    if (!current) throw new Error(`import ${importId} does not exist`);
    return current;
  }

  /** Moves each staged slice as it appears, until the upload is complete and all are moved. */
  private async moveSlices(
    tx: Tx,
    current: DeliveryImport,
    options: CommitOptions,
  ): Promise<Moved> {
    const { partnershipId, id: importId } = current;
    const moved: Moved = {
      slices: 0,
      inserted: 0,
      setWise: await checkParentsSetWise(tx, current),
    };
    let sawQueued = false;
    let idleCheckedAt = Date.now();
    for (;;) {
      const state = await this.readUpload(tx, partnershipId, importId);
      if (!isActiveImport(state.status)) {
        throw new ImportAbandonedError(`import ${importId} is ${state.status}`);
      }
      const complete = canMoveImport(state.status, 'completed');
      if (complete && !sawQueued) {
        sawQueued = true;
        // Shown to pollers, outside this transaction; best effort: the commit accepts
        // 'queued' as well, and a busy pool must not roll back the whole import.
        await this.markRunning(partnershipId, importId).catch(() => false);
      }
      // A file already known to be bad will be refused: nothing more is worth moving. (Once
      // queued, the file is valid: repeats the hash filter flagged were not real.)
      const doomed = !complete && (state.error_count > 0 || state.repeated_refs > 0);
      if (moved.slices < state.staged_slices && !doomed) {
        await this.moveSlice(tx, current, moved);
        const percent = percentMoved(moved.slices, state);
        if (options.onProgress && percent !== null) await options.onProgress(percent);
        continue;
      }
      if (complete && moved.slices === state.staged_slices) return moved;
      if (options.shouldStop?.()) {
        throw new CommitInterruptedError(`commit of import ${importId} interrupted`);
      }
      if (options.onIdle && Date.now() - idleCheckedAt >= IDLE_CHECK_MS) {
        idleCheckedAt = Date.now();
        await options.onIdle();
      }
      await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    }
  }

  private async readUpload(tx: Tx, partnershipId: string, importId: string): Promise<UploadState> {
    const [state] = await tx.$queryRaw<UploadState[]>`
      SELECT status, staged_slices, staged_bytes::text, expected_bytes::text, error_count,
             repeated_refs
        FROM delivery_imports
       WHERE partnership_id = ${partnershipId}::uuid AND id = ${importId}::uuid`;
    return state;
  }

  /** Inserts the next slice's rows, skipping references the provider already sent. */
  private async moveSlice(tx: Tx, current: DeliveryImport, moved: Moved): Promise<void> {
    const table = stagingSliceOf(current.id, ++moved.slices);
    if (moved.setWise && (await missingOutcomes(tx, table, current.partnershipId)) > 0) {
      // A referenced outcome is gone: the per-row checks raise the usual error.
      await tx.$executeRawUnsafe('SET LOCAL session_replication_role = origin');
      moved.setWise = false;
    }
    // References the provider already sent are skipped (idempotent re-send). (A plain
    // INSERT with a NOT EXISTS probe is no faster, and the planner turns it into a hash
    // anti-join over all the provider's records.)
    moved.inserted += await tx.$executeRawUnsafe(
      `INSERT INTO delivery_records (partnership_id, outcome_id, provider_org_id, activity_date,
          quantity, evidence_ref, evidence_grade, external_ref, import_id, created_by)
       SELECT $1::uuid, outcome_id, $2::uuid, activity_date, quantity, evidence_ref,
              evidence_grade, external_ref, $3::uuid, $4::uuid
         FROM ${table}
       ON CONFLICT (partnership_id, provider_org_id, external_ref) DO NOTHING`,
      current.partnershipId,
      current.providerOrgId,
      current.id,
      current.createdBy,
    );
  }

  /**
   * Rolls the move back (ImportPeriodLockedError) when its rows fall in a quarter the partnership
   * has closed, e.g. one closed while the import waited: the partnership's period lock is shared
   * from here to the commit, so a close waits for it and none can slip in between.
   */
  private async refuseClosedQuarters(
    tx: Tx,
    partnershipId: string,
    importId: string,
    slices: number,
  ): Promise<void> {
    await tx.$queryRaw`
      SELECT pg_advisory_xact_lock_shared(hashtext('period_lock'), hashtext(${partnershipId}))::text`;
    const tables = Array.from({ length: slices }, (_, i) => stagingSliceOf(importId, i + 1));
    const closed = await closedQuartersInSlices(tx, partnershipId, tables);
    if (closed.length > 0) throw new ImportPeriodLockedError(closed.map((q) => q.label));
  }

  /** Marks the import completed, drops its slices and audits it, in the move's transaction. */
  private async complete(
    tx: Tx,
    current: DeliveryImport,
    moved: Moved,
    options: CommitOptions,
  ): Promise<CommitResult> {
    const { partnershipId, id: importId } = current;
    if (moved.setWise) await tx.$executeRawUnsafe('SET LOCAL session_replication_role = origin');
    await this.refuseClosedQuarters(tx, partnershipId, importId, moved.slices);
    const final = (await tx.deliveryImport.findUnique({
      where: { partnershipId_id: { partnershipId, id: importId } },
    }))!;
    const inserted = moved.inserted;
    const duplicates = final.totalRows - inserted;
    const done = await tx.$executeRaw`
      UPDATE delivery_imports
         SET status = 'completed', inserted_rows = ${inserted}, duplicate_rows = ${duplicates},
             percent_done = 100, finished_at = now(), updated_at = now()
       WHERE partnership_id = ${partnershipId}::uuid AND id = ${importId}::uuid
         AND ${movableInto('completed')}`;
    if (done !== 1) throw new ImportAbandonedError(`import ${importId} is no longer queued`);
    for (let slice = moved.slices; slice >= 1; slice--) {
      await tx.$executeRawUnsafe(`DROP TABLE ${stagingSliceOf(importId, slice)}`);
    }
    await recordAuditEvent(tx, partnershipId, options.actor, {
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
    });
    return {
      totalRows: final.totalRows,
      insertedRows: inserted,
      duplicateRows: duplicates,
      alreadyCompleted: false,
    };
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
