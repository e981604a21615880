import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import request from 'supertest';
import { createProviderPartnership, createUserWithKey, grantRole } from '../factories';
import {
  buildOnce,
  waitFor,
  type RunningProcess,
  startWorkerProcess,
} from '../setup/child-process';
import { expectValid, strictValidator } from '../setup/openapi-schema';
import { createTestApp, truncateAll } from '../setup/test-app';

type User = Awaited<ReturnType<typeof createUserWithKey>>;

const MARGIN_RULE = {
  name: 'Margin share',
  basis: 'cost',
  reasonableRate: '0.05',
  bands: [
    { upTo: '0.05', provider: '0.5', commissioner: '0.5' },
    { provider: '0', commissioner: '1' },
  ],
};
const costs = (amount: string) => [{ category: 'direct', amount }];

/**
 * Issue 15, item 5: the finance workflow with separation of duties. Returns are reviewed
 * (submitted → queried → resubmitted → accepted or rejected, every step kept and audited) and
 * evaluations count accepted returns only, unless the partnership lets returns awaiting review
 * count as provisional. Triggers are acknowledged before they are settled, by someone else unless
 * the partnership turns that off. API in process, a real worker process, PostgreSQL and Redis.
 */
describe('finance workflow: returns reviewed, triggers acknowledged then settled by another user (API + worker)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let admin: User;
  let finance: User;
  let finance2: User;
  let provider: User;
  let worker: RunningProcess | undefined;
  let matchesDocument: (schema: string, body: unknown) => void;
  let pid: string;
  let orgId: string;
  let ruleId: string;

  const base = () => `/v1/partnerships/${pid}`;
  const waitForJob = (id: string) =>
    waitFor(
      async () => {
        const res = await http.get(`${base()}/jobs/${id}`).set(finance.headers).expect(200);
        return ['done', 'failed'].includes(res.body.status) ? res.body : undefined;
      },
      30_000,
      `job ${id}`,
    );
  const submit = (user: User, period: string, revenue: string, cost: string, note?: string) =>
    http
      .post(`${base()}/financial-returns`)
      .set(user.headers)
      .send({
        ...(user === provider ? {} : { providerOrganisationId: orgId }),
        period,
        revenue,
        costs: costs(cost),
        ...(note ? { note } : {}),
      });
  const step = (user: User, id: string, what: 'query' | 'answer' | 'decision', body: object) =>
    http.post(`${base()}/financial-returns/${id}/${what}`).set(user.headers).send(body);
  const historyOf = async (id: string) => {
    const res = await http
      .get(`${base()}/financial-returns/${id}/reviews`)
      .set(provider.headers)
      .expect(200);
    matchesDocument('ReturnReviewHistory', res.body);
    return res.body as {
      reviewStatus: string;
      events: { event: string; actorId: string; note: string | null }[];
    };
  };
  const evaluations = async () =>
    (await http.get(`${base()}/share-evaluations`).set(finance.headers).expect(200)).body.data as {
      id: string;
      revenue: string;
      state: string;
      provisionalReturnIds: string[];
      positions: { partyId: string; net: string }[];
    }[];

  beforeAll(async () => {
    buildOnce();
    app = await createTestApp();
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    const doc = (await http.get('/docs-json').expect(200)).body;
    const validators = new Map<string, ReturnType<typeof strictValidator>>();
    matchesDocument = (schema, body) => {
      if (!validators.has(schema)) validators.set(schema, strictValidator(doc, schema));
      expectValid(validators.get(schema)!, body, schema);
    };
    admin = await createUserWithKey(prisma, { admin: true });
    finance = await createUserWithKey(prisma);
    finance2 = await createUserWithKey(prisma);
    provider = await createUserWithKey(prisma);
    ({ partnershipId: pid, organisationId: orgId } = await createProviderPartnership(prisma, {
      name: 'Workflow',
      startDate: '2026-04-01',
      endDate: '2036-03-31',
      providerUserId: provider.userId,
    }));
    await grantRole(prisma, pid, finance.userId, 'finance');
    await grantRole(prisma, pid, finance2.userId, 'finance');
    ruleId = (
      await http.post(`${base()}/share-rules`).set(finance.headers).send(MARGIN_RULE).expect(201)
    ).body.id;
    worker = await startWorkerProcess({ RECONCILE_INTERVAL_SECONDS: '1', LOG_LEVEL: 'warn' });
  }, 60_000);

  afterAll(async () => {
    if (worker) {
      if (process.env.TEST_LOGS) console.log(worker.output().slice(-5000));
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
      await worker.exited;
    }
    await app.close();
  });

  let rev1: string;
  let rev2: string;
  let rev3: string;

  describe('returns review', () => {
    it('does not evaluate a submitted return until it is accepted (the default)', async () => {
      const res = await submit(provider, '2026-27 Q1', '100000.00', '90000.00').expect(201);
      matchesDocument('SubmittedReturnResponse', res.body);
      expect(res.body).toMatchObject({
        revision: 1,
        reviewStatus: 'submitted',
        reviewedBy: null,
        reviewNote: null,
      });
      rev1 = res.body.id;
      const job = await waitForJob(res.body.evaluationJobs[0].id);
      expect(job).toMatchObject({ status: 'done', resultId: null });
      expect(await evaluations()).toEqual([]);
    });

    it('refuses a step from the wrong state (409, nothing changed) and the wrong role (403)', async () => {
      const before = await prisma.financialReturn.findFirstOrThrow({ where: { id: rev1 } });
      const events = await prisma.financialReturnReview.count({ where: { partnershipId: pid } });
      const answer = await step(provider, rev1, 'answer', { answer: 'Nothing was asked' }).expect(
        409,
      );
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({
        type: '/problems/review-state',
        status: 409,
        detail:
          'Cannot answer revision 1 of the 2026-27 Q1 return: the revision is submitted, not queried: there is no question to answer.',
      });
      // Finance reviews, the provider answers: not the other way round.
      await step(provider, rev1, 'decision', { decision: 'accepted' }).expect(403);
      await step(provider, rev1, 'query', { question: 'Mine?' }).expect(403);
      await step(finance, rev1, 'answer', { answer: 'Theirs' }).expect(403);
      // Validation: 400 naming the field; a rejection needs its reason (422).
      const bad = await step(finance, rev1, 'decision', { decision: 'maybe' }).expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'decision' })]);
      const noReason = await step(finance, rev1, 'decision', { decision: 'rejected' }).expect(422);
      expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
      await step(finance, rev1, 'query', { question: '   ' }).expect(400);
      await http
        .post(`${base()}/financial-returns/not-a-uuid/query`)
        .set(finance.headers)
        .send({ question: 'x' })
        .expect(400);
      await step(finance, '00000000-0000-4000-8000-000000000000', 'query', {
        question: 'x',
      }).expect(404);
      expect(await prisma.financialReturn.findFirstOrThrow({ where: { id: rev1 } })).toEqual(
        before,
      );
      expect(await prisma.financialReturnReview.count({ where: { partnershipId: pid } })).toBe(
        events,
      );
    });

    it('goes submitted → queried → resubmitted (a reply) → queried → resubmitted (a new revision)', async () => {
      const q = await step(finance, rev1, 'query', {
        question: 'Which invoices make up the direct cost?',
      }).expect(200);
      matchesDocument('SubmittedReturnResponse', q.body);
      expect(q.body).toMatchObject({
        reviewStatus: 'queried',
        reviewedBy: finance.userId,
        reviewNote: 'Which invoices make up the direct cost?',
        evaluationJobs: [],
      });
      await step(finance2, rev1, 'query', { question: 'Again?' }).expect(409);
      const a = await step(provider, rev1, 'answer', { answer: 'Invoices 118 to 131' }).expect(200);
      expect(a.body).toMatchObject({ reviewStatus: 'resubmitted', reviewedBy: provider.userId });
      await step(provider, rev1, 'answer', { answer: 'Twice' }).expect(409);
      await step(finance, rev1, 'query', { question: 'And the agency staff?' }).expect(200);
      // The provider answers with a new revision: it replaces the queried one.
      const r2 = await submit(
        provider,
        '2026-27 Q1',
        '100000.00',
        '95000.00',
        'Agency staff invoice added',
      ).expect(201);
      expect(r2.body).toMatchObject({ revision: 2, reviewStatus: 'resubmitted' });
      rev2 = r2.body.id;
      const list = await http
        .get(`${base()}/financial-returns?allRevisions=true`)
        .set(provider.headers)
        .expect(200);
      expect(
        list.body.data.map((r: { revision: number; reviewStatus: string }) => [
          r.revision,
          r.reviewStatus,
        ]),
      ).toEqual([
        [2, 'resubmitted'],
        [1, 'superseded'],
      ]);
      // A replaced revision is final.
      const late = await step(finance, rev1, 'decision', { decision: 'accepted' }).expect(409);
      expect(late.body.detail).toContain('replaced by a later one');
    });

    it('rejects with a reason (never counts), then accepts the next revision: evaluated, every step kept and audited', async () => {
      const rejected = await step(finance, rev2, 'decision', {
        decision: 'rejected',
        reason: 'Agency invoice is for Q2',
      }).expect(200);
      expect(rejected.body).toMatchObject({
        reviewStatus: 'rejected',
        reviewNote: 'Agency invoice is for Q2',
      });
      for (const run of rejected.body.evaluationJobs) {
        expect(await waitForJob(run.id)).toMatchObject({ status: 'done', resultId: null });
      }
      expect(await evaluations()).toEqual([]);

      const r3 = await submit(provider, '2026-27 Q1', '100000.00', '90000.00').expect(201);
      expect(r3.body).toMatchObject({ revision: 3, reviewStatus: 'submitted' });
      rev3 = r3.body.id;
      const accepted = await step(finance, rev3, 'decision', {
        decision: 'accepted',
        reason: 'Agrees with the management accounts',
      }).expect(200);
      expect(accepted.body).toMatchObject({ reviewStatus: 'accepted', reviewedBy: finance.userId });
      expect(accepted.body.evaluationJobs).toEqual([
        expect.objectContaining({
          kind: 'share_evaluation',
          params: expect.objectContaining({ ruleId }),
        }),
      ]);
      const job = await waitForJob(accepted.body.evaluationJobs[0].id);
      expect(job.status).toBe('done');
      // 100,000 − 90,000 = 10,000 against 5% × 90,000 = 4,500: above.
      expect(await evaluations()).toEqual([
        expect.objectContaining({ id: job.resultId, revenue: '100000.00', state: 'above' }),
      ]);
      // Decided is final: nothing changes.
      const again = await step(finance2, rev3, 'decision', {
        decision: 'rejected',
        reason: 'x',
      }).expect(409);
      expect(again.body.type).toBe('/problems/review-state');

      expect(await historyOf(rev1)).toMatchObject({
        reviewStatus: 'superseded',
        events: [
          { event: 'submitted', actorId: provider.userId },
          {
            event: 'queried',
            actorId: finance.userId,
            note: 'Which invoices make up the direct cost?',
          },
          { event: 'answered', actorId: provider.userId, note: 'Invoices 118 to 131' },
          { event: 'queried', actorId: finance.userId, note: 'And the agency staff?' },
          { event: 'superseded', actorId: provider.userId, note: 'Replaced by revision 2' },
        ],
      });
      expect((await historyOf(rev2)).events).toMatchObject([
        { event: 'resubmitted', note: 'Agency staff invoice added' },
        { event: 'rejected', actorId: finance.userId, note: 'Agency invoice is for Q2' },
      ]);
      expect((await historyOf(rev3)).events.map((e) => e.event)).toEqual(['submitted', 'accepted']);
      const audit = await prisma.auditEvent.findMany({
        where: { partnershipId: pid, entityType: 'financial_return', entityId: rev1 },
        orderBy: { id: 'asc' },
      });
      expect(audit.map((e) => e.action)).toEqual([
        'financial_return.submitted',
        'financial_return.queried',
        'financial_return.answered',
        'financial_return.queried',
        'financial_return.superseded',
      ]);
    });

    it('keeps a rival provider out of another provider’s return and its review (404, as for reading it)', async () => {
      const rival = await createUserWithKey(prisma);
      const rivalOrg = await prisma.organisation.create({
        data: { name: 'Rival CIC', kind: 'provider' },
      });
      await prisma.member.create({
        data: { partnershipId: pid, organisationId: rivalOrg.id, role: 'provider' },
      });
      await grantRole(prisma, pid, rival.userId, 'provider', rivalOrg.id);
      await http.get(`${base()}/financial-returns/${rev1}/reviews`).set(rival.headers).expect(404);
      await step(rival, rev3, 'answer', { answer: 'Not mine' }).expect(404);
      const list = await http
        .get(`${base()}/financial-returns?allRevisions=true`)
        .set(rival.headers)
        .expect(200);
      expect(list.body.data).toEqual([]);
    });

    it('lets nobody review a revision they submitted (403 separation of duties)', async () => {
      const mine = await submit(finance, '2026-27 Q2', '100000.00', '90000.00').expect(201);
      const res = await step(finance, mine.body.id, 'decision', { decision: 'accepted' }).expect(
        403,
      );
      expect(res.body).toMatchObject({ type: '/problems/separation-of-duties', status: 403 });
      expect(
        (await prisma.financialReturn.findFirstOrThrow({ where: { id: mine.body.id } }))
          .reviewStatus,
      ).toBe('submitted');
    });

    it('counts returns awaiting review as provisional where the partnership says so; a rejected one never', async () => {
      const patched = await http
        .patch(base())
        .set(admin.headers)
        .send({ provisionalReturnsCount: true })
        .expect(200);
      expect(patched.body).toMatchObject({
        provisionalReturnsCount: true,
        settlementSeparation: true,
      });
      const [q2] = (
        await http
          .get(`${base()}/financial-returns?period=2026-27 Q2`)
          .set(finance.headers)
          .expect(200)
      ).body.data;
      // Q1 accepted + Q2 submitted (provisional): the year to Q2, saying which return is provisional.
      const provisional = await waitFor(
        async () => (await evaluations()).find((e) => e.revenue === '200000.00'),
        30_000,
        'provisional evaluation',
      );
      expect(provisional.provisionalReturnIds).toEqual([q2.id]);
      const rejected = await step(finance2, q2.id, 'decision', {
        decision: 'rejected',
        reason: 'Duplicate of Q1',
      }).expect(200);
      const job = await waitForJob(rejected.body.evaluationJobs[0].id);
      // Back to Q1 alone: the same inputs as before, the same evaluation.
      expect((await evaluations()).find((e) => e.id === job.resultId)).toMatchObject({
        revenue: '100000.00',
        provisionalReturnIds: [],
      });
      // A new Q2 revision counts as provisional; once accepted, the same figures are no longer so.
      const q2r2 = await submit(provider, '2026-27 Q2', '100000.00', '90000.00').expect(201);
      const pending = await waitForJob(q2r2.body.evaluationJobs[0].id);
      expect((await evaluations()).find((e) => e.id === pending.resultId)).toMatchObject({
        revenue: '200000.00',
        provisionalReturnIds: [q2r2.body.id],
      });
      const accepted = await step(finance, q2r2.body.id, 'decision', {
        decision: 'accepted',
      }).expect(200);
      const settled = await waitForJob(accepted.body.evaluationJobs[0].id);
      expect(settled.resultId).not.toBe(pending.resultId);
      expect((await evaluations()).find((e) => e.id === settled.resultId)).toMatchObject({
        revenue: '200000.00',
        provisionalReturnIds: [],
      });
      // Still above throughout: one crossing. Each change of the position (Q2 counted, rejected,
      // counted again) raised the difference only; accepting the same figures raised nothing.
      const triggers = await prisma.shareTrigger.findMany({
        where: { partnershipId: pid },
        orderBy: { crossingNo: 'asc' },
      });
      expect(triggers.map((t) => t.reason)).toEqual([
        'crossing',
        'adjustment',
        'adjustment',
        'adjustment',
      ]);
      const raised = await prisma.shareAdjustment.groupBy({
        by: ['partyId'],
        where: { partnershipId: pid },
        _sum: { amount: true },
      });
      const current = (await evaluations()).find((e) => e.id === settled.resultId)!;
      expect(Object.fromEntries(raised.map((r) => [r.partyId, r._sum.amount!.toFixed(2)]))).toEqual(
        Object.fromEntries(current.positions.map((p) => [p.partyId, p.net])),
      );
    });
  });

  describe('triggers', () => {
    let triggerId: string;

    it('refuses to settle an open trigger (409, unchanged)', async () => {
      const [t] = (await http.get(`${base()}/triggers`).set(finance.headers).expect(200)).body.data;
      expect(t).toMatchObject({ status: 'open', toState: 'above' });
      triggerId = t.id;
      const res = await http
        .post(`${base()}/triggers/${triggerId}/settle`)
        .set(finance.headers)
        .send({ note: 'Paid' })
        .expect(409);
      expect(res.body).toMatchObject({
        type: '/problems/trigger-state',
        detail:
          'Cannot settle the trigger: the trigger is open: it is acknowledged before it is settled.',
      });
      expect(
        (await prisma.shareTrigger.findFirstOrThrow({ where: { id: triggerId } })).status,
      ).toBe('open');
    });

    it('acknowledge → settle by another user; the acknowledger is refused (403); each step audited', async () => {
      const ack = await http
        .post(`${base()}/triggers/${triggerId}/acknowledge`)
        .set(finance.headers)
        .send({ note: 'Seen; invoice to follow' })
        .expect(200);
      matchesDocument('TriggerResponse', ack.body);
      const same = await http
        .post(`${base()}/triggers/${triggerId}/settle`)
        .set(finance.headers)
        .send({ note: 'Paid' })
        .expect(403);
      expect(same.body).toMatchObject({
        type: '/problems/separation-of-duties',
        detail:
          'Cannot settle the trigger: you acknowledged this trigger: another finance user settles it (the partnership requires separation of duties).',
      });
      const settled = await http
        .post(`${base()}/triggers/${triggerId}/settle`)
        .set(finance2.headers)
        .send({ note: 'Paid 2026-12-01, BACS ref 4471' })
        .expect(200);
      matchesDocument('TriggerResponse', settled.body);
      expect(settled.body).toMatchObject({
        status: 'settled',
        acknowledgedBy: finance.userId,
        settledBy: finance2.userId,
        settleNote: 'Paid 2026-12-01, BACS ref 4471',
      });
      await http
        .post(`${base()}/triggers/${triggerId}/settle`)
        .set(finance.headers)
        .send({ note: 'Again' })
        .expect(409);
      const audit = await prisma.auditEvent.findMany({
        where: { partnershipId: pid, entityType: 'share_trigger', entityId: triggerId },
        orderBy: { id: 'asc' },
      });
      expect(audit.map((e) => [e.action, e.actorUserId])).toEqual([
        ['trigger.acknowledged', finance.userId],
        ['trigger.settled', finance2.userId],
      ]);
    });

    it('lets one person acknowledge and settle where the partnership turns separation off', async () => {
      const first = await prisma.shareTrigger.findFirstOrThrow({ where: { id: triggerId } });
      // A second crossing of the same rule and year (as the worker would raise it).
      const second = await prisma.shareTrigger.create({
        data: {
          partnershipId: pid,
          ruleId,
          providerOrgId: orgId,
          windowStart: first.windowStart,
          windowEnd: first.windowEnd,
          crossingNo: 99,
          evaluationId: first.evaluationId,
          fromState: 'below',
          toState: 'above',
          gain: first.gain,
          variation: first.variation,
        },
      });
      await http.patch(base()).set(admin.headers).send({ settlementSeparation: false }).expect(200);
      await http
        .post(`${base()}/triggers/${second.id}/acknowledge`)
        .set(finance.headers)
        .send({ note: 'Seen' })
        .expect(200);
      const settled = await http
        .post(`${base()}/triggers/${second.id}/settle`)
        .set(finance.headers)
        .send({ note: 'Paid' })
        .expect(200);
      expect(settled.body).toMatchObject({
        status: 'settled',
        acknowledgedBy: finance.userId,
        settledBy: finance.userId,
      });
      const bad = await http
        .patch(base())
        .set(admin.headers)
        .send({ settlementSeparation: 'no' })
        .expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'settlementSeparation' })]);
    });
  });
});
