import type { ContractRule } from '@ol/outcomes';
import type {
  FinanceRepository,
  FinancialReturn,
  FinancialReturnWithLines,
  JobRun,
  MemberRepository,
  NewFinancialReturn,
  NewShareRule,
  OrganisationRepository,
  ReturnReviewRepository,
  ShareRule,
} from '@ol/persistence';
import { ProblemType } from '../../common/problems/problem';
import {
  ACTOR,
  FakeAudit,
  FakePeriods,
  accessTo,
  fakeDb,
  problemOf,
  fakePartnerships,
} from '../../testing/service-fakes';
import type { SubmitReturnDto } from './dto/financial-return.dto';
import type { CreateShareRuleDto } from './dto/share-rule.dto';
import { FinanceService } from './finance.service';
import type { ShareEvaluationRequests } from './share-evaluation-requests';
import type { ShareRuleTerms } from './share-rule-terms';

const PID = '11111111-1111-4111-8111-111111111111';
const ORG = '22222222-2222-4222-8222-22222222222a';
const TERM = { start: '2026-04-01', end: '2099-03-31' };

/** A rule in force: a target-cost rule without a fixed target cost needs each return's own. */
const rule = (id: string, painShare: boolean): ShareRule =>
  ({
    id,
    name: `Rule ${id}`,
    terms: painShare ? { kind: 'target_cost' } : { kind: 'reasonable_surplus' },
    supersededAt: null,
  }) as unknown as ShareRule;

/** Returns and rules in memory: revisions numbered per provider and quarter. */
class FakeFinance implements Pick<
  FinanceRepository,
  'activeRules' | 'submitReturn' | 'findRule' | 'createRule' | 'latestReturnPeriods'
> {
  readonly returns: NewFinancialReturn[] = [];
  readonly rules: ShareRule[] = [];
  readonly created: NewShareRule[] = [];

  activeRules(): Promise<ShareRule[]> {
    return Promise.resolve(this.rules.filter((r) => !r.supersededAt));
  }

  submitReturn(_pid: string, data: NewFinancialReturn): Promise<FinancialReturnWithLines> {
    this.returns.push(data);
    const revision = this.returns.filter((r) => r.periodLabel === data.periodLabel).length;
    return Promise.resolve({
      id: `return-${this.returns.length}`,
      revision,
      submittedAt: '2026-12-01T10:00:00.000Z',
      ...data,
    } as unknown as FinancialReturnWithLines);
  }

  findRule(_pid: string, id: string): Promise<ShareRule | null> {
    return Promise.resolve(this.rules.find((r) => r.id === id) ?? null);
  }

  createRule(_pid: string, data: NewShareRule): Promise<ShareRule> {
    this.created.push(data);
    return Promise.resolve({ id: `rule-${this.created.length}`, ...data } as unknown as ShareRule);
  }

  latestReturnPeriods(): Promise<{ providerOrgId: string; periodStart: string }[]> {
    return Promise.resolve(
      this.returns.map((r) => ({ providerOrgId: r.providerOrgId, periodStart: r.periodStart })),
    );
  }
}

function setUp(
  options: { closed?: FakePeriods['closed']; openRevision?: Partial<FinancialReturn> } = {},
) {
  const finance = new FakeFinance();
  const reviewEvents: string[] = [];
  const reviews: Pick<ReturnReviewRepository, 'lockOpenRevision' | 'apply' | 'record'> = {
    lockOpenRevision: () =>
      Promise.resolve((options.openRevision as FinancialReturn | undefined) ?? null),
    apply: (_pid, id, change) => {
      reviewEvents.push(`${id}:${change.event}`);
      return Promise.resolve({} as FinancialReturnWithLines);
    },
    record: (_pid, id, event) => {
      reviewEvents.push(`${id}:${event}`);
      return Promise.resolve({} as Awaited<ReturnType<ReturnReviewRepository['record']>>);
    },
  };
  const requested: string[] = [];
  const evaluations: Pick<ShareEvaluationRequests, 'request'> = {
    request: (_pid, ruleId, providerOrgId, fyStart) => {
      requested.push(`${ruleId}/${providerOrgId}/${fyStart}`);
      return Promise.resolve({ id: `run-${requested.length}` } as JobRun);
    },
  };
  const terms: Pick<ShareRuleTerms, 'termsOf' | 'checkParties'> = {
    termsOf: (dto) => dto.terms!,
    checkParties: () => Promise.resolve(),
  };
  const members: Pick<MemberRepository, 'hasRole'> = {
    hasRole: (_pid, orgId, role) => Promise.resolve(orgId === ORG && role === 'provider'),
  };
  const audit = new FakeAudit();
  const service = new FinanceService(
    fakeDb(),
    finance as unknown as FinanceRepository,
    members as MemberRepository,
    fakePartnerships(PID, TERM),
    {} as OrganisationRepository,
    evaluations as ShareEvaluationRequests,
    reviews as ReturnReviewRepository,
    audit.asRepository(),
    terms as ShareRuleTerms,
    new FakePeriods(options.closed).asGuard(),
  );
  return { service, finance, audit, reviewEvents, requested };
}

const provider = accessTo(PID, { roles: ['provider'], providerOrganisationIds: [ORG] });
const submission = (dto: Partial<SubmitReturnDto> = {}): SubmitReturnDto => ({
  period: '2026-27 Q1',
  revenue: '120000.00',
  costs: [{ category: 'direct', amount: '100000.00' }],
  ...dto,
});

