import { Injectable } from '@nestjs/common';
import {
  isReviewer,
  reviewersOf,
  signOffRuleProblems,
  type SignOffDecisionKind,
  type SignOffRule,
} from '@ol/outcomes';
import {
  AuditRepository,
  Db,
  PeriodLockRepository,
  ReminderRepository,
  ReportRepository,
  SignOffRepository,
  type Actor,
  type Report,
  type ReviewRoundView,
  type SignOffRuleView,
} from '@ol/persistence';
import type { PartnershipAccess } from '../../common/auth/auth-context';
import { ProblemException, ProblemType } from '../../common/problems/problem';
import type { ReportDecisionDto, ReportHistory, SignOffRuleDto } from './dto/sign-off.dto';
import { ReportsService, type ReportView } from './reports.service';
import { SignOffSettler } from './sign-off-settler';
import { historyOf } from './sign-off-state';

/**
 * Board sign-off of a closed quarter's report version (issue 19, item 4; ADR 0013): the
 * partnership's rule, putting the current version of a closed quarter to review (a partnership
 * admin), reviewers' approvals and declines, and the round's end when the rule is met (signed
 * off) or can no longer be (declined). One version's review steps are serialised by its advisory
 * lock; each holds the partnership's period lock shared, so the quarter cannot be reopened between
 * the check and the commit. Every step is audited.
 */
@Injectable()
export class SignOffService {
  constructor(
    private readonly db: Db,
    private readonly signOffs: SignOffRepository,
    private readonly reports: ReportRepository,
    private readonly locks: PeriodLockRepository,
    private readonly reminders: ReminderRepository,
    private readonly audit: AuditRepository,
    private readonly reportViews: ReportsService,
    private readonly settler: SignOffSettler,
  ) {}

  /** The rule and how many reviewers it has today (404 when none is set). */
  async rule(partnershipId: string): Promise<{ rule: SignOffRuleView; reviewers: number }> {
    const rule = await this.signOffs.rule(partnershipId);
    if (!rule) throw ProblemException.notFound('A sign-off rule');
    const board = await this.signOffs.board(partnershipId);
    return { rule, reviewers: reviewersOf(rule.rule, board).length };
  }

  /** Sets the rule; 422 naming the field when today's board cannot meet it. */
  saveRule(
    partnershipId: string,
    actor: Actor,
    dto: SignOffRuleDto,
  ): Promise<{ rule: SignOffRuleView; reviewers: number }> {
    const rule: SignOffRule =
      dto.kind === 'quorum' ? { kind: 'quorum', quorum: dto.quorum! } : { kind: dto.kind };
    if (dto.kind !== 'quorum' && dto.quorum !== undefined) {
      throw ProblemException.unprocessable('Only a quorum rule has a quorum.', [
        { field: 'quorum', value: dto.quorum, reason: `must be absent for ${dto.kind}` },
      ]);
    }
    return this.db.transaction(async () => {
      const board = await this.signOffs.board(partnershipId);
      const problems = signOffRuleProblems(rule, board);
      if (problems.length > 0) {
        throw ProblemException.unprocessable(
          'The sign-off rule cannot be met by the partnership’s board.',
          problems.map((p) => ({ field: p.field, value: p.value, reason: p.reason })),
        );
      }
      const saved = await this.signOffs.saveRule(partnershipId, rule, actorId(actor));
      await this.audit.record(partnershipId, actor, {
        action: 'sign_off.rule_updated',
        entityType: 'partnership',
        entityId: partnershipId,
        details: { kind: rule.kind, quorum: rule.kind === 'quorum' ? rule.quorum : null },
      });
      return { rule: saved, reviewers: reviewersOf(rule, board).length };
    });
  }

  /**
   * Puts a version to review: a new round under the partnership's rule. Only the current version
   * of a quarter's report (409 /problems/report-not-reviewable), of a closed quarter (409
   * /problems/period-open), not in review or signed off already (409 /problems/sign-off-state),
   * with a rule the board can meet (409 /problems/sign-off-rule).
   */
  async putToReview(
    access: PartnershipAccess,
    actor: Actor,
    reportId: string,
  ): Promise<ReportView> {
    const pid = access.partnershipId;
    const by = actorId(actor);
    await this.db.transaction(async () => {
      const { report, rounds } = await this.reviewable(pid, reportId);
      const latest = rounds.at(-1);
      if (latest && latest.status !== 'declined') {
        throw ProblemException.conflict(
          latest.status === 'in_review'
            ? `Version ${report.version} is already in review (round ${latest.round}).`
            : `Version ${report.version} is already signed off.`,
          ProblemType.SignOffState,
        );
      }
      const rule = await this.signOffs.rule(pid);
      if (!rule) {
        throw ProblemException.conflict(
          'The partnership has no sign-off rule: a partnership admin sets one (PUT …/sign-off-rule).',
          ProblemType.SignOffRule,
        );
      }
      const problems = signOffRuleProblems(rule.rule, await this.signOffs.board(pid));
      if (problems.length > 0) {
        throw ProblemException.conflict(
          `The board cannot meet the sign-off rule: ${problems.map((p) => `${p.field} ${p.reason}`).join('; ')}.`,
          ProblemType.SignOffRule,
        );
      }
      const round = (latest?.round ?? 0) + 1;
      await this.signOffs.open(pid, reportId, round, rule.rule, by);
      await this.audit.record(pid, actor, {
        action: 'report.put_to_review',
        entityType: 'report',
        entityId: reportId,
        details: { quarter: report.periodLabel, version: report.version, round, rule: rule.rule },
      });
    });
    return this.reportViews.get(access, reportId);
  }

