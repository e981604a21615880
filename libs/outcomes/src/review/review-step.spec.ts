import { reviewStep, type ReviewAction, type ReviewStatus } from './review-step';

describe(reviewStep.name, () => {
  it.each<[ReviewStatus, boolean, ReviewAction, string, ReviewStatus]>([
    ['claimed', false, 'verify', 'verified', 'verified'],
    ['claimed', false, 'dispute', 'disputed', 'disputed'],
    ['verified', false, 'dispute', 'disputed', 'disputed'],
    ['disputed', false, 'answer', 'answered', 'disputed'],
    ['disputed', false, 'accept', 'accepted', 'verified'],
    ['disputed', true, 'accept', 'accepted', 'verified'],
    ['disputed', false, 'uphold', 'upheld', 'rejected'],
    ['disputed', true, 'uphold', 'upheld', 'rejected'],
  ])(
    'allows %s (answered: %s) → %s, writing %s, status %s',
    (status, answered, action, event, after) => {
      expect(reviewStep({ status, answered }, action)).toEqual({
        allowed: true,
        event,
        status: after,
      });
    },
  );

  it.each<[ReviewStatus, boolean, ReviewAction, string]>([
    ['verified', false, 'verify', 'the record is already verified'],
    [
      'disputed',
      false,
      'verify',
      'the record is disputed: resolve the dispute (accept or uphold) instead',
    ],
    ['disputed', true, 'dispute', 'the record is already disputed'],
    [
      'claimed',
      false,
      'answer',
      'the record is claimed, not disputed: there is no dispute to answer',
    ],
    [
      'verified',
      false,
      'answer',
      'the record is verified, not disputed: there is no dispute to answer',
    ],
    ['disputed', true, 'answer', 'the dispute has already been answered'],
    [
      'claimed',
      false,
      'accept',
      'the record is claimed, not disputed: there is no dispute to resolve',
    ],
    [
      'verified',
      false,
      'uphold',
      'the record is verified, not disputed: there is no dispute to resolve',
    ],
    [
      'rejected',
      false,
      'verify',
      'the record was rejected (a dispute upheld): its review is final',
    ],
    [
      'rejected',
      false,
      'dispute',
      'the record was rejected (a dispute upheld): its review is final',
    ],
    [
      'rejected',
      false,
      'answer',
      'the record was rejected (a dispute upheld): its review is final',
    ],
    [
      'rejected',
      false,
      'accept',
      'the record was rejected (a dispute upheld): its review is final',
    ],
    [
      'rejected',
      false,
      'uphold',
      'the record was rejected (a dispute upheld): its review is final',
    ],
  ])('refuses %s (answered: %s) → %s: %s', (status, answered, action, reason) => {
    expect(reviewStep({ status, answered }, action)).toEqual({ allowed: false, reason });
  });

  it('resolves a dispute once: after accepting, another resolution is refused until a new dispute', () => {
    const accepted = reviewStep({ status: 'disputed', answered: true }, 'accept');
    expect(accepted).toMatchObject({ allowed: true, status: 'verified' });
    expect(reviewStep({ status: 'verified', answered: false }, 'uphold').allowed).toBe(false);
    expect(reviewStep({ status: 'verified', answered: false }, 'dispute')).toMatchObject({
      allowed: true,
      status: 'disputed',
    });
  });
});
