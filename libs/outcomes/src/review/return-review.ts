/**
 * A financial return revision's review. `superseded`: replaced by a later revision before it was
 * decided. accepted, rejected and superseded are final.
 */
export type ReturnReviewStatus =
  'submitted' | 'queried' | 'resubmitted' | 'accepted' | 'rejected' | 'superseded';

/** What finance (query, accept, reject) or the return's provider (answer) asks. */
export type ReturnReviewAction = 'query' | 'answer' | 'accept' | 'reject';

/** The event a step writes to the revision's review history. */
export type ReturnReviewEventName =
  'submitted' | 'resubmitted' | 'queried' | 'answered' | 'accepted' | 'rejected' | 'superseded';

/** The outcome of asking for a step: the event and the status after it, or why not. */
export type ReturnReviewStep =
  | {
      readonly allowed: true;
      readonly event: ReturnReviewEventName;
      readonly status: ReturnReviewStatus;
    }
  | { readonly allowed: false; readonly reason: string };

/** Revisions awaiting a decision (at most one per provider and period). */
export const OPEN_RETURN_STATUSES: readonly ReturnReviewStatus[] = [
  'submitted',
  'queried',
  'resubmitted',
];

const RULES: Record<
  ReturnReviewAction,
  { event: ReturnReviewEventName; status: ReturnReviewStatus; from: readonly ReturnReviewStatus[] }
> = {
  query: { event: 'queried', status: 'queried', from: ['submitted', 'resubmitted'] },
  answer: { event: 'answered', status: 'resubmitted', from: ['queried'] },
  accept: { event: 'accepted', status: 'accepted', from: OPEN_RETURN_STATUSES },
  reject: { event: 'rejected', status: 'rejected', from: OPEN_RETURN_STATUSES },
};

function refusal(action: ReturnReviewAction, status: ReturnReviewStatus): string {
  if (status === 'superseded')
    return 'the revision was replaced by a later one: review the latest revision';
  if (status === 'accepted' || status === 'rejected')
    return `the revision was ${status}: its review is final (a restatement is a new revision)`;
  if (action === 'query') return 'the revision is already queried: the provider answers first';
  return `the revision is ${status}, not queried: there is no question to answer`;
}

/**
 * The review of one return revision, one step at a time:
 *
 * - a submitted (or resubmitted) revision may be queried by finance, with a question;
 * - the provider answers a query once, with a reply (resubmitted), or with a new revision that
 *   replaces the queried one ({@link newRevisionStatus});
 * - finance accepts or rejects a revision awaiting a decision, queried or not (a provider who
 *   never answers cannot hold a return open);
 * - anything else is refused with the reason and changes nothing.
 */
export function returnReviewStep(
  status: ReturnReviewStatus,
  action: ReturnReviewAction,
): ReturnReviewStep {
  const rule = RULES[action];
  if (!rule.from.includes(status)) return { allowed: false, reason: refusal(action, status) };
  return { allowed: true, event: rule.event, status: rule.status };
}

/**
 * The status of a new revision of a period, given the revision awaiting a decision it replaces
 * (if any; that one becomes `superseded`): a revision answering a query is `resubmitted`,
 * otherwise `submitted`.
 */
export function newRevisionStatus(
  replaced: ReturnReviewStatus | null,
): 'submitted' | 'resubmitted' {
  return replaced === 'queried' ? 'resubmitted' : 'submitted';
}

/**
 * The review statuses of revisions that count in evaluations and reports (the latest counting
 * revision of a period is the one used): accepted always; those awaiting a decision only where the
 * partnership lets returns count as provisional; rejected and superseded never.
 */
export function countingReturnStatuses(provisionalReturnsCount: boolean): ReturnReviewStatus[] {
  return provisionalReturnsCount ? ['accepted', ...OPEN_RETURN_STATUSES] : ['accepted'];
}
