import { DomainError, type FieldError } from '../errors';
import { toDecimal } from '../money/decimal';
import type { IsoDate } from '../periods/calendar-date';

/** The facts of a delivery record a correction copies or changes. */
export interface RecordFacts<Grade extends string = string> {
  readonly activityDate: IsoDate;
  /** Decimal string (or anything decimal.js reads), e.g. `5` or `5.0000`. */
  readonly quantity: string;
  readonly evidenceRef: string | null;
  readonly evidenceGrade: Grade;
}

/** A stored record about to be corrected: its facts and whether it is itself a reversal. */
export interface CorrectedRecord<Grade extends string = string> extends RecordFacts<Grade> {
  readonly kind: 'original' | 'reversal' | 'amendment';
}

/** What the provider asks: cancel the record, or cancel it and state the corrected facts. */
export interface CorrectionRequest<Grade extends string = string> {
  readonly action: 'reverse' | 'amend';
  readonly quantity?: string;
  readonly activityDate?: IsoDate;
  readonly evidenceRef?: string;
  readonly evidenceGrade?: Grade;
}

/** The records a correction appends: the reversal (always) and the amendment (amend only). */
export interface CorrectionPlan<Grade extends string = string> {
  /** The original's facts with the quantity negated, dated as the original. */
  readonly reversal: RecordFacts<Grade>;
  /** The corrected facts: those asked for, the original's otherwise. */
  readonly amendment: RecordFacts<Grade> | null;
}

/** Why a correction is refused, as a stable code. */
export type CorrectionRefusal =
  /** The record is a reversal: record the facts again instead (422). */
  | 'reversal_not_correctable'
  /** The record was reversed already (409). */
  | 'already_corrected'
  /** `reverse` given facts that only `amend` takes (400 on `action`). */
  | 'reversal_takes_no_facts';

/** A correction the rules refuse; `code` says which rule. */
export class CorrectionError extends DomainError {
  constructor(
    readonly code: CorrectionRefusal,
    message: string,
    errors: readonly FieldError[] = [],
  ) {
    super(message, errors);
  }
}

/**
 * The records correcting `original`, append-only: a reversal cancelling it (quantity negated,
 * same date, so sums over all records give the corrected total) and, for `amend`, an amendment
 * with the corrected facts. A reversal cannot be corrected, a record only once (`reversed`: it
 * already has a reversal), and `reverse` takes no facts.
 */
export function planCorrection<Grade extends string>(
  original: CorrectedRecord<Grade>,
  reversed: boolean,
  request: CorrectionRequest<Grade>,
): CorrectionPlan<Grade> {
  if (original.kind === 'reversal') {
    throw new CorrectionError(
      'reversal_not_correctable',
      'A reversal cannot itself be corrected; record the facts again instead.',
    );
  }
  if (reversed) {
    throw new CorrectionError('already_corrected', 'This record has already been corrected.');
  }
  const { quantity, activityDate, evidenceRef, evidenceGrade } = request;
  if (request.action === 'reverse' && (quantity || activityDate || evidenceRef || evidenceGrade)) {
    throw new CorrectionError('reversal_takes_no_facts', 'The request has invalid fields.', [
      {
        field: 'action',
        value: 'reverse',
        reason: 'a reversal takes only a reason; use amend to change facts',
      },
    ]);
  }
  const stated = toDecimal(original.quantity, 'quantity').toFixed(4);
  const reversal: RecordFacts<Grade> = {
    activityDate: original.activityDate,
    quantity: toDecimal(original.quantity, 'quantity').neg().toFixed(4),
    evidenceRef: original.evidenceRef,
    evidenceGrade: original.evidenceGrade,
  };
  if (request.action === 'reverse') return { reversal, amendment: null };
  return {
    reversal,
    amendment: {
      activityDate: activityDate ?? original.activityDate,
      quantity: quantity ?? stated,
      evidenceRef: evidenceRef ?? original.evidenceRef,
      evidenceGrade: evidenceGrade ?? original.evidenceGrade,
    },
  };
}
