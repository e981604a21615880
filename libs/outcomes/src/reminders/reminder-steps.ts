import { ValidationError } from '../errors';
import type { IsoDate } from '../periods/calendar-date';
import type { ObligationStatus } from '../calendar/arrival';
import type { ProviderObligations } from '../calendar/obligations';
import { workingDaysBetween, type HolidayDates } from '../calendar/working-days';
import { reminderPolicyProblems, type ReminderPolicy } from './reminder-policy';

/** What a step of an obligation's chase is. */
export type ObligationStepKind = 'before_deadline' | 'overdue' | 'escalation';

/**
 * One step of chasing an obligation. `key` is unique among the obligation's steps and stable
 * across runs (the sent-once key): `before`, `overdue-<n>` (n working days overdue), `escalation`.
 */
export interface ObligationStep {
  readonly kind: ObligationStepKind;
  readonly key: string;
  /** Working days after the deadline on the day judged (0 before it). */
  readonly workingDaysOverdue: number;
}

export interface ObligationStepInput {
  readonly policy: ReminderPolicy;
  readonly dueBy: IsoDate;
  readonly status: ObligationStatus;
  /** The day judged (the clock's date). */
  readonly asOf: IsoDate;
  readonly holidays?: HolidayDates;
  /** Keys of the steps already sent for this obligation. */
  readonly sent: readonly string[];
}

/** Where a step stands in the chase: later steps supersede earlier ones. */
function rankOf(key: string): number {
  if (key === 'before') return 0;
  if (key === 'escalation') return Number.POSITIVE_INFINITY;
  const match = /^overdue-(\d+)$/.exec(key);
  if (!match) throw new ValidationError('sent', key, 'is not a step key of an obligation');
  return Number(match[1]);
}

/** The latest step the chase has reached on `asOf`, or null. */
function latestReached(input: ObligationStepInput): ObligationStep | null {
  const { policy, dueBy, asOf, holidays = [] } = input;
  if (input.status === 'complete') return null;
  if (asOf <= dueBy) {
    const before = policy.remindBeforeWorkingDays;
    return before !== null && workingDaysBetween(asOf, dueBy, holidays) <= before
      ? { kind: 'before_deadline', key: 'before', workingDaysOverdue: 0 }
      : null;
  }
  const overdue = workingDaysBetween(dueBy, asOf, holidays);
  const escalate = policy.escalateAfterWorkingDays;
  if (escalate !== null && overdue >= escalate) {
    return { kind: 'escalation', key: 'escalation', workingDaysOverdue: overdue };
  }
  const every = policy.overdueEveryWorkingDays;
  if (every === null || overdue < every) return null;
  const at = Math.floor(overdue / every) * every;
  return { kind: 'overdue', key: `overdue-${at}`, workingDaysOverdue: overdue };
}

/**
 * The step to send now for one obligation, if any: the latest step its chase has reached on
 * `asOf` (the reminder before the deadline; while overdue, the last multiple of
 * `overdueEveryWorkingDays` working days reached; at `escalateAfterWorkingDays`, the escalation),
 * unless it or a later step was already sent. Steps a stopped worker missed are superseded, not
 * sent late in a burst: after three days down, one reminder goes, not three. A complete obligation
 * needs nothing; neither does a pending one outside the reminder window.
 *
 * @throws {@link ValidationError} when the policy breaks a rule or a sent key is not a step's
 */
export function obligationStepDue(input: ObligationStepInput): ObligationStep | null {
  const [problem] = reminderPolicyProblems(input.policy);
  if (problem) throw problem;
  const sentRank = Math.max(-1, ...input.sent.map(rankOf));
  const step = latestReached(input);
  if (step === null || rankOf(step.key) <= sentRank) return null;
  return step;
}

/**
 * Whether a one-off escalation is due: `afterWorkingDays` set, not yet sent, and at least that
 * many working days after `since` (the day a trigger was raised, a dispute opened) on `asOf`.
 */
export function escalationDue(input: {
  readonly since: IsoDate;
  readonly asOf: IsoDate;
  readonly afterWorkingDays: number | null;
  readonly holidays?: HolidayDates;
  readonly sent: boolean;
}): boolean {
  if (input.afterWorkingDays === null || input.sent) return false;
  return workingDaysBetween(input.since, input.asOf, input.holidays) >= input.afterWorkingDays;
}

/** What a provider is chased for: its quarter's delivery data, or its open-book return. */
export type ChasedObligationKind = 'delivery' | 'return';

/**
 * One provider's obligation as chased: the quarter's delivery data is one obligation (one
 * reminder lists every outcome still owed, rather than one message per outcome), the return
 * another.
 */
export interface ChasedObligation {
  readonly providerId: string;
  readonly kind: ChasedObligationKind;
  readonly dueBy: IsoDate;
  /** Overdue when any part is; complete when every part is. */
  readonly status: ObligationStatus;
  /** For delivery data: the outcomes not complete, with the months missing. */
  readonly outstanding: readonly {
    readonly outcomeId: string;
    readonly monthsMissing: readonly string[];
  }[];
}

/** A provider's obligations for a quarter ({@link quarterObligations}) as the two it is chased for. */
export function chasedObligations(owed: ProviderObligations): ChasedObligation[] {
  const chased: ChasedObligation[] = [];
  if (owed.deliveries.length > 0) {
    const statuses = owed.deliveries.map((d) => d.status);
    const status: ObligationStatus = statuses.includes('overdue')
      ? 'overdue'
      : statuses.includes('pending')
        ? 'pending'
        : 'complete';
    chased.push({
      providerId: owed.providerId,
      kind: 'delivery',
      dueBy: owed.deliveries[0].dueBy,
      status,
      outstanding: owed.deliveries
        .filter((d) => d.status !== 'complete')
        .map((d) => ({ outcomeId: d.outcomeId, monthsMissing: d.monthsMissing })),
    });
  }
  chased.push({
    providerId: owed.providerId,
    kind: 'return',
    dueBy: owed.financialReturn.dueBy,
    status: owed.financialReturn.status,
    outstanding: [],
  });
  return chased;
}
