import { ReportRefresher } from '@ol/jobs';
import { Inject, Injectable } from '@nestjs/common';
import { returnReviewStep, type ReturnReviewAction } from '@ol/outcomes';
import {
  AuditRepository,
  Db,
  FinanceRepository,
  ReturnReviewRepository,
  type Actor,
  type FinancialReturn,
  type FinancialReturnReview,
  type FinancialReturnWithLines,
  type JobRun,
} from '@ol/persistence';
import type { PartnershipAccess } from '../../common/auth/auth-context';
import { actFor } from '../../common/auth/policy';
import { ProblemException, ProblemType } from '../../common/problems/problem';
import { ApiConfig } from '../../config/api.config';
import type {
  AnswerReturnQueryDto,
  DecideReturnDto,
  QueryReturnDto,
} from './dto/return-review.dto';
import { ShareEvaluationRequests } from './share-evaluation-requests';

/** Who takes a step: finance (query, decide) or the return's provider (answer). */
type Party = 'reviewer' | 'provider';

/**
 * The review of financial returns: finance queries a revision, the provider answers (a reply
 * here, or a new revision through the submission), finance accepts or rejects it. The state rule
 * is libs/outcomes' returnReviewStep; every step is kept in the revision's history and audited. A
 * decision changes what evaluations and reports count, so it asks for both again.
 */
@Injectable()
export class ReturnReviewsService {
  constructor(
    private readonly db: Db,
    private readonly reviews: ReturnReviewRepository,
    private readonly finance: FinanceRepository,
    private readonly audit: AuditRepository,
    private readonly evaluations: ShareEvaluationRequests,
    private readonly refresher: ReportRefresher,
    @Inject(ApiConfig) private readonly config: ApiConfig,
  ) {}

  query(
    access: PartnershipAccess,
    actor: Actor,
    id: string,
    dto: QueryReturnDto,
  ): Promise<{ saved: FinancialReturnWithLines; runs: JobRun[] }> {
    return this.step(access, actor, id, 'query', 'reviewer', dto.question);
  }

  answer(
    access: PartnershipAccess,
    actor: Actor,
    id: string,
    dto: AnswerReturnQueryDto,
  ): Promise<{ saved: FinancialReturnWithLines; runs: JobRun[] }> {
    return this.step(access, actor, id, 'answer', 'provider', dto.answer);
  }

  decide(
    access: PartnershipAccess,
    actor: Actor,
    id: string,
    dto: DecideReturnDto,
  ): Promise<{ saved: FinancialReturnWithLines; runs: JobRun[] }> {
    if (dto.decision === 'rejected' && dto.reason === undefined) {
      throw ProblemException.unprocessable('A rejection gives its reason.', [
        { field: 'reason', reason: 'is required when rejecting: the provider reads it' },
      ]);
    }
    const action = dto.decision === 'accepted' ? 'accept' : 'reject';
    return this.step(access, actor, id, action, 'reviewer', dto.reason ?? null);
  }

  async history(
    access: PartnershipAccess,
    id: string,
  ): Promise<{ saved: FinancialReturn; events: FinancialReturnReview[] }> {
    const saved = await this.finance.findReturn(access.partnershipId, id);
    if (!saved || !this.reads(access, saved.providerOrgId))
      throw ProblemException.notFound('Financial return');
    return { saved, events: await this.reviews.history(access.partnershipId, id) };
  }

  /** One step on the locked revision: checked, recorded, audited; a decision re-evaluates. */
  private step(
    access: PartnershipAccess,
    actor: Actor,
    id: string,
    action: ReturnReviewAction,
    party: Party,
    note: string | null,
  ): Promise<{ saved: FinancialReturnWithLines; runs: JobRun[] }> {
    const pid = access.partnershipId;
    return this.db.transaction(async () => {
      const before = await this.reviews.lockReturn(pid, id);
      if (!before || !this.reads(access, before.providerOrgId))
        throw ProblemException.notFound('Financial return');
      this.checkParty(access, actor, before, party);
      const step = returnReviewStep(before.reviewStatus, action);
      if (!step.allowed) {
        throw ProblemException.conflict(
          `Cannot ${action} revision ${before.revision} of the ${before.periodLabel} return: ${step.reason}.`,
          ProblemType.ReviewState,
        );
      }
      const saved = await this.reviews.apply(pid, id, {
        event: step.event,
        status: step.status,
        actorId: actor.userId!,
        note,
      });
      await this.audit.record(pid, actor, {
        action: `financial_return.${step.event}`,
        entityType: 'financial_return',
        entityId: id,
        details: {
          period: before.periodLabel,
          providerOrgId: before.providerOrgId,
          revision: before.revision,
          from: before.reviewStatus,
          to: saved.reviewStatus,
          note,
        },
      });
      let runs: JobRun[] = [];
      if (action === 'accept' || action === 'reject') {
        const periodStart = before.periodStart;
        runs = await this.evaluations.forProviderYear(
          pid,
          before.providerOrgId,
          periodStart,
          actor.userId,
        );
        await this.refresher.afterNewData(
          pid,
          [periodStart],
          new Date().toISOString().slice(0, 10),
          this.config.REPORT_DEBOUNCE_MS,
          actor.userId,
        );
      }
      return { saved, runs };
    });
  }

  /** Separation of duties: nobody reviews a revision they submitted; only its provider answers. */
  private checkParty(
    access: PartnershipAccess,
    actor: Actor,
    r: FinancialReturn,
    party: Party,
  ): void {
    if (party === 'reviewer' && r.submittedBy && r.submittedBy === actor.userId) {
      throw ProblemException.forbidden(
        'You submitted this revision: another finance user reviews it.',
        ProblemType.SeparationOfDuties,
      );
    }
    if (party === 'provider' && !actFor(access, 'financial-returns', 'answer', r.providerOrgId)) {
      throw ProblemException.forbidden(
        'Only a member of the return’s provider organisation answers its query.',
      );
    }
  }

  /** The open-book roles read every provider's returns; a provider its own. */
  private reads(access: PartnershipAccess, providerOrgId: string): boolean {
    return actFor(access, 'financial-returns', 'read', providerOrgId);
  }
}
