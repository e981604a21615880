/** The import was rejected or failed (or abandoned) while the commit waited for it: roll back. */
export class ImportAbandonedError extends Error {}

/** A commit waiting for its upload gave up because its process is shutting down (rolled back). */
export class CommitInterruptedError extends Error {}

/** The import stopped receiving (failed, abandoned) while its file was still being staged. */
export class ImportNoLongerReceivingError extends Error {}

/**
 * The import's rows fall in quarters the partnership has closed: refused whole (at the upload, or
 * by the commit when a quarter was closed while the import waited).
 */
export class ImportPeriodLockedError extends Error {
  constructor(readonly quarters: readonly string[]) {
    super(`period-locked: ${quarters.join(', ')} ${quarters.length === 1 ? 'is' : 'are'} closed`);
  }
}
