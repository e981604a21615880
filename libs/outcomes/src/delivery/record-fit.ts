import { DomainError, type FieldError } from '../errors';
import type { IsoDate } from '../periods/calendar-date';
import type { DateWindow } from '../periods/financial-periods';
import { activityDateRefusal } from '../periods/partnership-term';

/** What a delivery record claims, as far as fitting the partnership is concerned. */
export interface RecordClaim {
  readonly outcomeId: string;
  /** The outcome as found in the partnership: missing, archived, or open to delivery. */
  readonly outcome: 'open' | 'archived' | 'missing';
  readonly activityDate: IsoDate;
}

/**
 * Why a delivery record does not fit its partnership, each naming its field (with `prefix`, e.g.
 * `records[2].` in a batch): the outcome must be one of the partnership's and not archived; the
 * activity date within the term and not after `latest` ({@link latestActivityDate}). Empty when
 * it fits.
 */
export function recordFitProblems(
  claim: RecordClaim,
  term: DateWindow,
  latest: IsoDate,
  prefix = '',
): FieldError[] {
  const problems: FieldError[] = [];
  if (claim.outcome !== 'open') {
    problems.push({
      field: `${prefix}outcomeId`,
      value: claim.outcomeId,
      reason:
        claim.outcome === 'missing'
          ? 'no such outcome in this partnership'
          : 'the outcome is archived',
    });
  }
  const refusal = activityDateRefusal(claim.activityDate, term, latest);
  if (refusal) {
    problems.push({ field: `${prefix}activityDate`, value: claim.activityDate, reason: refusal });
  }
  return problems;
}

/** A delivery record that does not fit its partnership (422 naming each field). */
export class RecordFitError extends DomainError {
  readonly code = 'record_does_not_fit';

  constructor(
    problems: readonly FieldError[],
    message = 'The record does not fit the partnership.',
  ) {
    super(message, problems);
  }
}

/** Throws {@link RecordFitError} unless the record fits ({@link recordFitProblems}). */
export function checkRecordFits(
  claim: RecordClaim,
  term: DateWindow,
  latest: IsoDate,
  prefix = '',
): void {
  const problems = recordFitProblems(claim, term, latest, prefix);
  if (problems.length > 0) throw new RecordFitError(problems);
}
