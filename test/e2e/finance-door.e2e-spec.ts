import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JobName, QueueName, bullConnection } from '@ol/jobs';
import { getQuarter, quarterOf } from '@ol/outcomes';
import { PrismaService } from '@ol/persistence';
import { Queue } from 'bullmq';
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
const PAIN_RULE = { ...MARGIN_RULE, name: 'Overrun share', painShare: { providerShare: '0.5' } };
const costs = (amount: string) => [{ category: 'direct', amount }];

/**
 * Issue 15, item 1: a financial return the partnership's rules cannot evaluate is refused at the
 * door (422 naming the field, nothing stored); an evaluation that still fails in the worker (a rule
 * changed after the return was accepted) is stored as a failed evaluation finance staff list, with
 * an `evaluation.failed` notification, and the POST that caused it returns the job to poll. API in
 * process, a real worker process, real PostgreSQL and Redis.
 */
describe('financial returns: validated at the door, failed evaluations visible (API + worker)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let admin: User;
  let finance: User;
  let board: User;
  let provider: User;
  let worker: RunningProcess | undefined;
  let matchesDocument: (schema: string, body: unknown) => void;
  /** Today's quarter of an April financial year: the latest a return may report. */
  const current = quarterOf(new Date().toISOString().slice(0, 10), 4);
  /** Q4 two financial years ahead: 2028-29 Q4 on 2026-12-02. */
  const future = getQuarter(current.financialYear.startYear + 2, 4, 4).label;

  const base = (pid: string) => `/v1/partnerships/${pid}`;
  const waitForJob = (pid: string, id: string, headers: Record<string, string>) =>
    waitFor(
      async () => {
        const res = await http
          .get(`${base(pid)}/jobs/${id}`)
          .set(headers)
          .expect(200);
        return ['done', 'failed'].includes(res.body.status) ? res.body : undefined;
      },
      30_000,
      `job ${id}`,
    );

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
    board = await createUserWithKey(prisma);
    provider = await createUserWithKey(prisma);
  }, 60_000);

  afterAll(async () => {
    if (worker) {
      if (process.env.TEST_LOGS) console.log(worker.output().slice(-5000));
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
      await worker.exited;
    }
    await app.close();
  });

  /**
   * A partnership from 2026-04-01 to 2036-03-31 (April years) with finance, board and provider
   * users. Submitted returns count as provisional: this suite is about the door and failed
   * evaluations, not the review (test/e2e/finance-workflow.e2e-spec.ts).
   */
  const partnership = async (name: string) => {
    const p = await createProviderPartnership(prisma, {
      name,
      startDate: '2026-04-01',
      endDate: '2036-03-31',
      providerUserId: provider.userId,
    });
    await prisma.partnership.update({
      where: { id: p.partnershipId },
      data: { provisionalReturnsCount: true },
    });
    await grantRole(prisma, p.partnershipId, finance.userId, 'finance');
    await grantRole(prisma, p.partnershipId, board.userId, 'board');
    return p;
  };

  const startWorker = async () => {
    worker = await startWorkerProcess({ RECONCILE_INTERVAL_SECONDS: '1', LOG_LEVEL: 'warn' });
  };

  describe('at the door', () => {
    let pid: string;

    beforeAll(async () => {
      pid = (await partnership('Door')).partnershipId;
      const rule = await http
        .post(`${base(pid)}/share-rules`)
        .set(finance.headers)
        .send(PAIN_RULE)
        .expect(201);
      // No returns yet: nothing to evaluate.
      expect(rule.body.evaluationJobs).toEqual([]);
      matchesDocument('CreatedShareRuleResponse', rule.body);
    });

    const stored = async () => ({
      returns: await prisma.financialReturn.count({ where: { partnershipId: pid } }),
      runs: await prisma.jobRun.count({ where: { partnershipId: pid, kind: 'share_evaluation' } }),
      audit: await prisma.auditEvent.count({
        where: { partnershipId: pid, entityType: 'financial_return' },
      }),
    });

    it('refuses a return without the target cost a pain-share rule needs (422 on targetCost; nothing stored)', async () => {
      const res = await http
        .post(`${base(pid)}/financial-returns`)
        .set(provider.headers)
        .send({ period: '2026-27 Q2', revenue: '100000.00', costs: costs('90000.00') })
        .expect(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        type: '/problems/domain-rule',
        status: 422,
        errors: [
          {
            field: 'targetCost',
            value: null,
            reason:
              'is required: "Overrun share" shares overruns against the target cost (pain-share)',
          },
        ],
      });
      expect(await stored()).toEqual({ returns: 0, runs: 0, audit: 0 });
    });

    it('refuses a quarter after the current one (2028-29 Q4 on 2026-12-02) and one outside the partnership, naming the period', async () => {
      const ahead = await http
        .post(`${base(pid)}/financial-returns`)
        .set(finance.headers)
        .send({
          providerOrganisationId: (
            await prisma.member.findFirstOrThrow({ where: { partnershipId: pid } })
          ).organisationId,
          period: future,
          revenue: '100000.00',
          targetCost: '95000.00',
          costs: costs('90000.00'),
        })
        .expect(422);
      expect(ahead.body.errors).toEqual([
        {
          field: 'period',
          value: future,
          reason: `is after the current quarter (${current.label}): a return reports what has happened`,
        },
      ]);
      const before = await http
        .post(`${base(pid)}/financial-returns`)
        .set(provider.headers)
        .send({
          period: '2025-26 Q4',
          revenue: '100000.00',
          targetCost: '95000.00',
          costs: costs('90000.00'),
        })
        .expect(422);
      expect(before.body.errors).toEqual([
        {
          field: 'period',
          value: '2025-26 Q4',
          reason: "is outside the partnership's dates (2026-04-01 to 2036-03-31)",
        },
      ]);
      // Both wrong at once: both fields named.
      const both = await http
        .post(`${base(pid)}/financial-returns`)
        .set(provider.headers)
        .send({ period: future, revenue: '1.00', costs: costs('1.00') })
        .expect(422);
      expect(both.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'period',
        'targetCost',
      ]);
      expect(await stored()).toEqual({ returns: 0, runs: 0, audit: 0 });
    });

    it('accepts a return the rules can evaluate and answers with its evaluation job; a restatement is checked the same way', async () => {
      const ok = await http
        .post(`${base(pid)}/financial-returns`)
        .set(provider.headers)
        .send({
          period: '2026-27 Q1',
          revenue: '100000.00',
          targetCost: '95000.00',
          costs: costs('90000.00'),
        })
        .expect(201);
      matchesDocument('SubmittedReturnResponse', ok.body);
      expect(ok.body).toMatchObject({ period: '2026-27 Q1', revision: 1, targetCost: '95000.00' });
      expect(ok.body.evaluationJobs).toEqual([
        expect.objectContaining({
          kind: 'share_evaluation',
          status: 'pending',
          params: expect.objectContaining({ fyStart: '2026-04-01' }),
        }),
      ]);
      // The provider polls the job it was given.
      const job = await http
        .get(`${base(pid)}/jobs/${ok.body.evaluationJobs[0].id}`)
        .set(provider.headers)
        .expect(200);
      matchesDocument('JobRunResponse', job.body);
      // A restatement without the target cost is refused too; revision 1 stays the only one.
      const restated = await http
        .post(`${base(pid)}/financial-returns`)
        .set(provider.headers)
        .send({ period: '2026-27 Q1', revenue: '100000.00', costs: costs('99000.00') })
        .expect(422);
      expect(restated.body.errors[0]).toMatchObject({ field: 'targetCost' });
      expect(await stored()).toEqual({ returns: 1, runs: 1, audit: 1 });
    });
  });

  describe('in the worker', () => {
    let pid: string;
    let orgId: string;
    let marginRuleId: string;
    let returnId: string;

    beforeAll(async () => {
      ({ partnershipId: pid, organisationId: orgId } = await partnership('Worker'));
      await http
        .post(`${base(pid)}/webhooks`)
        .set(admin.headers)
        .send({ url: 'https://example.org/hooks/failed', eventTypes: ['evaluation.failed'] })
        .expect(201);
      marginRuleId = (
        await http
          .post(`${base(pid)}/share-rules`)
          .set(finance.headers)
          .send(MARGIN_RULE)
      ).body.id;
      await startWorker();
    }, 60_000);

    it('evaluates an accepted return: the job polled from the POST ends done, its evaluation completed', async () => {
      const res = await http
        .post(`${base(pid)}/financial-returns`)
        .set(provider.headers)
        .send({ period: '2026-27 Q1', revenue: '100000.00', costs: costs('90000.00') })
        .expect(201);
      returnId = res.body.id;
      const job = await waitForJob(pid, res.body.evaluationJobs[0].id, provider.headers);
      expect(job).toMatchObject({ status: 'done', error: null });
      const list = await http
        .get(`${base(pid)}/share-evaluations`)
        .set(finance.headers)
        .expect(200);
      matchesDocument('ShareEvaluationList', list.body);
      expect(list.body.data).toEqual([
        expect.objectContaining({
          id: job.resultId,
          status: 'completed',
          failure: null,
          state: 'above',
          jobId: job.id,
          revenue: '100000.00',
        }),
      ]);
    });

    it('stores an evaluation that fails after a rule change as failed, lists it for finance and notifies evaluation.failed', async () => {
      // The return was accepted under a margin rule; the rule is replaced by one with pain-share,
      // which needs the target cost the return does not carry. The rule POST returns the job.
      const rule = await http
        .post(`${base(pid)}/share-rules`)
        .set(finance.headers)
        .send({ ...PAIN_RULE, supersedes: marginRuleId })
        .expect(201);
      matchesDocument('CreatedShareRuleResponse', rule.body);
      expect(rule.body.evaluationJobs).toHaveLength(1);
      const job = await waitForJob(pid, rule.body.evaluationJobs[0].id, finance.headers);
      const reason =
        'The 2026-27 Q1 return (revision 1): targetCost is required: the rule takes its target cost from the returns.';
      // Failed at once: the same inputs fail the same way, so no retries.
      expect(job).toMatchObject({ status: 'failed', error: reason, attempts: 1 });
      expect(job.resultId).toBeNull();

      let failedEvaluationId = '';
      for (const reader of [finance, board]) {
        const failed = await http
          .get(`${base(pid)}/share-evaluations?status=failed`)
          .set(reader.headers)
          .expect(200);
        matchesDocument('ShareEvaluationList', failed.body);
        expect(failed.body).toEqual({
          data: [
            expect.objectContaining({
              ruleId: rule.body.id,
              providerOrganisationId: orgId,
              window: '2026-27 to 2026-06-30',
              status: 'failed',
              failure: { reason, field: 'targetCost', returnId, period: '2026-27 Q1' },
              state: null,
              revenue: null,
              gain: null,
              positions: [],
              explanation: [],
              jobId: job.id,
            }),
          ],
          page: { limit: 50, offset: 0, total: 1 },
        });
        failedEvaluationId = failed.body.data[0].id;
      }
      const all = await http
        .get(`${base(pid)}/share-evaluations?limit=1&offset=1`)
        .set(finance.headers)
        .expect(200);
      expect(all.body.page).toEqual({ limit: 1, offset: 1, total: 2 });
      expect(all.body.data).toEqual([expect.objectContaining({ status: 'completed' })]);
      // No trigger from a failed evaluation (the margin rule's crossing raised the only one).
      const triggers = await http
        .get(`${base(pid)}/triggers`)
        .set(finance.headers)
        .expect(200);
      expect(triggers.body.data.map((t: { ruleId: string }) => t.ruleId)).toEqual([marginRuleId]);

      const notifications = await http
        .get(`${base(pid)}/notifications?eventType=evaluation.failed`)
        .set(admin.headers)
        .expect(200);
      matchesDocument('NotificationPage', notifications.body);
      expect(notifications.body.data).toEqual([
        expect.objectContaining({
          eventType: 'evaluation.failed',
          eventKey: `evaluation:${failedEvaluationId}`,
          data: {
            evaluationId: failedEvaluationId,
            jobId: job.id,
            ruleId: rule.body.id,
            providerOrganisationId: orgId,
            window: { start: '2026-04-01', end: '2026-06-30' },
            reason,
            field: 'targetCost',
            returnId,
            period: '2026-27 Q1',
          },
        }),
      ]);
    });

    it('stores the failure of the same inputs once: a second run of it adds no evaluation and no notification', async () => {
      const failedRun = await prisma.jobRun.findFirstOrThrow({
        where: { partnershipId: pid, kind: 'share_evaluation', status: 'failed' },
      });
      const again = await prisma.jobRun.create({
        data: {
          partnershipId: pid,
          kind: 'share_evaluation',
          dedupeKey: 'again',
          params: failedRun.params ?? {},
        },
      });
      const queue = new Queue(QueueName.Finance, {
        connection: bullConnection(process.env.REDIS_URL!),
        prefix: process.env.QUEUE_PREFIX!,
      });
      await queue.add(
        JobName.EvaluateShare,
        { partnershipId: pid, runId: again.id },
        { jobId: `run-${again.id}` },
      );
      await queue.close();
      const job = await waitForJob(pid, again.id, finance.headers);
      expect(job.status).toBe('failed');
      expect(
        await prisma.shareEvaluation.count({ where: { partnershipId: pid, status: 'failed' } }),
      ).toBe(1);
      expect(
        await prisma.notification.count({
          where: { partnershipId: pid, eventType: 'evaluation.failed' },
        }),
      ).toBe(1);
    });

    it('completes once the provider restates the return with its target cost', async () => {
      const res = await http
        .post(`${base(pid)}/financial-returns`)
        .set(provider.headers)
        .send({
          period: '2026-27 Q1',
          revenue: '100000.00',
          targetCost: '95000.00',
          costs: costs('90000.00'),
        })
        .expect(201);
      const job = await waitForJob(pid, res.body.evaluationJobs[0].id, provider.headers);
      expect(job.status).toBe('done');
      const completed = await http
        .get(`${base(pid)}/share-evaluations?status=completed&limit=1`)
        .set(finance.headers)
        .expect(200);
      expect(completed.body.data[0]).toMatchObject({
        id: job.resultId,
        status: 'completed',
        failure: null,
        state: 'above',
      });
    });

    it('validates the list query (400 naming the field)', async () => {
      for (const [query, field] of [
        ['status=broken', 'status'],
        ['limit=0', 'limit'],
        ['offset=-1', 'offset'],
        ['ruleId=nope', 'ruleId'],
        ['providerOrganisationId=nope', 'providerOrganisationId'],
      ]) {
        const res = await http
          .get(`${base(pid)}/share-evaluations?${query}`)
          .set(finance.headers)
          .expect(400);
        expect(res.body.errors).toEqual([expect.objectContaining({ field })]);
      }
    });
  });
});
