import { DomainError } from '../errors';
import type { DateWindow, Quarter } from '../periods/financial-periods';
import { termProblem } from '../periods/partnership-term';

/** A share rule in force for the provider, as far as admitting a return is concerned. */
export interface RuleRequirements {
  /** The rule's name, to say which rule needs what. */
  readonly name: string;
  /** Whether it shares overruns against a target cost (pain-share). */
  readonly painShare: boolean;
}

/** Where a return is submitted: the partnership's term, today's quarter and the rules in force. */
export interface ReturnAdmissionContext {
  /** The partnership's term, both ends inclusive. */
  readonly term: DateWindow;
  /** The quarter containing today: the latest a return may report. */
  readonly currentQuarter: Quarter;
  /** The share rules that will evaluate the return (the provider's own and partnership-wide). */
  readonly rules: readonly RuleRequirements[];
}

/** A financial return as submitted. */
export interface ReturnSubmission {
  /** The quarter it reports. */
  readonly period: Quarter;
  /** The period as the provider wrote it, named in a problem (default: the quarter's label). */
  readonly periodAsGiven?: string;
  /** The target cost, if the provider gave one. */
  readonly targetCost?: string | null;
}

/** Why a return cannot be admitted, naming the field of the submission. */
export interface ReturnProblem {
  readonly field: 'period' | 'targetCost';
  readonly value: string | null;
  readonly reason: string;
}

/**
 * What stops the rules in force from evaluating a return, checked when it is submitted so that
 * the worker's evaluation does not fail on it later. Empty when the return is admissible.
 *
 * - `period`: the quarter must overlap the partnership's term, and must not begin after the
 *   current quarter (a return reports what has happened; the current quarter may be reported as
 *   it goes, and restated).
 * - `targetCost`: required when any rule in force has pain-share, since an overrun is measured
 *   against it ({@link evaluateSurplusShare} refuses a window whose returns lack it).
 */
export function returnAdmissionProblems(
  submission: ReturnSubmission,
  context: ReturnAdmissionContext,
): readonly ReturnProblem[] {
  const problems: ReturnProblem[] = [];
  const { period } = submission;
  const label = submission.periodAsGiven ?? period.label;
  const outside = termProblem(context.term, period, 'period', label);
  if (outside) {
    problems.push({ field: 'period', value: label, reason: outside.reason });
  } else if (period.start > context.currentQuarter.start) {
    problems.push({
      field: 'period',
      value: label,
      reason: `is after the current quarter (${context.currentQuarter.label}): a return reports what has happened`,
    });
  }
  const painShare = context.rules.filter((rule) => rule.painShare);
  const targetCost = submission.targetCost ?? null;
  if (painShare.length > 0 && targetCost === null) {
    problems.push({
      field: 'targetCost',
      value: null,
      reason: `is required: ${painShare.map((rule) => `"${rule.name}"`).join(', ')} ${painShare.length === 1 ? 'shares' : 'share'} overruns against the target cost (pain-share)`,
    });
  }
  return problems;
}

/** A return the rules in force could not evaluate (422 naming each field); nothing is stored. */
export class ReturnAdmissionError extends DomainError {
  readonly code = 'return_not_admissible';

  constructor(problems: readonly ReturnProblem[]) {
    super("The partnership's share rules could not evaluate this return.", problems);
  }
}

/** Throws {@link ReturnAdmissionError} unless the return is admissible ({@link returnAdmissionProblems}). */
export function checkReturnAdmission(
  submission: ReturnSubmission,
  context: ReturnAdmissionContext,
): void {
  const problems = returnAdmissionProblems(submission, context);
  if (problems.length > 0) throw new ReturnAdmissionError(problems);
}
