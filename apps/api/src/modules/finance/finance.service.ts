import { Injectable } from '@nestjs/common';
import {
  checkReturnAdmission,
  financialYearOf,
  needsReturnTargetCost,
  type ContractRule,
  newRevisionStatus,
  parseFinancialYearLabel,
  parseQuarterLabel,
  quarterOf,
  totalOf,
  type Quarter,
} from '@ol/outcomes';
import {
  AuditRepository,
  Db,
  FinanceRepository,
  MemberRepository,
  OrganisationRepository,
  PartnershipRepository,
  ReturnReviewRepository,
  type Actor,
  type FinancialReturn,
  type FinancialReturnWithLines,
  type JobRun,
  type Paged,
  type Partnership,
  type ShareEvaluation,
  type ShareRule,
  type InputJsonValue,
} from '@ol/persistence';
import { providerToActFor } from '../../common/auth/acting-for';
import type { PartnershipAccess } from '../../common/auth/auth-context';
import { visibleProviders } from '../../common/auth/policy';
import { ProblemException } from '../../common/problems/problem';
import type { ListReturnsQuery, SubmitReturnDto } from './dto/financial-return.dto';
import type { ListEvaluationsQuery } from './dto/share-evaluation.dto';
import type { CreateShareRuleDto } from './dto/share-rule.dto';
import { ShareRuleTerms } from './share-rule-terms';
import { ShareEvaluationRequests } from './share-evaluation-requests';
import { PeriodGuard } from '../periods/period-guard';
import { termOf } from '../partnerships/partnership-term';

/** Roles that see every provider's open book; a provider sees its own. */

/** The server's UTC date: which quarter is the current one. */
const today = (): string => new Date().toISOString().slice(0, 10);

/**
 * Open book: providers' returns (restatements kept), the contract's surplus-share rules, their
 * evaluations and the triggers finance staff act on. A submitted return or a changed rule asks
 * (through the run outbox) for the financial year to date to be evaluated by the worker.
 */
@Injectable()
export class FinanceService {
  constructor(
    private readonly db: Db,
    private readonly finance: FinanceRepository,
    private readonly members: MemberRepository,
    private readonly partnerships: PartnershipRepository,
    private readonly organisations: OrganisationRepository,
    private readonly evaluations: ShareEvaluationRequests,
    private readonly reviews: ReturnReviewRepository,
    private readonly audit: AuditRepository,
    private readonly rules: ShareRuleTerms,
    private readonly periods: PeriodGuard,
  ) {}

  allowableCost(r: FinancialReturnWithLines): string {
    return totalOf(r.lines.filter((l) => l.allowable).map((l) => l.amount)).toFixed(2);
  }

  /**
   * Stores a return (or its restatement) and asks for each rule in force to evaluate the
   * provider's financial year; returns the return with those evaluation runs, to poll. A return
   * the rules could not evaluate is refused first (422 naming the field); nothing is stored. The
   * new revision awaits review: it replaces (supersedes) the period's revision awaiting a
   * decision, and answers that one's query if it was queried (resubmitted).
   */
  submitReturn(
    access: PartnershipAccess,
    actor: Actor,
    dto: SubmitReturnDto,
  ): Promise<{ saved: FinancialReturnWithLines; runs: JobRun[] }> {
    return this.db.transaction(async () => {
      const partnership = (await this.partnerships.findById(access.partnershipId))!;
      const providerOrgId = await this.providerFor(access, dto.providerOrganisationId);
      const quarter = this.quarterOf(partnership, dto.period);
      const rules = await this.finance.activeRules(access.partnershipId, providerOrgId);
      checkReturnAdmission(
        { period: quarter, periodAsGiven: dto.period, targetCost: dto.targetCost },
        {
          term: termOf(partnership),
          currentQuarter: quarterOf(today(), partnership.fyStartMonth),
          rules: rules.map((r) => ({
            name: r.name,
            painShare: needsReturnTargetCost(r.terms as unknown as ContractRule),
          })),
        },
      );
      await this.periods.assertOpen(access.partnershipId, [quarter.start], 'The financial return');
      const replaced = await this.replaceOpenRevision(access, actor, providerOrgId, quarter);
      const reviewStatus = newRevisionStatus(replaced?.reviewStatus ?? null);
      const saved = await this.finance.submitReturn(access.partnershipId, {
        providerOrgId,
        reviewStatus,
        periodStart: quarter.start,
        periodEnd: quarter.end,
        periodLabel: quarter.label,
        revenue: dto.revenue,
        targetCost: dto.targetCost ?? null,
        note: dto.note ?? null,
        submittedBy: actor.userId,
        lines: dto.costs.map((c) => ({
          category: c.category,
          description: c.description ?? null,
          amount: c.amount,
          allowable: c.allowable ?? true,
        })),
      });
      await this.reviews.record(
        access.partnershipId,
        saved.id,
        reviewStatus,
        actor.userId,
        dto.note ?? null,
        saved.submittedAt,
      );
      await this.audit.record(access.partnershipId, actor, {
        action: saved.revision > 1 ? 'financial_return.restated' : 'financial_return.submitted',
        entityType: 'financial_return',
        entityId: saved.id,
        details: {
          period: quarter.label,
          providerOrgId,
          revision: saved.revision,
          revenue: dto.revenue,
          reviewStatus,
          replaces: replaced ? { id: replaced.id, revision: replaced.revision } : null,
        },
      });
      const year = financialYearOf(quarter.start, partnership.fyStartMonth);
      const runs: JobRun[] = [];
      for (const rule of rules) {
        runs.push(
          await this.requestEvaluation(
            access.partnershipId,
            rule.id,
            providerOrgId,
            year.start,
            actor.userId,
          ),
        );
      }
      return { saved, runs };
    });
  }