describe(FinanceService.name, () => {
  describe('submitReturn', () => {
    it('stores the first revision as submitted and asks each rule in force to evaluate the year', async () => {
      const { service, finance, audit, reviewEvents, requested } = setUp();
      finance.rules.push(rule('r1', false), rule('r2', false));
      const { saved, runs } = await service.submitReturn(provider, ACTOR, submission());
      expect(finance.returns).toMatchObject([
        { providerOrgId: ORG, periodLabel: '2026-27 Q1', reviewStatus: 'submitted' },
      ]);
      expect(reviewEvents).toEqual([`${saved.id}:submitted`]);
      expect(audit.actions).toEqual(['financial_return.submitted']);
      expect(requested).toEqual([`r1/${ORG}/2026-04-01`, `r2/${ORG}/2026-04-01`]);
      expect(runs).toHaveLength(2);
    });

    it.each([
      [
        'before the partnership',
        '2025-26 Q4',
        "is outside the partnership's dates (2026-04-01 to 2099-03-31)",
      ],
      ['after the current quarter', '2098-99 Q1', 'is after the current quarter'],
    ])('refuses a quarter %s (422 on period), storing nothing', async (_, period, reason) => {
      const { service, finance } = setUp();
      const problem = await problemOf(
        service.submitReturn(provider, ACTOR, submission({ period })),
      );
      expect(problem).toMatchObject({
        type: ProblemType.DomainRule,
        status: 422,
        errors: [{ field: 'period', value: period }],
      });
      expect(problem.errors?.[0].reason).toContain(reason);
      expect(finance.returns).toEqual([]);
    });

    it('refuses a return without the target cost a pain-share rule needs (422 on targetCost)', async () => {
      const { service, finance } = setUp();
      finance.rules.push(rule('pain', true));
      const problem = await problemOf(service.submitReturn(provider, ACTOR, submission()));
      expect(problem.errors).toMatchObject([{ field: 'targetCost', value: null }]);
      expect(finance.returns).toEqual([]);
      await service.submitReturn(provider, ACTOR, submission({ targetCost: '110000.00' }));
      expect(finance.returns).toHaveLength(1);
    });

    it('refuses a label that is not a quarter (400 on period)', async () => {
      const { service } = setUp();
      const problem = await problemOf(
        service.submitReturn(provider, ACTOR, submission({ period: '2026-27' })),
      );
      expect(problem).toMatchObject({
        type: ProblemType.Validation,
        status: 400,
        errors: [{ field: 'period', value: '2026-27' }],
      });
    });

    it('refuses a return for a closed quarter (409 period-locked)', async () => {
      const { service, finance } = setUp({
        closed: [{ label: '2026-27 Q1', start: '2026-04-01', end: '2026-06-30' }],
      });
      const problem = await problemOf(service.submitReturn(provider, ACTOR, submission()));
      expect(problem).toMatchObject({ type: ProblemType.PeriodLocked, quarters: ['2026-27 Q1'] });
      expect(finance.returns).toEqual([]);
    });

    it('supersedes the revision awaiting a decision; one answering a query is resubmitted', async () => {
      const { service, finance, audit, reviewEvents } = setUp({
        openRevision: { id: 'return-old', revision: 1, reviewStatus: 'queried' },
      });
      await service.submitReturn(provider, ACTOR, submission());
      expect(reviewEvents[0]).toBe('return-old:superseded');
      expect(finance.returns[0].reviewStatus).toBe('resubmitted');
      expect(audit.actions).toEqual(['financial_return.superseded', 'financial_return.submitted']);
    });
  });

  describe('createRule', () => {
    const terms = { kind: 'reasonable_surplus' } as unknown as ContractRule;
    const dto = (more: Partial<CreateShareRuleDto> = {}): CreateShareRuleDto => ({
      name: 'Alliance',
      terms,
      ...more,
    });

    it('records the rule and asks it to evaluate each provider’s latest financial year', async () => {
      const { service, finance, audit, requested } = setUp();
      await service.submitReturn(provider, ACTOR, submission({ period: '2026-27 Q2' }));
      const { rule: created, runs } = await service.createRule(provider, ACTOR, dto());
      expect(finance.created).toMatchObject([{ name: 'Alliance', kind: 'reasonable_surplus' }]);
      expect(requested).toEqual([`${created.id}/${ORG}/2026-04-01`]);
      expect(runs).toHaveLength(1);
      expect(audit.actions.at(-1)).toBe('share_rule.created');
    });

    it('refuses to replace a rule that does not exist (422) or was replaced already (409)', async () => {
      const { service, finance } = setUp();
      const missing = await problemOf(
        service.createRule(provider, ACTOR, dto({ supersedes: 'nope' })),
      );
      expect(missing).toMatchObject({
        status: 422,
        errors: [{ field: 'supersedes', value: 'nope' }],
      });
      finance.rules.push({ ...rule('old', false), supersededAt: new Date().toISOString() });
      const replaced = await problemOf(
        service.createRule(provider, ACTOR, dto({ supersedes: 'old' })),
      );
      expect(replaced).toMatchObject({ type: ProblemType.Conflict, status: 409 });
      expect(finance.created).toEqual([]);
    });
  });
});
