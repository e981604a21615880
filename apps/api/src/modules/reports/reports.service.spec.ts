import type { RunRequester } from '@ol/jobs';
import type { JobRun, Report, ReportRepository, RunRepository } from '@ol/persistence';
import { ProblemType } from '../../common/problems/problem';
import {
  ACTOR,
  FakeAudit,
  accessTo,
  fakeDb,
  fakePartnerships,
  problemOf,
} from '../../testing/service-fakes';
import type { SignOffResponse } from './dto/sign-off.dto';
import { ReportsService } from './reports.service';
import type { SignOffReader } from './sign-off-reader';

const PID = '11111111-1111-4111-8111-111111111111';
const ORG = '22222222-2222-4222-8222-22222222222a';
const OTHER = '22222222-2222-4222-8222-22222222222b';

/** A stored version with its investment (open-book) and its value (not). */
const version = (id: string, periodStart: string, periodEnd: string): Report =>
  ({
    id,
    scope: 'quarter',
    periodStart,
    periodEnd,
    version: 1,
    figures: { totals: { investment: '1000.00', presentValue: '3000.00', sroiRatio: '3.00' } },
    changes: null,
  }) as unknown as Report;

function setUp(shareOpenBookWithProviders = false) {
  const orders: unknown[] = [];
  const requester: Pick<RunRequester, 'request'> = {
    request: (_pid, order) => {
      orders.push(order);
      return Promise.resolve({ run: { id: `run-${orders.length}` } as JobRun, created: true });
    },
  };
  const stored = [version('q1', '2026-04-01', '2026-06-30')];
  const reports: Pick<ReportRepository, 'find' | 'currentOf' | 'findCurrent'> = {
    find: (_pid, id) => Promise.resolve(stored.find((r) => r.id === id) ?? null),
    currentOf: (_pid, ids) => Promise.resolve(new Set(ids.filter((id) => id === 'q1'))),
    findCurrent: (_pid, key) =>
      Promise.resolve(
        stored.find((r) => r.scope === key.scope && r.periodStart === key.periodStart) ?? null,
      ),
  };
  const runs: JobRun[] = [
    {
      id: 'mine',
      kind: 'report',
      requestedBy: ACTOR.userId,
      params: { scope: 'quarter', quarter: '2026-27 Q1' },
    } as unknown as JobRun,
    {
      id: 'evaluation',
      kind: 'share_evaluation',
      requestedBy: null,
      params: { ruleId: 'r', providerOrgId: ORG, fyStart: '2026-04-01' },
    } as unknown as JobRun,
  ];
  const runRepository: Pick<RunRepository, 'find'> = {
    find: (_pid, id) => Promise.resolve(runs.find((r) => r.id === id) ?? null),
  };
  const signOffs: Pick<SignOffReader, 'statesOf' | 'sinceSignedOff'> = {
    statesOf: (_pid, ids) =>
      Promise.resolve(
        new Map(ids.map((id) => [id, { status: 'none' } as unknown as SignOffResponse])),
      ),
    sinceSignedOff: () => Promise.resolve(null),
  };
  const audit = new FakeAudit();
  const service = new ReportsService(
    fakeDb(),
    requester as RunRequester,
    runRepository as RunRepository,
    reports as ReportRepository,
    fakePartnerships(
      PID,
      { start: '2026-04-01', end: '2031-03-31' },
      { shareOpenBookWithProviders },
    ),
    audit.asRepository(),
    signOffs as SignOffReader,
  );
  return { service, orders, audit };
}

const board = accessTo(PID, { roles: ['board'] });
const provider = accessTo(PID, { roles: ['provider'], providerOrganisationIds: [ORG] });
const otherProvider = accessTo(PID, { roles: ['provider'], providerOrganisationIds: [OTHER] });
const totalsOf = (report: Pick<Report, 'figures'>) =>
  (report.figures as { totals: Record<string, unknown> }).totals;

describe(ReportsService.name, () => {
  describe('request', () => {
    it('asks for a run of the quarter by its label, audited', async () => {
      const { service, orders, audit } = setUp();
      const run = await service.request(PID, ACTOR, { scope: 'quarter', quarter: ' 2026-27 Q1 ' });
      expect(run.id).toBe('run-1');
      expect(orders).toMatchObject([
        { kind: 'report', params: { scope: 'quarter', quarter: '2026-27 Q1' } },
      ]);
      expect(audit.actions).toEqual(['report.requested']);
    });

    it.each([
      ['not a quarter label', '2026-27'],
      ['before the partnership', '2025-26 Q4'],
      ['after the partnership', '2031-32 Q1'],
    ])('refuses a quarter %s (400 on quarter), asking for nothing', async (_, quarter) => {
      const { service, orders } = setUp();
      const problem = await problemOf(service.request(PID, ACTOR, { scope: 'quarter', quarter }));
      expect(problem).toMatchObject({
        type: ProblemType.Validation,
        status: 400,
        errors: [{ field: 'quarter', value: quarter }],
      });
      expect(orders).toEqual([]);
    });

    it('refuses a quarter that has not begun (422: a report covers what has happened)', async () => {
      const { service, orders } = setUp();
      const problem = await problemOf(
        service.request(PID, ACTOR, { scope: 'quarter', quarter: '2030-31 Q4' }),
      );
      expect(problem).toMatchObject({ type: ProblemType.DomainRule, status: 422 });
      expect(problem.errors?.[0].reason).toMatch(/^is after the current quarter/);
      expect(orders).toEqual([]);
    });
  });

  describe('reading versions', () => {
    it('shows the board the investment, and a provider the value without it', async () => {
      const { service } = setUp();
      const forBoard = await service.get(board, 'q1');
      expect(forBoard.current).toBe(true);
      expect(totalsOf(forBoard.report)).toMatchObject({ investment: '1000.00', sroiRatio: '3.00' });
      const forProvider = await service.get(provider, 'q1');
      expect(totalsOf(forProvider.report)).toMatchObject({
        investment: null,
        sroiRatio: null,
        presentValue: '3000.00',
      });
    });

    it('shows a provider the investment where the partnership shares the open book', async () => {
      const { service } = setUp(true);
      const view = await service.current(provider, { scope: 'quarter', quarter: '2026-27 Q1' });
      expect(totalsOf(view.report)).toMatchObject({ investment: '1000.00' });
    });

    it('answers 404 for a missing version or a quarter with none, 400 for a bad quarter', async () => {
      const { service } = setUp();
      expect(await problemOf(service.get(board, 'nope'))).toMatchObject({ status: 404 });
      expect(
        await problemOf(service.current(board, { scope: 'quarter', quarter: '2026-27 Q2' })),
      ).toMatchObject({ type: ProblemType.NotFound, status: 404 });
      expect(
        await problemOf(service.current(board, { scope: 'quarter', quarter: '2040-41 Q1' })),
      ).toMatchObject({ type: ProblemType.Validation, errors: [{ field: 'quarter' }] });
    });
  });

  describe('run', () => {
    it('shows a run to whoever asked for it and a provider its own evaluations, else 404', async () => {
      const { service } = setUp();
      expect((await service.run(otherProvider, ACTOR, 'mine')).id).toBe('mine');
      expect((await service.run(provider, { userId: null, keyId: 'k' }, 'evaluation')).id).toBe(
        'evaluation',
      );
      const someoneElse = { userId: '00000000-0000-4000-8000-0000000000bb', keyId: null };
      const hidden = await problemOf(service.run(otherProvider, someoneElse, 'evaluation'));
      expect(hidden).toMatchObject({ type: ProblemType.NotFound, status: 404 });
    });
  });
});
