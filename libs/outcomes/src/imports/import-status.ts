import { DomainError } from '../errors';

/**
 * A delivery import's status: `receiving` (the file streams in and is staged) → `queued` (whole
 * file received, every row valid) → `running` (the worker's commit has seen it queued) →
 * `completed`; or it ends `rejected` (a bad file: nothing inserted) or `failed` (upload broke off,
 * fell silent, or the commit failed for good).
 */
export const IMPORT_STATUSES = [
  'receiving',
  'queued',
  'running',
  'completed',
  'rejected',
  'failed',
] as const;

export type DeliveryImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * The allowed moves, declared once: `to` → the statuses it may be reached from. The API, the
 * worker and the sweeper take their checks and their SQL guards (`WHERE status IN ...`) from here.
 */
const MOVES_INTO: Readonly<Record<DeliveryImportStatus, readonly DeliveryImportStatus[]>> = {
  receiving: [],
  queued: ['receiving'],
  // running → running: a retried commit finds the import running already.
  running: ['queued', 'running'],
  // The commit accepts `queued` as well: marking it running is best effort.
  completed: ['queued', 'running'],
  rejected: ['receiving'],
  failed: ['receiving', 'queued', 'running'],
};

/** The statuses `to` may be reached from (the "from" set of its SQL guard). */
export function importStatusesInto(to: DeliveryImportStatus): readonly DeliveryImportStatus[] {
  return MOVES_INTO[to];
}

/** Whether an import in `from` may move to `to`. */
export function canMoveImport(from: DeliveryImportStatus, to: DeliveryImportStatus): boolean {
  return MOVES_INTO[to].includes(from);
}

/**
 * Not yet ended (receiving, queued or running): it blocks its provider's next import, and its
 * staging slices are still wanted.
 */
export const ACTIVE_IMPORT_STATUSES: readonly DeliveryImportStatus[] = IMPORT_STATUSES.filter((s) =>
  IMPORT_STATUSES.some((to) => canMoveImport(s, to)),
);

/** Whether the import has not ended yet (see {@link ACTIVE_IMPORT_STATUSES}). */
export function isActiveImport(status: DeliveryImportStatus): boolean {
  return ACTIVE_IMPORT_STATUSES.includes(status);
}

/** Ended without a commit (rejected or failed): nothing was or will be inserted. */
export function isAbandonedImport(status: DeliveryImportStatus): boolean {
  return !isActiveImport(status) && status !== 'completed';
}

/** An import asked to make a move the table does not allow. */
export class ImportTransitionError extends DomainError {
  readonly code = 'import_transition_refused';

  constructor(
    readonly from: DeliveryImportStatus,
    readonly to: DeliveryImportStatus,
  ) {
    super(`a delivery import cannot move from ${from} to ${to}`);
  }
}

/** Throws {@link ImportTransitionError} unless an import in `from` may move to `to`. */
export function assertImportTransition(from: DeliveryImportStatus, to: DeliveryImportStatus): void {
  if (!canMoveImport(from, to)) throw new ImportTransitionError(from, to);
}
