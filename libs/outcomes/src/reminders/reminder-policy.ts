import { ValidationError } from '../errors';
import { MAX_WORKING_DAYS } from '../calendar/working-days';

/**
 * A partnership's reminder policy, every number in working days (Monday–Friday less its
 * holidays). `null` switches that step off.
 *
 * - Obligations (delivery data, open-book returns): one reminder `remindBeforeWorkingDays` before
 *   the deadline (0: on the day); then, while overdue, one every `overdueEveryWorkingDays`; then
 *   an escalation to the partnership admins `escalateAfterWorkingDays` after the deadline, after
 *   which the admins have it and no more reminders go.
 * - A profit-share trigger still open (not acknowledged) `triggerEscalationWorkingDays` after it
 *   was raised escalates to the partnership's finance users.
 * - A dispute the provider has not answered `disputeEscalationWorkingDays` after it was raised
 *   escalates to the partnership's verifiers and admins.
 */
export interface ReminderPolicy {
  readonly remindBeforeWorkingDays: number | null;
  readonly overdueEveryWorkingDays: number | null;
  readonly escalateAfterWorkingDays: number | null;
  readonly triggerEscalationWorkingDays: number | null;
  readonly disputeEscalationWorkingDays: number | null;
}

/** A partnership that has set no policy is sent nothing. */
export const NO_REMINDERS: ReminderPolicy = {
  remindBeforeWorkingDays: null,
  overdueEveryWorkingDays: null,
  escalateAfterWorkingDays: null,
  triggerEscalationWorkingDays: null,
  disputeEscalationWorkingDays: null,
};

/** Whether the policy sends anything at all. */
export function remindsAnything(policy: ReminderPolicy): boolean {
  return Object.values(policy).some((v) => v !== null);
}

const RANGES: { field: keyof ReminderPolicy; min: number }[] = [
  { field: 'remindBeforeWorkingDays', min: 0 },
  { field: 'overdueEveryWorkingDays', min: 1 },
  { field: 'escalateAfterWorkingDays', min: 1 },
  { field: 'triggerEscalationWorkingDays', min: 1 },
  { field: 'disputeEscalationWorkingDays', min: 1 },
];

/**
 * The rules a policy keeps, as field problems (empty when valid): each number whole, from its
 * least (0 for the reminder before a deadline, on the day; else 1) to {@link MAX_WORKING_DAYS};
 * and, with both set, overdue reminders more often than the escalation: a reminder that would
 * first fall after the escalation is never sent, so the policy is refused rather than silently
 * sending none.
 */
export function reminderPolicyProblems(policy: ReminderPolicy): ValidationError[] {
  const problems: ValidationError[] = [];
  for (const { field, min } of RANGES) {
    const value = policy[field];
    if (value === null) continue;
    if (!Number.isInteger(value) || value < min || value > MAX_WORKING_DAYS) {
      problems.push(
        new ValidationError(
          field,
          value,
          `must be a whole number of working days from ${min} to ${MAX_WORKING_DAYS}, or null (off)`,
        ),
      );
    }
  }
  if (problems.length > 0) return problems;
  const every = policy.overdueEveryWorkingDays;
  const escalate = policy.escalateAfterWorkingDays;
  if (every !== null && escalate !== null && every >= escalate) {
    problems.push(
      new ValidationError(
        'overdueEveryWorkingDays',
        every,
        `must be fewer than escalateAfterWorkingDays (${escalate}): a reminder after the escalation is never sent`,
      ),
    );
  }
  return problems;
}
