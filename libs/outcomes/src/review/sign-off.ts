import { ValidationError } from '../errors';

/**
 * Who must approve a closed quarter's report version (issue 19, item 4):
 * - `quorum`: any `quorum` board members of the partnership;
 * - `one_per_member_organisation`: one board member for each member organisation that board
 *   members represent (a board member without an organisation is not a reviewer under it).
 */
export type SignOffRule =
  | { readonly kind: 'quorum'; readonly quorum: number }
  | { readonly kind: 'one_per_member_organisation' };

export const SIGN_OFF_RULE_KINDS = ['one_per_member_organisation', 'quorum'] as const;
export type SignOffRuleKind = (typeof SIGN_OFF_RULE_KINDS)[number];

/** A board member as the rule reads them today: the member organisation they represent, or null. */
export interface BoardMember {
  readonly userId: string;
  readonly organisationId: string | null;
}

export type SignOffDecisionKind = 'approved' | 'declined';

/** One reviewer's decision in a review round (at most one per reviewer and round). */
export interface SignOffDecision {
  readonly reviewerId: string;
  readonly decision: SignOffDecisionKind;
}

/**
 * Where a review round stands under its rule:
 * - `met`: enough approvals (the version is signed off);
 * - `pending`: not yet, and still possible;
 * - `unreachable`: the declines (or a smaller board) leave too few reviewers to meet it.
 */
export type SignOffOutcome = 'met' | 'pending' | 'unreachable';

export interface SignOffEvaluation {
  readonly outcome: SignOffOutcome;
  /** Approvals the rule needs: the quorum, or the number of organisations to approve. */
  readonly needed: number;
  /** Approvals that count: by reviewers who are still reviewers (one per organisation at most). */
  readonly counted: number;
  /** Reviewers whose decisions no longer count (they left the board or their organisation). */
  readonly notCounted: readonly string[];
  /** Under one per organisation: the organisations still without an approval, sorted. */
  readonly awaitingOrganisations: readonly string[];
}

/** The board members who may decide under the rule. */
export function reviewersOf(rule: SignOffRule, board: readonly BoardMember[]): BoardMember[] {
  return rule.kind === 'quorum' ? [...board] : board.filter((m) => m.organisationId !== null);
}

/** Whether `userId` may approve or decline under the rule, given today's board. */
export function isReviewer(
  rule: SignOffRule,
  board: readonly BoardMember[],
  userId: string,
): boolean {
  return reviewersOf(rule, board).some((m) => m.userId === userId);
}

/**
 * The rule's own validity against today's board, as field problems (empty when valid): a quorum
 * is a whole number from 1 to the number of board members; one per organisation needs at least
 * one board member who represents a member organisation.
 */
export function signOffRuleProblems(
  rule: SignOffRule,
  board: readonly BoardMember[],
): ValidationError[] {
  if (rule.kind === 'quorum') {
    const n = rule.quorum;
    if (!Number.isInteger(n) || n < 1)
      return [new ValidationError('quorum', n, 'must be a whole number of at least 1')];
    if (n > board.length)
      return [
        new ValidationError(
          'quorum',
          n,
          `must not be larger than the board (${board.length} board member${board.length === 1 ? '' : 's'})`,
        ),
      ];
    return [];
  }
  return reviewersOf(rule, board).length === 0
    ? [
        new ValidationError(
          'kind',
          rule.kind,
          'no board member represents a member organisation (grant the board role with organisationId)',
        ),
      ]
    : [];
}

/**
 * Is the sign-off rule met, given today's board and the round's decisions? Only decisions of
 * current reviewers count (a reviewer who left the board no longer does, either way).
 *
 * Quorum N: met at N approvals; unreachable when fewer than N reviewers are left who have not
 * declined. One per organisation: met when every organisation board members represent has an
 * approval by one of its own; unreachable when some organisation's reviewers have all declined (or
 * there is no organisation to approve). A decline alone does not end a round: it does when it
 * leaves the rule impossible to meet.
 */
export function evaluateSignOff(
  rule: SignOffRule,
  board: readonly BoardMember[],
  decisions: readonly SignOffDecision[],
): SignOffEvaluation {
  const reviewers = reviewersOf(rule, board);
  const byId = new Map(reviewers.map((r) => [r.userId, r]));
  const notCounted = decisions.filter((d) => !byId.has(d.reviewerId)).map((d) => d.reviewerId);
  const counting = decisions.filter((d) => byId.has(d.reviewerId));
  const approvers = new Set(
    counting.filter((d) => d.decision === 'approved').map((d) => d.reviewerId),
  );
  const decliners = new Set(
    counting.filter((d) => d.decision === 'declined').map((d) => d.reviewerId),
  );

  if (rule.kind === 'quorum') {
    const open = reviewers.filter((r) => !decliners.has(r.userId)).length;
    const outcome: SignOffOutcome =
      approvers.size >= rule.quorum ? 'met' : open < rule.quorum ? 'unreachable' : 'pending';
    return {
      outcome,
      needed: rule.quorum,
      counted: approvers.size,
      notCounted,
      awaitingOrganisations: [],
    };
  }

  const organisations = [...new Set(reviewers.map((r) => r.organisationId!))].sort();
  const approved = new Set([...approvers].map((id) => byId.get(id)!.organisationId!));
  const awaiting = organisations.filter((o) => !approved.has(o));
  const blocked = awaiting.some((o) =>
    reviewers.filter((r) => r.organisationId === o).every((r) => decliners.has(r.userId)),
  );
  const outcome: SignOffOutcome =
    organisations.length === 0
      ? 'unreachable'
      : awaiting.length === 0
        ? 'met'
        : blocked
          ? 'unreachable'
          : 'pending';
  return {
    outcome,
    needed: organisations.length,
    counted: organisations.length - awaiting.length,
    notCounted,
    awaitingOrganisations: awaiting,
  };
}