  /**
   * A reviewer's approval or decline (a decline needs a comment) in the open round: once per round
   * (409 /problems/sign-off-state), only by a reviewer under the round's rule (403
   * /problems/not-a-reviewer); the round ends signed off when the rule is met, declined when it
   * can no longer be.
   */
  async decide(
    access: PartnershipAccess,
    actor: Actor,
    reportId: string,
    dto: ReportDecisionDto,
  ): Promise<ReportView> {
    const pid = access.partnershipId;
    const comment = dto.comment?.trim() ?? null;
    if (dto.decision === 'decline' && !comment) {
      throw ProblemException.validation([
        { field: 'comment', reason: 'is required to decline (say why)' },
      ]);
    }
    await this.db.transaction(async () => {
      const { report, rounds } = await this.reviewable(pid, reportId);
      const open = rounds.at(-1);
      if (!open || open.status !== 'in_review') {
        throw ProblemException.conflict(
          `Version ${report.version} is not in review.`,
          ProblemType.SignOffState,
        );
      }
      const board = await this.signOffs.board(pid);
      const me = board.find((m) => m.userId === actor.userId);
      if (!actor.userId || !me || !isReviewer(open.rule, board, actor.userId)) {
        throw ProblemException.forbidden(
          'Only a board member in the partnership’s sign-off rule may approve or decline.',
          ProblemType.NotAReviewer,
        );
      }
      if (open.decisions.some((d) => d.reviewerId === actor.userId)) {
        throw ProblemException.conflict(
          `You have already decided in round ${open.round}.`,
          ProblemType.SignOffState,
        );
      }
      const decision: SignOffDecisionKind = dto.decision === 'approve' ? 'approved' : 'declined';
      await this.signOffs.decide(pid, open.id, {
        reviewerId: actor.userId,
        organisationId: me.organisationId,
        decision,
        comment,
      });
      const base = { quarter: report.periodLabel, version: report.version, round: open.round };
      await this.audit.record(pid, actor, {
        action: `report.${decision}`,
        entityType: 'report',
        entityId: reportId,
        details: { ...base, organisationId: me.organisationId, comment },
      });
      const decisions = [...open.decisions, { reviewerId: actor.userId, decision }];
      await this.settler.settle(pid, actor, actor.userId, open, board, decisions, base);
    });
    return this.reportViews.get(access, reportId);
  }

  /** A version's history: every version of its report and every step (404 for an unknown id). */
  async history(partnershipId: string, reportId: string): Promise<ReportHistory> {
    const report = await this.reports.find(partnershipId, reportId);
    if (!report) throw ProblemException.notFound('Report');
    const versions = await this.signOffs.versions(partnershipId, {
      scope: report.scope,
      periodStart: report.periodStart,
      periodEnd: report.periodEnd,
    });
    const rounds = await this.signOffs.rounds(
      partnershipId,
      versions.map((v) => v.id),
    );
    const start = report.periodStart;
    const quarter = report.scope === 'quarter';
    const periodEvents = quarter
      ? ((await this.locks.history(partnershipId, [start])).get(start) ?? [])
      : [];
    const reminders = quarter
      ? await this.reminders.quarterSteps(partnershipId, report.periodLabel)
      : [];
    return {
      reportId,
      data: historyOf(
        versions.map((v) => ({
          id: v.id,
          version: v.version,
          restatement: (v.changes as { restatement?: boolean } | null)?.restatement === true,
          createdAt: v.createdAt,
          rounds: rounds.get(v.id) ?? [],
        })),
        periodEvents,
        reminders,
      ),
    };
  }

  /**
   * The version, under its review lock and the partnership's period lock (shared), after the
   * checks every review step makes: it exists (404), it is the current version of a quarter's
   * report (409 /problems/report-not-reviewable), and the quarter is closed (409
   * /problems/period-open). Returns its rounds.
   */
  private async reviewable(
    pid: string,
    reportId: string,
  ): Promise<{ report: Report; rounds: ReviewRoundView[] }> {
    await this.locks.holdForWrite(pid);
    await this.signOffs.hold(pid, reportId);
    const report = await this.reports.find(pid, reportId);
    if (!report) throw ProblemException.notFound('Report');
    if (report.scope !== 'quarter' || report.status !== 'final') {
      throw ProblemException.conflict(
        report.scope !== 'quarter'
          ? `Only a quarter's report is signed off; this one is ${report.scope} to ${report.periodLabel}.`
          : `Version ${report.version} is provisional (produced before the quarter ended).`,
        ProblemType.ReportNotReviewable,
      );
    }
    if (!(await this.reports.currentOf(pid, [reportId])).has(reportId)) {
      throw ProblemException.conflict(
        `Version ${report.version} of ${report.periodLabel} is no longer the current version; the current one is reviewed instead.`,
        ProblemType.ReportNotReviewable,
      );
    }
    const lock = await this.locks.find(pid, report.periodStart);
    if (lock?.state !== 'closed') {
      throw ProblemException.conflict(
        `${report.periodLabel} is ${lock ? 'reopened' : 'open'}: only a closed quarter's report is signed off (a partnership admin closes it first).`,
        ProblemType.PeriodOpen,
      );
    }
    const rounds = (await this.signOffs.rounds(pid, [reportId])).get(reportId) ?? [];
    return { report, rounds };
  }
}

/** The person taking a step (a key without a user may not: 403). */
function actorId(actor: Actor): string {
  if (!actor.userId) {
    throw ProblemException.forbidden('A sign-off step is taken by a person, not a key.');
  }
  return actor.userId;
}
