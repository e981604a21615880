import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { evaluateContract, quarterOf, type ContractRule } from '@ol/outcomes';
import { PrismaService } from '@ol/persistence';
import request from 'supertest';
import { DEMO_QUARTERS } from '../../prisma/demo/calendar';
import { signOffDemoQuarter } from '../../prisma/demo-sign-off';
import { buildOnce, startProcess, startWorkerProcess, waitFor } from '../setup/child-process';
import { createTestApp, truncateAll } from '../setup/test-app';

const DEMO_PARTNERSHIP = '00000000-0000-4000-8000-00000000d001';
const FINANCE_KEY = { 'x-api-key': 'ol_demofinanc01_DemoFinanceKeyDoNotUseInProducti' };
const PROVIDER_KEY = { 'x-api-key': 'ol_demoprovid01_DemoProviderKeyDoNotUseInProduct' };
const ACORN = 'Acorn Employment CIC';

/**
 * The README's main command loads the demo data (`npm run db:seed`, the built prisma/seed.js):
 * it must run on a migrated database, and again on its own data without a change (idempotent),
 * or a newcomer's first command fails.
 */
describe('the demo seed (built script, real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;

  beforeAll(async () => {
    buildOnce();
    app = await createTestApp();
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
  }, 120_000);
  afterAll(() => app.close());

  const seed = async () => {
    const run = startProcess('prisma/seed.js', {});
    const { code } = await run.exited;
    if (code !== 0) throw new Error(`seed exited ${code}:\n${run.output().slice(-3000)}`);
  };
  const counts = async () => ({
    partnerships: await prisma.partnership.count({ where: { id: DEMO_PARTNERSHIP } }),
    outcomes: await prisma.outcome.count({ where: { partnershipId: DEMO_PARTNERSHIP } }),
    records: await prisma.deliveryRecord.count({ where: { partnershipId: DEMO_PARTNERSHIP } }),
    returns: await prisma.financialReturn.count({ where: { partnershipId: DEMO_PARTNERSHIP } }),
    members: await prisma.member.count({ where: { partnershipId: DEMO_PARTNERSHIP } }),
    reviews: await prisma.deliveryRecordReview.count({
      where: { partnershipId: DEMO_PARTNERSHIP },
    }),
    roles: await prisma.userRole.count({ where: { partnershipId: DEMO_PARTNERSHIP } }),
    runs: await prisma.jobRun.count({ where: { partnershipId: DEMO_PARTNERSHIP } }),
    triggers: await prisma.shareTrigger.count({ where: { partnershipId: DEMO_PARTNERSHIP } }),
  });

  it('loads the demo partnership, and a second run changes nothing', async () => {
    await seed();
    const first = await counts();
    expect(first.partnerships).toBe(1);
    expect(first.outcomes).toBeGreaterThanOrEqual(12);
    expect(first.records).toBeGreaterThan(1000);
    expect(first.returns).toBe(24);
    expect(first.members).toBe(6);
    await seed();
    expect(await counts()).toEqual(first);
  }, 120_000);

  it('is a realistic alliance: six members, fourteen outcomes of every kind, eight quarters, reviews and disputes', async () => {
    const where = { partnershipId: DEMO_PARTNERSHIP };
    const members = await prisma.member.findMany({ where, include: { organisation: true } });
    expect(members.map((m) => m.role).sort()).toEqual([
      'commissioner',
      'community',
      'funder',
      'provider',
      'provider',
      'provider',
    ]);
    expect(members.every((m) => m.organisation.kind === m.role)).toBe(true);

    const outcomes = await prisma.outcome.findMany({ where, include: { valuation: true } });
    expect(outcomes.length).toBeGreaterThanOrEqual(12);
    const byId = new Map(outcomes.map((o) => [o.id, o]));
    // A decrease outcome with a baseline, valued on what it avoids.
    expect(
      outcomes.find(
        (o) =>
          o.direction === 'decrease' &&
          o.baselineValue !== null &&
          o.valuation?.basis === 'avoided',
      ),
    ).toBeDefined();
    // A survey (mean) outcome valued through its companion count.
    const survey = outcomes.find((o) => o.aggregation === 'mean')!;
    expect(survey.valuation).toMatchObject({ basis: 'count_outcome' });
    expect(byId.get(survey.valuation!.countOutcomeId!)?.aggregation).toBe('sum');
    // A three-level hierarchy (mission → place → neighbourhood), valued at one level only.
    const depth = (id: string | null): number => (id ? 1 + depth(byId.get(id)!.parentId) : 0);
    const leaves = outcomes.filter((o) => depth(o.id) === 3);
    expect(leaves.length).toBeGreaterThan(0);
    for (const leaf of leaves) {
      const branch = [leaf.id, leaf.parentId!, byId.get(leaf.parentId!)!.parentId!];
      expect(branch.filter((id) => byId.get(id)!.valuation).length).toBe(1);
    }

    // Eight quarters of delivery, from three providers, none in the future, each with its
    // external reference, inside the partnership's term.
    const partnership = await prisma.partnership.findUniqueOrThrow({
      where: { id: DEMO_PARTNERSHIP },
    });
    const records = await prisma.deliveryRecord.findMany({
      where,
      select: { activityDate: true, externalRef: true, status: true, providerOrgId: true },
    });
    const days = records.map((r) => r.activityDate.toISOString().slice(0, 10)).sort();
    const quarters = new Set(days.map((d) => quarterOf(d, partnership.fyStartMonth).label));
    expect([...quarters].sort()).toEqual(DEMO_QUARTERS.map((q) => q.label).sort());
    expect(days.at(-1)! <= new Date().toISOString().slice(0, 10)).toBe(true);
    expect(days[0] >= partnership.startDate.toISOString().slice(0, 10)).toBe(true);
    expect(days.at(-1)! <= partnership.endDate.toISOString().slice(0, 10)).toBe(true);
    expect(records.every((r) => r.externalRef)).toBe(true);
    expect(new Set(records.map((r) => r.providerOrgId)).size).toBe(3);
    const statuses = new Set(records.map((r) => r.status));
    expect([...statuses].sort()).toEqual(['claimed', 'disputed', 'rejected', 'verified']);
    // Each provider's open-book return for each quarter, money kept to the penny.
    const returns = await prisma.financialReturn.groupBy({
      by: ['providerOrgId'],
      where,
      _count: true,
    });
    expect(returns.map((r) => r._count)).toEqual([8, 8, 8]);

    // Someone in every role, a provider user for each provider.
    const roles = await prisma.userRole.findMany({ where });
    expect(new Set(roles.map((r) => r.role))).toEqual(
      new Set(['board', 'finance', 'provider', 'verifier', 'auditor']),
    );
    expect(
      new Set(roles.filter((r) => r.role === 'provider').map((r) => r.organisationId)).size,
    ).toBe(3);
  }, 60_000);

  it('has one provider over its reasonable surplus this year, by the rule and the function the worker evaluates with', async () => {
    const rule = await prisma.shareRule.findFirstOrThrow({
      where: { partnershipId: DEMO_PARTNERSHIP },
    });
    const terms = rule.terms as unknown as ContractRule;
    const year = DEMO_QUARTERS.at(-1)!.financialYear;
    const providers = await prisma.member.findMany({
      where: { partnershipId: DEMO_PARTNERSHIP, role: 'provider' },
      include: { organisation: true },
    });
    const states: Record<string, string> = {};
    for (const { organisation } of providers) {
      const returns = await prisma.financialReturn.findMany({
        where: {
          partnershipId: DEMO_PARTNERSHIP,
          providerOrgId: organisation.id,
          reviewStatus: 'accepted',
          periodStart: { gte: new Date(`${year.start}T00:00:00Z`) },
        },
        include: { lines: true },
        orderBy: { periodStart: 'asc' },
      });
      expect(returns).toHaveLength(2);
      const evaluation = evaluateContract(
        terms,
        returns.map((r) => ({
          label: r.periodLabel,
          periodStart: r.periodStart.toISOString().slice(0, 10),
          periodEnd: r.periodEnd.toISOString().slice(0, 10),
          revenue: r.revenue.toString(),
          costs: r.lines.map((l) => ({ category: l.category, amount: l.amount.toString() })),
        })),
        { start: year.start, end: DEMO_QUARTERS.at(-1)!.end },
      );
      if (evaluation.kind !== 'reasonable_surplus') throw new Error(evaluation.kind);
      states[organisation.name] = evaluation.state;
      if (organisation.name === ACORN) {
        expect(evaluation.surplus.greaterThan(evaluation.reasonableSurplus)).toBe(true);
      }
    }
    expect(states).toEqual({
      [ACORN]: 'above',
      'Riverside Housing Trust': 'below',
      'Brightpath Health and Wellbeing': 'below',
    });
  }, 60_000);

  it("shows an open book with a settled first crossing and, once the worker evaluates each provider, a later adjustment of the increase only and this year's crossing", async () => {
    const worker = await startWorkerProcess({ RECONCILE_INTERVAL_SECONDS: '1', LOG_LEVEL: 'warn' });
    try {
      const http = request(app.getHttpServer());
      const base = `/v1/partnerships/${DEMO_PARTNERSHIP}`;
      // Nine evaluations (three providers, three years) in all: wait for every one to be done.
      await waitFor(
        async () =>
          (await prisma.jobRun.count({
            where: { partnershipId: DEMO_PARTNERSHIP, kind: 'share_evaluation', status: 'done' },
          })) === 9 || undefined,
        90_000,
        'the open book evaluations',
      );
      type Trigger = {
        providerOrganisationId: string;
        windowStart: string;
        reason: string;
        status: string;
        adjustments: { role: string; amount: string }[];
        settlements: { reference: string; retained: boolean }[];
      };
      const triggers = (await http.get(`${base}/triggers`).set(FINANCE_KEY).expect(200)).body
        .data as Trigger[];
      const acorn = (await prisma.organisation.findFirstOrThrow({ where: { name: ACORN } })).id;
      // Only Acorn crosses: the other providers stay below their reasonable surplus.
      expect(triggers.map((t) => t.providerOrganisationId)).toEqual([acorn, acorn, acorn]);
      const of = (windowStart: string, reason: string) =>
        triggers.find((t) => t.windowStart === windowStart && t.reason === reason)!;
      // 2025-26 H1: excess 46,000 → provider 10,000 (retained), council 30,800, fund 5,200, settled.
      const first = of('2025-04-01', 'crossing');
      expect(first).toMatchObject({ status: 'settled' });
      expect(first.adjustments.map((a) => a.amount)).toEqual(['10000.00', '30800.00', '5200.00']);
      expect(first.settlements.map((s) => [s.retained, s.reference])).toEqual([
        [true, 'BACS NEA-2025-H1'],
        [false, 'BACS NEA-2025-H1'],
        [false, 'BACS NEA-2025-H1'],
      ]);
      // The full year: excess 92,000 → council 67,600, fund 14,400: only the increase is raised.
      const later = of('2025-04-01', 'adjustment');
      expect(later).toMatchObject({ status: 'open' });
      expect(later.adjustments.map((a) => a.amount)).toEqual(['0.00', '36800.00', '9200.00']);
      // 2026-27 to date: surplus 112,875 over 46,170 reasonable → excess 66,705: provider 10,000,
      // council 10,000 + 80% of 46,705 = 47,364, fund 9,341.
      const current = of('2026-04-01', 'crossing');
      expect(current).toMatchObject({ status: 'open' });
      expect(current.adjustments.map((a) => a.amount)).toEqual(['10000.00', '47364.00', '9341.00']);
      const ledger = await http.get(`${base}/share-ledger`).set(FINANCE_KEY).expect(200);
      type Ledger = {
        providerOrganisationId: string;
        windowStart: string;
        lines: { outstanding: string }[];
      };
      const year = (ledger.body.data as Ledger[]).find(
        (l) => l.providerOrganisationId === acorn && l.windowStart === '2025-04-01',
      )!;
      expect(year.lines.map((l) => l.outstanding)).toEqual(['0.00', '36800.00', '9200.00']);
    } finally {
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
      await worker.exited;
    }
  }, 150_000);

  it('reminds a late provider once the worker looks, and shows a quarter the board signed off (issue 19)', async () => {
    const worker = await startWorkerProcess({
      REMINDER_INTERVAL_SECONDS: '1',
      RECONCILE_INTERVAL_SECONDS: '1',
      LOG_LEVEL: 'warn',
    });
    try {
      const http = request(app.getHttpServer());
      const base = `/v1/partnerships/${DEMO_PARTNERSHIP}`;
      // Acorn has not yet logged the last month of a quarter for one outcome: it is late.
      const mine = await waitFor(
        async () => {
          const res = await http.get('/v1/me/notifications').set(PROVIDER_KEY).expect(200);
          return res.body.page.total > 0 ? res.body : undefined;
        },
        60_000,
        'a reminder to the demo provider',
      );
      expect(mine.data[0]).toMatchObject({
        partnershipId: DEMO_PARTNERSHIP,
        eventType: 'obligation.reminder',
        status: 'unread',
      });
      expect(mine.data[0].body).toContain(ACORN);
      // The board signs the first quarter off through the API, as `npm run demo` does.
      await app.listen(0, '127.0.0.1');
      const id = await signOffDemoQuarter(await app.getUrl(), 60_000);
      const current = await http
        .get(`${base}/reports/current?scope=quarter&quarter=2025-26 Q1`)
        .set(FINANCE_KEY)
        .expect(200);
      expect(current.body).toMatchObject({ id, signOff: { status: 'signed_off' } });
      const period = await http.get(`${base}/periods/2025-26 Q1`).set(FINANCE_KEY).expect(200);
      expect(period.body).toMatchObject({ state: 'closed' });
      // Again: nothing changes (already signed off).
      expect(await signOffDemoQuarter(await app.getUrl(), 10_000)).toBe(id);
    } finally {
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
      await worker.exited;
    }
  }, 180_000);
});
