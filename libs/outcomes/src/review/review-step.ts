/** A delivery record's review status. `rejected`: a dispute upheld (final, counts nowhere). */
export type ReviewStatus = 'claimed' | 'verified' | 'disputed' | 'rejected';

/** What a reviewer (verify, dispute, accept, uphold) or the record's provider (answer) asks. */
export type ReviewAction = 'verify' | 'dispute' | 'answer' | 'accept' | 'uphold';

/** The event an allowed action writes to the record's review history. */
export type ReviewEventName = 'verified' | 'disputed' | 'answered' | 'accepted' | 'upheld';

/** Where a record's review stands. */
export interface ReviewState {
  readonly status: ReviewStatus;
  /** Whether the provider has answered the open dispute (only meaningful while disputed). */
  readonly answered: boolean;
}

/** The outcome of asking for an action: the event and the status after it, or why not. */
export type ReviewStep =
  | { readonly allowed: true; readonly event: ReviewEventName; readonly status: ReviewStatus }
  | { readonly allowed: false; readonly reason: string };

const RULES: Record<
  ReviewAction,
  { event: ReviewEventName; status: ReviewStatus; from: readonly ReviewStatus[] }
> = {
  verify: { event: 'verified', status: 'verified', from: ['claimed'] },
  dispute: { event: 'disputed', status: 'disputed', from: ['claimed', 'verified'] },
  answer: { event: 'answered', status: 'disputed', from: ['disputed'] },
  accept: { event: 'accepted', status: 'verified', from: ['disputed'] },
  uphold: { event: 'upheld', status: 'rejected', from: ['disputed'] },
};

/** Why `action` is refused for a record in `status` (the action is not allowed from it). */
function refusal(action: ReviewAction, status: ReviewStatus): string {
  if (status === 'rejected')
    return 'the record was rejected (a dispute upheld): its review is final';
  if (action === 'verify' && status === 'verified') return 'the record is already verified';
  if (status === 'disputed') {
    return action === 'dispute'
      ? 'the record is already disputed'
      : 'the record is disputed: resolve the dispute (accept or uphold) instead';
  }
  const what = action === 'answer' ? 'answer' : 'resolve';
  return `the record is ${status}, not disputed: there is no dispute to ${what}`;
}

/**
 * The review workflow of a delivery record, one step at a time:
 *
 * - a claimed record is verified or disputed; a verified one may still be disputed;
 * - the provider answers an open dispute once; the verifier resolves it, answered or not:
 *   `accept` makes the record verified, `uphold` rejects it (final: it counts nowhere in reports);
 * - anything else is refused with the reason, and changes nothing (a second resolution, an
 *   answer to a record that is not disputed, a second answer, verifying a disputed record).
 */
export function reviewStep(state: ReviewState, action: ReviewAction): ReviewStep {
  const rule = RULES[action];
  if (!rule.from.includes(state.status)) {
    return { allowed: false, reason: refusal(action, state.status) };
  }
  if (action === 'answer' && state.answered) {
    return { allowed: false, reason: 'the dispute has already been answered' };
  }
  return { allowed: true, event: rule.event, status: rule.status };
}
