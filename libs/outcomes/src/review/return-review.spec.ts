import {
  countingReturnStatuses,
  newRevisionStatus,
  returnReviewStep,
  type ReturnReviewAction,
  type ReturnReviewStatus,
} from './return-review';

describe(returnReviewStep.name, () => {
  it.each<[ReturnReviewStatus, ReturnReviewAction, string, ReturnReviewStatus]>([
    ['submitted', 'query', 'queried', 'queried'],
    ['resubmitted', 'query', 'queried', 'queried'],
    ['queried', 'answer', 'answered', 'resubmitted'],
    ['submitted', 'accept', 'accepted', 'accepted'],
    ['queried', 'accept', 'accepted', 'accepted'],
    ['resubmitted', 'accept', 'accepted', 'accepted'],
    ['submitted', 'reject', 'rejected', 'rejected'],
    ['queried', 'reject', 'rejected', 'rejected'],
    ['resubmitted', 'reject', 'rejected', 'rejected'],
  ])('allows %s → %s, writing %s, status %s', (status, action, event, after) => {
    expect(returnReviewStep(status, action)).toEqual({ allowed: true, event, status: after });
  });

  const FINAL = 'its review is final (a restatement is a new revision)';
  it.each<[ReturnReviewStatus, ReturnReviewAction, string]>([
    ['queried', 'query', 'the revision is already queried: the provider answers first'],
    [
      'submitted',
      'answer',
      'the revision is submitted, not queried: there is no question to answer',
    ],
    [
      'resubmitted',
      'answer',
      'the revision is resubmitted, not queried: there is no question to answer',
    ],
    ['accepted', 'accept', `the revision was accepted: ${FINAL}`],
    ['accepted', 'reject', `the revision was accepted: ${FINAL}`],
    ['accepted', 'query', `the revision was accepted: ${FINAL}`],
    ['rejected', 'accept', `the revision was rejected: ${FINAL}`],
    ['rejected', 'answer', `the revision was rejected: ${FINAL}`],
    [
      'superseded',
      'accept',
      'the revision was replaced by a later one: review the latest revision',
    ],
    ['superseded', 'query', 'the revision was replaced by a later one: review the latest revision'],
  ])('refuses %s → %s: %s', (status, action, reason) => {
    expect(returnReviewStep(status, action)).toEqual({ allowed: false, reason });
  });
});

describe(newRevisionStatus.name, () => {
  it.each<[ReturnReviewStatus | null, string]>([
    [null, 'submitted'],
    ['submitted', 'submitted'],
    ['resubmitted', 'submitted'],
    ['queried', 'resubmitted'],
  ])('a revision replacing %s is %s', (replaced, status) => {
    expect(newRevisionStatus(replaced)).toBe(status);
  });
});

describe(countingReturnStatuses.name, () => {
  it.each<[ReturnReviewStatus, boolean, boolean]>([
    ['accepted', false, true],
    ['accepted', true, true],
    ['submitted', false, false],
    ['submitted', true, true],
    ['queried', false, false],
    ['queried', true, true],
    ['resubmitted', false, false],
    ['resubmitted', true, true],
    ['rejected', false, false],
    ['rejected', true, false],
    ['superseded', false, false],
    ['superseded', true, false],
  ])('%s with provisional returns %s counts: %s', (status, provisional, counts) => {
    expect(countingReturnStatuses(provisional).includes(status)).toBe(counts);
  });
});
