import { Injectable } from '@nestjs/common';
import { evaluateSignOff, type BoardMember, type SignOffDecisionKind } from '@ol/outcomes';
import {
  AuditRepository,
  SignOffRepository,
  type Actor,
  type ReviewRoundView,
} from '@ol/persistence';

/**
 * Ends an open review round when its rule is decided: met (signed off) or out of reach (declined),
 * with the board as it is now. Run after each decision and after the board changes (a board role
 * revoked, a member organisation removed), inside the caller's transaction. Provided by the
 * modules that take those steps.
 */
@Injectable()
export class SignOffSettler {
  constructor(
    private readonly signOffs: SignOffRepository,
    private readonly audit: AuditRepository,
  ) {}

  /**
   * Ends `open` if the rule is decided, recording `settledBy` (the reviewer whose decision did it,
   * or the admin whose board change did); returns the outcome.
   */
  async settle(
    partnershipId: string,
    actor: Actor,
    settledBy: string,
    open: ReviewRoundView,
    board: readonly BoardMember[],
    decisions: readonly { reviewerId: string; decision: SignOffDecisionKind }[],
    details: Record<string, unknown>,
  ): Promise<'met' | 'pending' | 'unreachable'> {
    const { outcome, needed, counted } = evaluateSignOff(open.rule, board, decisions);
    if (outcome === 'pending') return outcome;
    await this.signOffs.settle(
      partnershipId,
      open.id,
      outcome === 'met' ? 'signed_off' : 'declined',
      settledBy,
    );
    await this.audit.record(partnershipId, actor, {
      action: outcome === 'met' ? 'report.signed_off' : 'report.review_declined',
      entityType: 'report',
      entityId: open.reportId,
      details: { ...details, round: open.round, needed, counted },
    });
    return outcome;
  }

  /**
   * After a board change: every open round of the partnership evaluated with the new board (a
   * reviewer who left no longer counts; an organisation none of whose board members remain is no
   * longer needed). Nothing happens for a change made with a key that has no user.
   */
  async afterBoardChange(partnershipId: string, actor: Actor, change: string): Promise<void> {
    if (!actor.userId) return;
    const reportIds = await this.signOffs.inReview(partnershipId);
    if (reportIds.length === 0) return;
    for (const id of reportIds) await this.signOffs.hold(partnershipId, id);
    const board = await this.signOffs.board(partnershipId);
    const rounds = await this.signOffs.rounds(partnershipId, reportIds);
    for (const id of reportIds) {
      const open = rounds.get(id)?.at(-1);
      if (open?.status !== 'in_review') continue;
      await this.settle(partnershipId, actor, actor.userId, open, board, open.decisions, {
        boardChange: change,
      });
    }
  }
}