  /**
   * Supersedes the revision of the provider's quarter still awaiting a decision, if any (recorded
   * and audited): a new revision replaces it. Returns it as it was, to say what the new one answers.
   */
  private async replaceOpenRevision(
    access: PartnershipAccess,
    actor: Actor,
    providerOrgId: string,
    quarter: Quarter,
  ): Promise<FinancialReturn | null> {
    const replaced = await this.reviews.lockOpenRevision(
      access.partnershipId,
      providerOrgId,
      quarter.start,
    );
    if (!replaced) return null;
    await this.reviews.apply(access.partnershipId, replaced.id, {
      event: 'superseded',
      status: 'superseded',
      actorId: actor.userId!,
      note: `Replaced by revision ${replaced.revision + 1}`,
    });
    await this.audit.record(access.partnershipId, actor, {
      action: 'financial_return.superseded',
      entityType: 'financial_return',
      entityId: replaced.id,
      details: {
        period: quarter.label,
        providerOrgId,
        revision: replaced.revision,
        from: replaced.reviewStatus,
        to: 'superseded',
      },
    });
    return replaced;
  }

  /** The quarter a return reports, by its label; 400 when the label is not one. */
  private quarterOf(partnership: Partnership, label: string): Quarter {
    try {
      return parseQuarterLabel(label.trim(), partnership.fyStartMonth);
    } catch {
      throw ProblemException.validation([
        {
          field: 'period',
          value: label,
          reason: `must be a quarter of the partnership's financial year, e.g. "${partnership.fyStartMonth === 1 ? '2026 Q1' : '2026-27 Q1'}"`,
        },
      ]);
    }
  }

  async listReturns(
    access: PartnershipAccess,
    query: ListReturnsQuery,
  ): Promise<FinancialReturnWithLines[]> {
    const partnership = (await this.partnerships.findById(access.partnershipId))!;
    let window: { from?: string; to?: string } = {};
    if (query.period) {
      const label = query.period.trim();
      try {
        const p = /Q[1-4]$/.test(label)
          ? parseQuarterLabel(label, partnership.fyStartMonth)
          : parseFinancialYearLabel(label, partnership.fyStartMonth);
        window = { from: p.start, to: p.end };
      } catch {
        throw ProblemException.validation([
          {
            field: 'period',
            value: query.period,
            reason: 'must be a financial year ("2026-27") or quarter ("2026-27 Q1")',
          },
        ]);
      }
    }
    return this.finance.listReturns(access.partnershipId, {
      providerOrgIds: this.visibleProviders(access, query.providerOrganisationId),
      ...window,
      allRevisions: query.allRevisions === 'true',
      reviewStatuses: query.reviewStatus ? [query.reviewStatus] : undefined,
    });
  }

