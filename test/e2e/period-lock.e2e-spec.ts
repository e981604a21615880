import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@ol/config';
import {
  JobName,
  JobProducer,
  QueueName,
  bullConnection,
  RunRequester,
  NotificationKicker,
} from '@ol/jobs';
import {
  AuditRepository,
  CalendarRepository,
  Db,
  DeliveryImportRepository,
  ImportPeriodLockedError,
  NotificationRepository,
  PartnershipRepository,
  PeriodLockRepository,
  PrismaService,
  ReportInputsRepository,
  ReportRepository,
  RunRepository,
} from '@ol/persistence';
import { Queue } from 'bullmq';
import request from 'supertest';
import { toProblem } from '../../apps/api/src/common/problems/problem-details.filter';
import { WorkerConfig } from '../../apps/worker/src/config/worker.config';
import { PeriodAutoCloser } from '../../apps/worker/src/periods/period-auto-closer.service';
import { ReportBuilder } from '../../apps/worker/src/reports/report-builder.service';
import { ReportRunner } from '../../apps/worker/src/reports/report-runner.service';
import { createProviderPartnership, createUserWithKey, grantRole } from '../factories';
import {
  buildOnce,
  startWorkerProcess,
  waitFor,
  type RunningProcess,
} from '../setup/child-process';
import { expectValid, strictValidator } from '../setup/openapi-schema';
import { createTestApp, truncateAll } from '../setup/test-app';

type User = Awaited<ReturnType<typeof createUserWithKey>>;

const PROBLEM = /^application\/problem\+json/;
const HEADER = 'outcome_code,activity_date,quantity,external_ref,evidence_ref,evidence_grade';
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * Issue 19, item 3: a period lock. A partnership admin closes 2026-27 Q1 (April year, Apr–Jun
 * 2026); delivery records dated in it (one, a batch, a correction, a review), an import with a row
 * in it and the quarter's financial return are refused with 409 /problems/period-locked naming the
 * quarter, and nothing is stored; the database refuses them too should the API's check be skipped.
 * Reopened with a reason, late data is accepted and restates the quarter's report. Every step is
 * audited and kept in the quarter's history. The worker closes quarters automatically N days after
 * their delivery deadline, once, with two closers at it at the same moment (its clock set by the
 * test) and with two worker processes taking the scheduler's jobs. API and worker services in
 * process, two real worker processes, real PostgreSQL and Redis.
 */
