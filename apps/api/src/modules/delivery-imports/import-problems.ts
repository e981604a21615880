import { HttpStatus } from '@nestjs/common';
import type { RejectedFile } from '@ol/persistence';
import { ProblemException, ProblemType } from '../../common/problems/problem';

export const ImportProblemType = {
  Rejected: '/problems/import-rejected',
  ImportRunning: '/problems/import-already-running',
} as const;

/** 409: the provider already has an import in progress (one at a time per provider). */
export function importRunning(activeImportId: string | undefined): ProblemException {
  // Extension members (activeImportId, importId) ride along in the problem body.
  const problem = {
    type: ImportProblemType.ImportRunning,
    title: 'Conflict',
    status: HttpStatus.CONFLICT,
    detail:
      'This provider already has an import in progress; wait until it completes (one at a time per provider).',
    activeImportId,
  };
  return new ProblemException(problem);
}

/**
 * The answer to a rejected file: 422 listing the row errors kept (`errorCount` counts them all),
 * or 413 when it was too large.
 */
export function importRejected(
  importId: string,
  outcome: RejectedFile & { status?: number },
): ProblemException {
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
