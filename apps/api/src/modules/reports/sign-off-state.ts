import { evaluateSignOff, type BoardMember } from '@ol/outcomes';
import type { PeriodLockEventView, ReviewRoundView } from '@ol/persistence';
import type {
  ReportHistoryEntry,
  SignOffDecisionResponse,
  SignOffResponse,
} from './dto/sign-off.dto';

const decisionOf = (
  round: number,
  d: ReviewRoundView['decisions'][number],
): SignOffDecisionResponse => ({
  round,
  reviewerId: d.reviewerId,
  organisationId: d.organisationId,
  comment: d.comment,
  decidedAt: d.decidedAt.toISOString(),
});

/**
 * A version's sign-off from its rounds (oldest first): the latest round's state, approvals and
 * rule, every round's declines, and, while a round is open, what the rule still needs with today's
 * board.
 */
export function signOffOf(
  rounds: readonly ReviewRoundView[],
  board: readonly BoardMember[],
): SignOffResponse {
  const latest = rounds.at(-1);
  const declines = rounds.flatMap((r) =>
    r.decisions.filter((d) => d.decision === 'declined').map((d) => decisionOf(r.round, d)),
  );
  if (!latest) {
    return {
      status: 'none',
      round: null,
      ruleKind: null,
      quorum: null,
      putToReviewBy: null,
      putToReviewAt: null,
      progress: null,
      approvals: [],
      declines,
      signedOffBy: null,
      signedOffAt: null,
      declinedAt: null,
    };
  }
  let progress: SignOffResponse['progress'] = null;
  if (latest.status === 'in_review') {
    const e = evaluateSignOff(latest.rule, board, latest.decisions);
    progress = {
      needed: e.needed,
      counted: e.counted,
      awaitingOrganisations: [...e.awaitingOrganisations],
    };
  }
  const settledAt = latest.settledAt?.toISOString() ?? null;
  return {
    status: latest.status,
    round: latest.round,
    ruleKind: latest.rule.kind,
    quorum: latest.rule.kind === 'quorum' ? latest.rule.quorum : null,
    putToReviewBy: latest.openedBy,
    putToReviewAt: latest.openedAt.toISOString(),
    progress,
    approvals: latest.decisions
      .filter((d) => d.decision === 'approved')
      .map((d) => decisionOf(latest.round, d)),
    declines,
    signedOffBy: latest.status === 'signed_off' ? latest.settledBy : null,
    signedOffAt: latest.status === 'signed_off' ? settledAt : null,
    declinedAt: latest.status === 'declined' ? settledAt : null,
  };
}

const PERIOD_EVENTS = {
  closed: 'period_closed',
  auto_closed: 'period_auto_closed',
  reopened: 'period_reopened',
} as const;

const entry = (e: Partial<ReportHistoryEntry> & Pick<ReportHistoryEntry, 'event' | 'at'>) => ({
  reportId: null,
  version: null,
  round: null,
  actorUserId: null,
  organisationId: null,
  comment: null,
  ...e,
});

/**
 * A report's history: each version issued (or restating a final one), the quarter's closes and
 * reopens, the reminders and escalations about what was owed for it, and every review round's
 * opening, decisions and end, oldest first (ties in the order
 * the steps happen).
 */
export function historyOf(
  versions: readonly {
    id: string;
    version: number;
    restatement: boolean;
    createdAt: Date;
    rounds: readonly ReviewRoundView[];
  }[],
  periodEvents: readonly PeriodLockEventView[],
  reminders: readonly { subjectKey: string; step: string; recipients: number; sentAt: Date }[] = [],
): ReportHistoryEntry[] {
  const steps: (ReportHistoryEntry & { order: number })[] = [];
  const push = (order: number, e: Parameters<typeof entry>[0]) =>
    steps.push({ ...entry(e), order });
  for (const v of versions) {
    const of = { reportId: v.id, version: v.version };
    push(0, {
      event: v.restatement ? 'restated' : 'issued',
      at: v.createdAt.toISOString(),
      ...of,
    });
    for (const r of v.rounds) {
      push(1, {
        event: 'put_to_review',
        at: r.openedAt.toISOString(),
        ...of,
        round: r.round,
        actorUserId: r.openedBy,
      });
      for (const d of r.decisions) {
        push(2, {
          event: d.decision,
          at: d.decidedAt.toISOString(),
          ...of,
          round: r.round,
          actorUserId: d.reviewerId,
          organisationId: d.organisationId,
          comment: d.comment,
        });
      }
      if (r.status !== 'in_review' && r.settledAt) {
        push(3, {
          event: r.status === 'signed_off' ? 'signed_off' : 'review_declined',
          at: r.settledAt.toISOString(),
          ...of,
          round: r.round,
          actorUserId: r.settledBy,
        });
      }
    }
  }
  for (const p of periodEvents) {
    push(0, {
      event: PERIOD_EVENTS[p.event],
      at: p.occurredAt.toISOString(),
      actorUserId: p.actorId,
      comment: p.reason,
    });
  }
  for (const r of reminders) {
    // obligation:<quarter>:<provider organisation>:<delivery | return>
    const [, , providerOrgId, owed] = r.subjectKey.split(':');
    push(0, {
      event: r.step === 'escalation' ? 'reminder_escalated' : 'reminder_sent',
      at: r.sentAt.toISOString(),
      organisationId: providerOrgId ?? null,
      comment: `${owed === 'return' ? 'financial return' : 'delivery data'}: ${r.step} (${r.recipients} recipient${r.recipients === 1 ? '' : 's'})`,
    });
  }
  return steps
    .sort((a, b) => a.at.localeCompare(b.at) || a.order - b.order)
    .map(({ order: _order, ...e }) => e);
}