describe('period lock (API and the automatic close)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let admin: User;
  let provider: User;
  let verifier: User;
  let board: User;
  let pid: string;
  let orgId: string;
  let outcomeId: string;
  let requester: RunRequester;
  let runner: ReportRunner;
  const reportsToday = '2027-01-05';
  let matchesDocument: (schema: string, body: unknown) => void;

  const Q1 = '2026-27 Q1';
  const base = () => `/v1/partnerships/${pid}`;
  const period = (label: string) => `${base()}/periods/${encodeURIComponent(label)}`;
  const records = () => prisma.deliveryRecord.count({ where: { partnershipId: pid } });
  const returns = () => prisma.financialReturn.count({ where: { partnershipId: pid } });
  const upload = (csv: string) =>
    http
      .post(`${base()}/delivery-imports`)
      .set(provider.headers)
      .set('content-type', 'text/csv')
      .send(Buffer.from(csv, 'utf8'));

  const expectLocked = (
    res: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
    quarters = [Q1],
  ) => {
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ type: '/problems/period-locked', status: 409, quarters });
    for (const q of quarters) expect(res.body.detail).toContain(q);
  };

  const produceQ1 = async () => {
    const { run } = await requester.request(pid, {
      kind: 'report',
      dedupeKey: `quarter:${Q1}`,
      params: { scope: 'quarter', quarter: Q1 },
    });
    const result = await runner.run(pid, run.id, true);
    return prisma.report.findFirstOrThrow({ where: { id: result.reportId! } });
  };

  beforeAll(async () => {
    app = await createTestApp({ REPORT_DEBOUNCE_MS: '0' });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    const doc = (await http.get('/docs-json').expect(200)).body;
    const validators = new Map<string, ReturnType<typeof strictValidator>>();
    matchesDocument = (schema, body) => {
      if (!validators.has(schema)) validators.set(schema, strictValidator(doc, schema));
      expectValid(validators.get(schema)!, body, schema);
    };
    requester = app.get(RunRequester);
    const reports = app.get(ReportRepository);
    runner = new ReportRunner(
      app.get(RunRepository),
      requester,
      reports,
      app.get(NotificationRepository),
      new ReportBuilder(app.get(ReportInputsRepository)),
      new NotificationKicker(app.get(Db), app.get(JobProducer)),
      loadConfig(WorkerConfig, process.env),
      { today: () => reportsToday },
    );
    admin = await createUserWithKey(prisma);
    provider = await createUserWithKey(prisma);
    verifier = await createUserWithKey(prisma);
    board = await createUserWithKey(prisma);
    ({
      partnershipId: pid,
      organisationId: orgId,
      outcomeId,
    } = await createProviderPartnership(prisma, {
      name: 'Locks',
      startDate: '2025-04-01',
      endDate: '2030-03-31',
      providerUserId: provider.userId,
    }));
    await grantRole(prisma, pid, admin.userId, 'admin');
    await grantRole(prisma, pid, verifier.userId, 'verifier');
    await grantRole(prisma, pid, board.userId, 'board');
  });
  afterAll(async () => {
    await app.close();
  });

  describe('closing a quarter', () => {
    it('shows a quarter never closed as open, with its deadline', async () => {
      const res = await http.get(period(Q1)).set(board.headers).expect(200);
      matchesDocument('PeriodResponse', res.body);
      expect(res.body).toMatchObject({
        quarter: Q1,
        start: '2026-04-01',
        end: '2026-06-30',
        state: 'open',
        deliveryDeadline: '2026-07-14',
        autoClosesOn: null,
        changedBy: null,
        history: [],
      });
      // The label may also come without a space.
      await http.get(`${base()}/periods/2026-27-Q1`).set(board.headers).expect(200);
    });

    it('refuses a bad label (400), a quarter outside the term or not ended (422), non-admins (403)', async () => {
      const bad = await http.get(period('Q1 of 2026')).set(board.headers).expect(400);
      expect(bad.body.errors[0]).toMatchObject({ field: 'quarter' });
      await http
        .post(`${period('2035-36 Q1')}/close`)
        .set(admin.headers)
        .send({})
        .expect(422);
      const running = await http
        .post(`${period('2030-31 Q4')}/close`)
        .set(admin.headers)
        .send({})
        .expect(422);
      expect(running.body.errors[0]).toMatchObject({ field: 'quarter' });
      const future = await http
        .post(`${period('2029-30 Q4')}/close`)
        .set(admin.headers)
        .send({})
        .expect(422);
      expect(future.body.errors[0].reason).toMatch(/has not ended/);
      await http
        .post(`${period(Q1)}/close`)
        .set(provider.headers)
        .send({})
        .expect(403);
      await http
        .post(`${period(Q1)}/close`)
        .set(board.headers)
        .send({})
        .expect(403);
      await http
        .post(`${period(Q1)}/close`)
        .set(admin.headers)
        .send({ reason: '   ' })
        .expect(400);
      const never = await http
        .post(`${period(Q1)}/reopen`)
        .set(admin.headers)
        .send({ reason: 'Why not' })
        .expect(409);
      expect(never.body).toMatchObject({ type: '/problems/period-state' });
      expect(await prisma.periodLock.count()).toBe(0);
    });

    it('closes it: the board reads who, when and why; closing again is a 409', async () => {
      // Data and a final report of the quarter, before the close.
      await http
        .post(`${base()}/delivery-records`)
        .set(provider.headers)
        .send({ outcomeId, activityDate: '2026-05-10', quantity: '4', externalRef: 'early-1' })
        .expect(201);
      const v1 = await produceQ1();
      expect(v1).toMatchObject({ version: 1, status: 'final' });

      const res = await http
        .post(`${period(Q1)}/close`)
        .set(admin.headers)
        .send({ reason: 'Board pack issued' })
        .expect(200);
      matchesDocument('PeriodResponse', res.body);
      expect(res.body).toMatchObject({
        state: 'closed',
        changedBy: admin.userId,
        reason: 'Board pack issued',
        history: [{ event: 'closed', actorUserId: admin.userId, reason: 'Board pack issued' }],
      });
      const again = await http
        .post(`${period(Q1)}/close`)
        .set(admin.headers)
        .send({})
        .expect(409);
      expect(again.body).toMatchObject({ type: '/problems/period-state' });
      const list = await http.get(`${base()}/periods`).set(provider.headers).expect(200);
      matchesDocument('PeriodList', list.body);
      expect(list.body.data).toEqual([
        expect.objectContaining({ quarter: Q1, state: 'closed', changedBy: admin.userId }),
      ]);
    });
  });

  describe('while it is closed', () => {
    it('refuses a delivery record dated in it, naming the quarter; nothing is stored', async () => {
      const before = await records();
      const res = await http
        .post(`${base()}/delivery-records`)
        .set(provider.headers)
        .send({ outcomeId, activityDate: '2026-06-30', quantity: '1', externalRef: 'late-1' });
      expectLocked(res);
      // The quarter after it is open.
      await http
        .post(`${base()}/delivery-records`)
        .set(provider.headers)
        .send({ outcomeId, activityDate: '2026-07-01', quantity: '1', externalRef: 'q2-1' })
        .expect(201);
      expect(await records()).toBe(before + 1);
    });

    it('refuses a batch with one record in it, whole', async () => {
      const before = await records();
      const res = await http
        .post(`${base()}/delivery-records/batch`)
        .set(provider.headers)
        .send({
          records: [
            { outcomeId, activityDate: '2026-08-01', quantity: '1', externalRef: 'b-q2' },
            { outcomeId, activityDate: '2026-04-02', quantity: '1', externalRef: 'b-q1' },
          ],
        });
      expectLocked(res);
      expect(await records()).toBe(before);
    });

    it('refuses a correction of a record in it, and a review that changes what counts', async () => {
      const early = await prisma.deliveryRecord.findFirstOrThrow({
        where: { partnershipId: pid, externalRef: 'early-1' },
      });
      const before = await records();
      const fix = await http
        .post(`${base()}/delivery-records/${early.id}/corrections`)
        .set(provider.headers)
        .send({ action: 'amend', reason: 'Miscounted', quantity: '5' });
      expectLocked(fix);
      // Amending a Q2 record onto a date in Q1 is refused too.
      const q2 = await prisma.deliveryRecord.findFirstOrThrow({
        where: { partnershipId: pid, externalRef: 'q2-1' },
      });
      const onto = await http
        .post(`${base()}/delivery-records/${q2.id}/corrections`)
        .set(provider.headers)
        .send({ action: 'amend', reason: 'Wrong date', activityDate: '2026-06-29' });
      expectLocked(onto);
      const review = await http
        .post(`${base()}/delivery-records/${early.id}/review`)
        .set(verifier.headers)
        .send({ status: 'verified' });
      expectLocked(review);
      expect(await records()).toBe(before);
      expect(
        await prisma.deliveryRecord.findFirstOrThrow({
          where: { partnershipId: pid, id: early.id },
        }),
      ).toMatchObject({ status: 'claimed' });
    });

    it('refuses an import with a row in it, whole (the import is rejected, nothing inserted)', async () => {
      const before = await records();
      const res = await upload(
        `${HEADER}\nJOBS,2026-08-03,2,imp-1,,\nJOBS,2026-05-03,2,imp-2,,\nJOBS,2026-09-03,2,imp-3,,\n`,
      );
      expectLocked(res);
      expect(res.body.importId).toEqual(expect.any(String));
      const imported = await prisma.deliveryImport.findFirstOrThrow({
        where: { partnershipId: pid, id: res.body.importId as string },
      });
      expect(imported.status).toBe('rejected');
      expect(imported.failureReason).toContain(Q1);
      expect(await records()).toBe(before);
    });

    it('refuses the quarter’s financial return; another quarter’s is accepted', async () => {
      const body = (p: string) => ({
        period: p,
        revenue: '1000.00',
        costs: [{ category: 'direct', amount: '800.00' }],
      });
      const res = await http
        .post(`${base()}/financial-returns`)
        .set(provider.headers)
        .send(body(Q1));
      expectLocked(res);
      expect(await returns()).toBe(0);
      await http
        .post(`${base()}/financial-returns`)
        .set(provider.headers)
        .send(body('2026-27 Q2'))
        .expect(201);
    });

    it('is held by the database too: a write past the API is refused (409 through the API’s mapping)', async () => {
      await expect(
        prisma.deliveryRecord.create({
          data: {
            partnershipId: pid,
            outcomeId,
            providerOrgId: orgId,
            activityDate: day('2026-05-20'),
            quantity: '1',
          },
        }),
      ).rejects.toThrow(/period-locked: 2026-27 Q1 is closed/);
      // Had a service forgotten to ask, the API would answer as it does when it asks.
      const refused = await prisma.deliveryRecord
        .create({
          data: {
            partnershipId: pid,
            outcomeId,
            providerOrgId: orgId,
            activityDate: day('2026-05-21'),
            quantity: '1',
          },
        })
        .catch((e: unknown) => e);
      expect(toProblem(refused)).toMatchObject({
        type: '/problems/period-locked',
        status: 409,
        quarters: [Q1],
      });
      await expect(
        prisma.financialReturn.create({
          data: {
            partnershipId: pid,
            providerOrgId: orgId,
            periodStart: day('2026-04-01'),
            periodEnd: day('2026-06-30'),
            periodLabel: Q1,
            revision: 9,
            revenue: '1.00',
          },
        }),
      ).rejects.toThrow(/period-locked/);
      const early = await prisma.deliveryRecord.findFirstOrThrow({
        where: { partnershipId: pid, externalRef: 'early-1' },
      });
      await expect(
        prisma.deliveryRecord.update({
          where: { partnershipId_id: { partnershipId: pid, id: early.id } },
          data: { status: 'verified' },
        }),
      ).rejects.toThrow(/period-locked/);
    });
  });

  describe('reopening it', () => {
    it('needs a reason (400) and an admin (403)', async () => {
      await http
        .post(`${period(Q1)}/reopen`)
        .set(admin.headers)
        .send({})
        .expect(400);
      await http
        .post(`${period(Q1)}/reopen`)
        .set(provider.headers)
        .send({ reason: 'Mine' })
        .expect(403);
    });

    it('reopens with a reason, audited and in the history; late data then restates the report', async () => {
      const res = await http
        .post(`${period(Q1)}/reopen`)
        .set(admin.headers)
        .send({ reason: 'June placements arrived late; the board agreed' })
        .expect(200);
      matchesDocument('PeriodResponse', res.body);
      expect(res.body).toMatchObject({
        state: 'reopened',
        reason: 'June placements arrived late; the board agreed',
        history: [
          { event: 'closed', actorUserId: admin.userId },
          {
            event: 'reopened',
            actorUserId: admin.userId,
            reason: 'June placements arrived late; the board agreed',
          },
        ],
      });
      const audit = await prisma.auditEvent.findMany({
        where: { partnershipId: pid, entityType: 'period' },
        orderBy: { id: 'asc' },
      });
      expect(audit.map((a) => [a.action, a.entityId, a.actorUserId])).toEqual([
        ['period.closed', Q1, admin.userId],
        ['period.reopened', Q1, admin.userId],
      ]);

      await http
        .post(`${base()}/delivery-records`)
        .set(provider.headers)
        .send({ outcomeId, activityDate: '2026-06-30', quantity: '3', externalRef: 'late-1' })
        .expect(201);
      // The refresh asked for the quarter's report again: a restatement that says what changed.
      const pending = await prisma.jobRun.findMany({
        where: { partnershipId: pid, status: 'pending', dedupeKey: `quarter:${Q1}` },
      });
      expect(pending).toHaveLength(1);
      const v2 = await produceQ1();
      expect(v2).toMatchObject({ version: 2, status: 'final' });
      expect(v2.changes).toMatchObject({
        restatement: true,
        differences: expect.arrayContaining([
          { field: 'outcomes[JOBS].actual', from: '4', to: '7' },
        ]),
      });
      // The history is append-only.
      await expect(
        prisma.periodLockEvent.deleteMany({ where: { partnershipId: pid } }),
      ).rejects.toThrow(/append-only/);
    });
  });

  describe('an import committed after its quarter was closed', () => {
    it('rolls back whole: the commit checks the closed quarters itself', async () => {
      // Received while 2026-27 Q2 was open; nobody commits it yet (no worker in this test).
      const sent = await upload(
        `${HEADER}\nJOBS,2026-08-10,1,race-1,,\nJOBS,2026-08-11,1,race-2,,\n`,
      );
      expect(sent.status).toBe(202);
      const importId = sent.body.id as string;
      await http
        .post(`${period('2026-27 Q2')}/close`)
        .set(admin.headers)
        .send({})
        .expect(200);
      const before = await records();
      const imports = app.get(DeliveryImportRepository);
      const commit = imports.commitStaged(pid, importId, {
        actor: { userId: provider.userId, keyId: null },
        timeoutMs: 30_000,
        pollMs: 50,
      });
      await expect(commit).rejects.toBeInstanceOf(ImportPeriodLockedError);
      await expect(commit).rejects.toThrow(/2026-27 Q2/);
      expect(await records()).toBe(before);
      await imports.markFailed(pid, importId, 'closed while waiting');
      await imports.dropStaging(importId);
      await http
        .post(`${period('2026-27 Q2')}/reopen`)
        .set(admin.headers)
        .send({ reason: 'Back to the race test' })
        .expect(200);
    });
  });

  describe('the automatic close', () => {
    let today = '2026-10-18';
    const closer = () =>
      new PeriodAutoCloser(
        app.get(Db),
        app.get(PeriodLockRepository),
        app.get(CalendarRepository),
        app.get(PartnershipRepository),
        app.get(AuditRepository),
        { today: () => today },
      );
    let auto: string;
    const AUTO_Q = '2026-27 Q2';

    beforeAll(async () => {
      auto = (
        await createProviderPartnership(prisma, {
          name: 'Auto',
          startDate: '2025-04-01',
          endDate: '2030-03-31',
          providerUserId: provider.userId,
        })
      ).partnershipId;
      await grantRole(prisma, auto, admin.userId, 'admin');
    });

    it('validates the setting (400 naming the field) and shows when a quarter will close', async () => {
      const url = `/v1/partnerships/${auto}/periods/settings`;
      for (const bad of [0, 366, 1.5, '5']) {
        const res = await http
          .put(url)
          .set(admin.headers)
          .send({ autoCloseDaysAfterDeadline: bad })
          .expect(400);
        expect(res.body.errors[0]).toMatchObject({ field: 'autoCloseDaysAfterDeadline' });
      }
      await http.put(url).set(provider.headers).send({ autoCloseDaysAfterDeadline: 5 }).expect(403);
      const set = await http
        .put(url)
        .set(admin.headers)
        .send({ autoCloseDaysAfterDeadline: 5 })
        .expect(200);
      matchesDocument('PeriodSettingsResponse', set.body);
      expect(set.body.autoCloseDaysAfterDeadline).toBe(5);
      // The setting applies to close dates from the day it is made; the test dates it back so
      // that 2026-27 Q2 (delivery due 2026-10-14, closing 2026-10-19) is under it.
      await prisma.periodLockSettings.update({
        where: { partnershipId: auto },
        data: { autoCloseFrom: day('2026-10-01') },
      });
      const q = await http
        .get(`/v1/partnerships/${auto}/periods/${encodeURIComponent(AUTO_Q)}`)
        .set(admin.headers)
        .expect(200);
      expect(q.body).toMatchObject({
        state: 'open',
        deliveryDeadline: '2026-10-14',
        autoClosesOn: '2026-10-19',
      });
    });

    it('closes nothing the day before; on the day, two closers at once close the quarter once', async () => {
      today = '2026-10-18';
      expect((await closer().run()).closed).toEqual([]);
      today = '2026-10-19';
      const [a, b] = await Promise.all([closer().run('worker-a'), closer().run('worker-b')]);
      expect([...a.closed, ...b.closed]).toEqual([{ partnershipId: auto, quarter: AUTO_Q }]);
      // A restart the same day (or the next hourly run) finds nothing to do.
      expect((await closer().run()).closed).toEqual([]);
      const events = await prisma.periodLockEvent.findMany({ where: { partnershipId: auto } });
      expect(events.map((e) => [e.event, e.actorId])).toEqual([['auto_closed', null]]);
      const audit = await prisma.auditEvent.findMany({
        where: { partnershipId: auto, action: 'period.auto_closed' },
      });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ entityId: AUTO_Q, actorUserId: null });
      // The quarter before closed before the setting took effect: left alone.
      expect(await prisma.periodLock.count({ where: { partnershipId: auto } })).toBe(1);

      const res = await http
        .post(`/v1/partnerships/${auto}/delivery-records`)
        .set(provider.headers)
        .send({
          outcomeId: await outcomeOf(auto),
          activityDate: '2026-09-30',
          quantity: '1',
          externalRef: 'auto-1',
        });
      expectLocked(res, [AUTO_Q]);
    });

    it('does not close again a quarter an admin reopened', async () => {
      await http
        .post(`/v1/partnerships/${auto}/periods/${encodeURIComponent(AUTO_Q)}/reopen`)
        .set(admin.headers)
        .send({ reason: 'A provider’s September data was held up' })
        .expect(200);
      today = '2026-10-25';
      expect((await closer().run()).closed).toEqual([]);
      const lock = await http
        .get(`/v1/partnerships/${auto}/periods`)
        .set(admin.headers)
        .expect(200);
      expect(lock.body.data[0]).toMatchObject({
        quarter: AUTO_Q,
        state: 'reopened',
        history: [
          { event: 'auto_closed', actorUserId: null, reason: null },
          { event: 'reopened', actorUserId: admin.userId },
        ],
      });
    });

    it('is turned off with null', async () => {
      const off = await http
        .put(`/v1/partnerships/${auto}/periods/settings`)
        .set(admin.headers)
        .send({ autoCloseDaysAfterDeadline: null })
        .expect(200);
      expect(off.body).toEqual({ autoCloseDaysAfterDeadline: null, autoCloseFrom: null });
      today = '2027-06-01';
      expect((await closer().run()).closed).toEqual([]);
    });

    const outcomeOf = async (partnershipId: string) =>
      (await prisma.outcome.findFirstOrThrow({ where: { partnershipId } })).id;
  });
  describe('in two worker processes', () => {
    const workers: RunningProcess[] = [];
    let queue: Queue;
    let pidW: string;

    beforeAll(async () => {
      buildOnce();
      queue = new Queue(QueueName.System, {
        connection: bullConnection(process.env.REDIS_URL!),
        prefix: process.env.QUEUE_PREFIX!,
      });
      pidW = (
        await createProviderPartnership(prisma, {
          name: 'Workers',
          startDate: '2025-04-01',
          endDate: '2030-03-31',
        })
      ).partnershipId;
      await grantRole(prisma, pidW, admin.userId, 'admin');
      await http
        .put(`/v1/partnerships/${pidW}/periods/settings`)
        .set(admin.headers)
        .send({ autoCloseDaysAfterDeadline: 5 })
        .expect(200);
      // Dated back to the start of 2026: the workers' own clock (today) then has several quarters
      // past their close date, the first 2025-26 Q3 (delivery due 2026-01-14, closing 2026-01-19).
      await prisma.periodLockSettings.update({
        where: { partnershipId: pidW },
        data: { autoCloseFrom: day('2026-01-01') },
      });
      for (let i = 0; i < 2; i++) workers.push(await startWorkerProcess({ LOG_LEVEL: 'warn' }));
    }, 60_000);
    afterAll(async () => {
      await queue.close();
      for (const worker of workers) {
        if (process.env.TEST_LOGS) console.log(worker.output().slice(-5000));
        if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
        await worker.exited;
      }
    });

    it('registers the hourly scheduler and closes each due quarter once, whichever worker runs it', async () => {
      const schedulers = await waitFor(
        async () => {
          const all = await queue.getJobSchedulers();
          return all.some((s) => s.key === 'auto-close-periods-hourly') ? all : undefined;
        },
        15_000,
        'the auto-close scheduler',
      );
      expect(schedulers.find((s) => s.key === 'auto-close-periods-hourly')?.pattern).toBe(
        '41 * * * *',
      );
      // What the scheduler fires, four times at once: both workers take some.
      const jobs = await Promise.all(
        [1, 2, 3, 4].map(() => queue.add(JobName.AutoClosePeriods, {})),
      );
      await waitFor(
        async () => {
          const states = await Promise.all(jobs.map((j) => j.getState()));
          return states.every((s) => s === 'completed') ? true : undefined;
        },
        30_000,
        'the auto-close jobs',
      );
      const locks = await prisma.periodLock.findMany({
        where: { partnershipId: pidW },
        orderBy: { periodStart: 'asc' },
      });
      expect(locks.map((l) => l.quarterLabel)).toEqual(
        expect.arrayContaining(['2025-26 Q3', '2025-26 Q4', '2026-27 Q1', '2026-27 Q2']),
      );
      // Before the setting took effect: left alone.
      expect(locks.map((l) => l.quarterLabel)).not.toContain('2025-26 Q2');
      expect(locks.every((l) => l.state === 'closed' && l.changedBy === null)).toBe(true);
      const events = await prisma.periodLockEvent.groupBy({
        by: ['periodStart', 'event'],
        where: { partnershipId: pidW },
        _count: { _all: true },
      });
      expect(events).toHaveLength(locks.length);
      expect(events.every((e) => e.event === 'auto_closed' && e._count._all === 1)).toBe(true);
      const audit = await prisma.auditEvent.count({
        where: { partnershipId: pidW, action: 'period.auto_closed' },
      });
      expect(audit).toBe(locks.length);
    });
  });
});
