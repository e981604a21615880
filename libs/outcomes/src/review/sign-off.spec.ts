import { ValidationError } from '../errors';
import {
  evaluateSignOff,
  isReviewer,
  reviewersOf,
  signOffRuleProblems,
  type BoardMember,
  type SignOffDecision,
  type SignOffRule,
} from './sign-off';

// A board of five: two for the council, two for the trust, one without an organisation.
const board: BoardMember[] = [
  { userId: 'ann', organisationId: 'council' },
  { userId: 'bob', organisationId: 'council' },
  { userId: 'cat', organisationId: 'trust' },
  { userId: 'dan', organisationId: 'trust' },
  { userId: 'eve', organisationId: null },
];
const approve = (reviewerId: string): SignOffDecision => ({ reviewerId, decision: 'approved' });
const decline = (reviewerId: string): SignOffDecision => ({ reviewerId, decision: 'declined' });
const quorum = (n: number): SignOffRule => ({ kind: 'quorum', quorum: n });
const perOrg: SignOffRule = { kind: 'one_per_member_organisation' };

describe('evaluateSignOff, quorum', () => {
  it.each([
    [[], 'pending', 0],
    [[approve('ann')], 'pending', 1],
    [[approve('ann'), approve('eve')], 'pending', 2],
    // Exactly at the quorum.
    [[approve('ann'), approve('eve'), approve('cat')], 'met', 3],
    [[approve('ann'), approve('bob'), approve('cat'), approve('dan')], 'met', 4],
  ] as const)('with %j is %s (%d counted)', (decisions, outcome, counted) => {
    expect(evaluateSignOff(quorum(3), board, decisions)).toMatchObject({
      outcome,
      needed: 3,
      counted,
    });
  });

  it('keeps a round open after a decline while the quorum can still be reached', () => {
    const d = [approve('ann'), decline('bob'), approve('cat')];
    expect(evaluateSignOff(quorum(3), board, d).outcome).toBe('pending');
    expect(evaluateSignOff(quorum(3), board, [...d, approve('eve')]).outcome).toBe('met');
  });

  it('is unreachable once the declines leave fewer reviewers than the quorum', () => {
    // Five on the board, quorum 4: two declines leave three.
    expect(evaluateSignOff(quorum(4), board, [decline('ann')]).outcome).toBe('pending');
    expect(evaluateSignOff(quorum(4), board, [decline('ann'), decline('bob')]).outcome).toBe(
      'unreachable',
    );
  });

  it('no longer counts a reviewer who left the board, either way', () => {
    const left = board.filter((m) => m.userId !== 'ann');
    const d = [approve('ann'), approve('bob'), approve('cat')];
    expect(evaluateSignOff(quorum(3), board, d).outcome).toBe('met');
    expect(evaluateSignOff(quorum(3), left, d)).toMatchObject({
      outcome: 'pending',
      counted: 2,
      notCounted: ['ann'],
    });
    // A board shrunk below the quorum cannot meet it.
    expect(evaluateSignOff(quorum(3), board.slice(0, 2), []).outcome).toBe('unreachable');
  });

  it('counts each reviewer once', () => {
    expect(evaluateSignOff(quorum(2), board, [approve('ann'), approve('ann')]).counted).toBe(1);
  });
});

describe('evaluateSignOff, one per member organisation', () => {
  it('needs an approval from each organisation board members represent', () => {
    expect(evaluateSignOff(perOrg, board, [])).toMatchObject({
      outcome: 'pending',
      needed: 2,
      counted: 0,
      awaitingOrganisations: ['council', 'trust'],
    });
    // Two from the council are still one organisation.
    expect(evaluateSignOff(perOrg, board, [approve('ann'), approve('bob')])).toMatchObject({
      outcome: 'pending',
      counted: 1,
      awaitingOrganisations: ['trust'],
    });
    expect(evaluateSignOff(perOrg, board, [approve('bob'), approve('dan')])).toMatchObject({
      outcome: 'met',
      counted: 2,
      awaitingOrganisations: [],
    });
  });

  it('ignores a board member without an organisation', () => {
    expect(evaluateSignOff(perOrg, board, [approve('eve'), approve('ann')])).toMatchObject({
      outcome: 'pending',
      counted: 1,
      notCounted: ['eve'],
    });
  });

  it('stays open after one decline from an organisation, and is unreachable when all of it declines', () => {
    expect(evaluateSignOff(perOrg, board, [decline('cat'), approve('ann')]).outcome).toBe(
      'pending',
    );
    expect(
      evaluateSignOff(perOrg, board, [decline('cat'), approve('dan'), approve('ann')]),
    ).toMatchObject({ outcome: 'met' });
    expect(evaluateSignOff(perOrg, board, [decline('cat'), decline('dan')]).outcome).toBe(
      'unreachable',
    );
  });

  it('no longer needs an organisation none of whose board members remain', () => {
    const trustLeft = board.filter((m) => m.organisationId !== 'trust');
    expect(evaluateSignOff(perOrg, trustLeft, [approve('ann'), approve('cat')])).toMatchObject({
      outcome: 'met',
      needed: 1,
      notCounted: ['cat'],
    });
  });

  it('is unreachable with no organisation to approve', () => {
    expect(evaluateSignOff(perOrg, [{ userId: 'eve', organisationId: null }], []).outcome).toBe(
      'unreachable',
    );
  });
});

describe('reviewersOf and isReviewer', () => {
  it('takes the whole board under a quorum, members representing an organisation otherwise', () => {
    expect(reviewersOf(quorum(1), board)).toHaveLength(5);
    expect(reviewersOf(perOrg, board).map((m) => m.userId)).toEqual(['ann', 'bob', 'cat', 'dan']);
    expect(isReviewer(quorum(1), board, 'eve')).toBe(true);
    expect(isReviewer(perOrg, board, 'eve')).toBe(false);
    expect(isReviewer(quorum(1), board, 'zed')).toBe(false);
  });
});

describe('signOffRuleProblems', () => {
  it.each([1, 3, 5])('accepts a quorum of %d of five', (n) => {
    expect(signOffRuleProblems(quorum(n), board)).toEqual([]);
  });

  it.each([
    [0, /at least 1/],
    [-2, /at least 1/],
    [1.5, /whole number/],
    // Just above the board.
    [6, /larger than the board \(5 board members\)/],
  ])('refuses a quorum of %d naming the field', (n, reason) => {
    const [problem] = signOffRuleProblems(quorum(n), board);
    expect(problem).toBeInstanceOf(ValidationError);
    expect(problem).toMatchObject({ field: 'quorum', value: n });
    expect(problem.reason).toMatch(reason);
  });

  it('needs a board member representing an organisation for one per organisation', () => {
    expect(signOffRuleProblems(perOrg, board)).toEqual([]);
    const [problem] = signOffRuleProblems(perOrg, [{ userId: 'eve', organisationId: null }]);
    expect(problem).toMatchObject({ field: 'kind' });
  });
});