  async getReturn(access: PartnershipAccess, id: string): Promise<FinancialReturnWithLines> {
    const r = await this.finance.findReturn(access.partnershipId, id);
    const visible = this.visibleProviders(access);
    if (!r || (visible && !visible.includes(r.providerOrgId)))
      throw ProblemException.notFound('Financial return');
    return r;
  }

  /**
   * Records a rule (or a replacement) and asks for it to be evaluated for each provider's latest
   * financial year with returns; returns the rule with those evaluation runs, to poll.
   */
  createRule(
    access: PartnershipAccess,
    actor: Actor,
    dto: CreateShareRuleDto,
  ): Promise<{ rule: ShareRule; runs: JobRun[] }> {
    // The terms are checked by the same code that will evaluate them, before anything is read.
    const terms = this.rules.termsOf(dto);
    return this.db.transaction(async () => {
      await this.rules.checkParties(access.partnershipId, dto, terms);
      if (dto.supersedes) {
        const old = await this.finance.findRule(access.partnershipId, dto.supersedes);
        if (!old)
          throw ProblemException.unprocessable('The rule to replace does not exist.', [
            { field: 'supersedes', value: dto.supersedes, reason: 'no such rule' },
          ]);
        if (old.supersededAt)
          throw ProblemException.conflict('That rule has already been replaced.');
      }
      const rule = await this.finance.createRule(
        access.partnershipId,
        {
          name: dto.name,
          providerOrgId: dto.providerOrganisationId ?? null,
          kind: terms.kind,
          terms: terms as unknown as InputJsonValue,
          createdBy: actor.userId,
        },
        dto.supersedes,
      );
      await this.audit.record(access.partnershipId, actor, {
        action: dto.supersedes ? 'share_rule.replaced' : 'share_rule.created',
        entityType: 'share_rule',
        entityId: rule.id,
        details: JSON.parse(JSON.stringify({ ...dto, terms })) as InputJsonValue,
      });
      // Evaluate the new terms for each provider's financial year to date (the year of its latest return).
      const partnership = (await this.partnerships.findById(access.partnershipId))!;
      const runs: JobRun[] = [];
      for (const latest of await this.finance.latestReturnPeriods(
        access.partnershipId,
        dto.providerOrganisationId,
      )) {
        const year = financialYearOf(latest.periodStart, partnership.fyStartMonth);
        runs.push(
          await this.requestEvaluation(
            access.partnershipId,
            rule.id,
            latest.providerOrgId,
            year.start,
            actor.userId,
          ),
        );
      }
      return { rule, runs };
    });
  }

  listRules(partnershipId: string, includeSuperseded: boolean): Promise<ShareRule[]> {
    return this.finance.listRules(partnershipId, includeSuperseded);
  }

  /** Evaluations, completed and failed, newest first; a provider sees its own. */
  listEvaluations(
    access: PartnershipAccess,
    query: ListEvaluationsQuery,
  ): Promise<Paged<ShareEvaluation>> {
    return this.finance.listEvaluations(
      access.partnershipId,
      {
        providerOrgIds: visibleProviders(
          access,
          'share-evaluations',
          'read',
          query.providerOrganisationId,
        ),
        ruleId: query.ruleId,
        status: query.status,
      },
      query,
    );
  }

  /** Asks for an evaluation (joining one that waits to start); returns its run. */
  private requestEvaluation(
    partnershipId: string,
    ruleId: string,
    providerOrgId: string,
    fyStart: string,
    by: string | null,
  ): Promise<JobRun> {
    return this.evaluations.request(partnershipId, ruleId, providerOrgId, fyStart, by);
  }

  /** undefined: every provider's returns; else the provider organisations the caller may see. */
  private visibleProviders(access: PartnershipAccess, requested?: string): string[] | undefined {
    return visibleProviders(access, 'financial-returns', 'read', requested);
  }

  private async providerFor(access: PartnershipAccess, requested?: string): Promise<string> {
    const orgId = providerToActFor(access, 'financial-returns', 'submit', requested, {
      required: 'is required: say whose return this is',
      forbidden: 'Providers submit returns only for their own organisation.',
    });
    if (!(await this.members.hasRole(access.partnershipId, orgId, 'provider'))) {
      throw ProblemException.unprocessable(
        'The organisation is not a provider in this partnership.',
        [{ field: 'providerOrganisationId', value: orgId, reason: 'must be a provider member' }],
      );
    }
    return orgId;
  }
}
