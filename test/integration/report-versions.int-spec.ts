import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@ol/config';
import { JobProducer, NotificationKicker, reportRun, RunRequester } from '@ol/jobs';
import type { ReportScope } from '@ol/outcomes';
import {
  Db,
  NotificationRepository,
  PrismaService,
  ReportInputsRepository,
  ReportRepository,
  RunRepository,
  type JobRun,
} from '@ol/persistence';
import request from 'supertest';
import { WorkerConfig } from '../../apps/worker/src/config/worker.config';
import { ReportBuilder } from '../../apps/worker/src/reports/report-builder.service';
import { ReportRunner } from '../../apps/worker/src/reports/report-runner.service';
import { createProviderPartnership, createUserWithKey } from '../factories';
import { createTestApp, truncateAll } from '../setup/test-app';

/**
 * Versions a board can rely on (real PostgreSQL and Redis; the test runs the report runner itself,
 * with a clock it sets): provisional while the quarter runs, final once it has ended; one current
 * version per report, also when inputs switch away and back; late data restating every report that
 * covers it; data committed while a report runs counted by the run that follows.
 */
describe('report versions (ReportRunner with a set clock)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let runs: RunRepository;
  let requester: RunRequester;
  let reports: ReportRepository;
  let runner: ReportRunner;
  let admin: Awaited<ReturnType<typeof createUserWithKey>>;
  let provider: Awaited<ReturnType<typeof createUserWithKey>>;
  let pid: string;
  let outcomeId: string;
  let orgId: string;
  let today = '2026-12-02';
  let holdMs = 0;
  let record = 0;

  beforeAll(async () => {
    app = await createTestApp({ REPORT_DEBOUNCE_MS: '0' });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    runs = app.get(RunRepository);
    requester = app.get(RunRequester);
    reports = app.get(ReportRepository);
    const config = loadConfig(WorkerConfig, process.env);
    runner = new ReportRunner(
      runs,
      requester,
      reports,
      app.get(NotificationRepository),
      new ReportBuilder(app.get(ReportInputsRepository)),
      new NotificationKicker(app.get(Db), app.get(JobProducer)),
      new Proxy(config, {
        get: (target, key) =>
          key === 'REPORT_HOLD_MS' ? holdMs : target[key as keyof WorkerConfig],
      }),
      { today: () => today },
    );
    admin = await createUserWithKey(prisma, { admin: true });
    provider = await createUserWithKey(prisma);
    ({
      partnershipId: pid,
      outcomeId,
      organisationId: orgId,
    } = await createProviderPartnership(prisma, {
      name: 'Versions',
      startDate: '2026-04-01',
      endDate: '2031-03-31',
      providerUserId: provider.userId,
    }));
  });
  afterAll(async () => {
    await app.close();
  });

  const deliver = (activityDate: string, quantity = '1') =>
    prisma.deliveryRecord.create({
      data: {
        partnershipId: pid,
        outcomeId,
        providerOrgId: orgId,
        activityDate: new Date(`${activityDate}T00:00:00Z`),
        quantity,
        externalRef: `v-${++record}`,
      },
    });
  const ask = async (scope: ReportScope, quarter: string): Promise<JobRun> =>
    (await requester.request(pid, reportRun({ scope, quarter }))).run;
  const produce = async (scope: ReportScope, quarter: string) => {
    const run = await ask(scope, quarter);
    const result = await runner.run(pid, run.id, true);
    return result.reportId
      ? prisma.report.findFirstOrThrow({ where: { id: result.reportId } })
      : null;
  };
  const currentOf = async (scope: 'quarter' | 'year_to_date' | 'since_start', quarter: string) =>
    (
      await http
        .get(`/v1/partnerships/${pid}/reports/current?scope=${scope}&quarter=${quarter}`)
        .set(admin.headers)
        .expect(200)
    ).body;

  it('issues a quarter not yet ended as provisional, then final (superseded, not restated), then restated', async () => {
    await deliver('2026-10-15', '3');
    today = '2026-12-02';
    const v1 = await produce('quarter', '2026-27 Q3');
    expect(v1).toMatchObject({ version: 1, status: 'provisional', changes: null });
    expect(v1!.figures).toMatchObject({ status: 'provisional' });

    // The same data once the quarter has ended: a final version, superseding the provisional one.
    today = '2027-01-05';
    const v2 = await produce('quarter', '2026-27 Q3');
    expect(v2).toMatchObject({ version: 2, status: 'final', restatesId: v1!.id });
    expect(v2!.changes).toMatchObject({
      previousStatus: 'provisional',
      restatement: false,
      differences: [],
    });

    // Late data after that: a restatement.
    await deliver('2026-11-20', '2');
    const v3 = await produce('quarter', '2026-27 Q3');
    expect(v3).toMatchObject({ version: 3, status: 'final' });
    expect(v3!.changes).toMatchObject({
      previousStatus: 'final',
      restatement: true,
      differences: expect.arrayContaining([{ field: 'outcomes[JOBS].actual', from: '3', to: '5' }]),
    });
    expect((await currentOf('quarter', '2026-27 Q3')).id).toBe(v3!.id);
  });

  it('keeps exactly one current version, the one whose inputs are the latest run’s (A, B, back to A)', async () => {
    today = '2027-01-05';
    await deliver('2026-05-10', '4');
    const a = await produce('quarter', '2026-27 Q1');
    await prisma.outcome.update({
      where: { partnershipId_id: { partnershipId: pid, id: outcomeId } },
      data: { title: 'Renamed for a while' },
    });
    const b = await produce('quarter', '2026-27 Q1');
    expect(b!.version).toBe(a!.version + 1);
    await prisma.outcome.update({
      where: { partnershipId_id: { partnershipId: pid, id: outcomeId } },
      data: { title: 'Into work' },
    });
    const again = await produce('quarter', '2026-27 Q1');
    expect(again!.id).toBe(a!.id); // the same inputs: no new version
    const list = await http
      .get(`/v1/partnerships/${pid}/reports?scope=quarter&period=2026-27 Q1`)
      .set(admin.headers)
      .expect(200);
    expect(
      list.body.data.map((r: { version: number; current: boolean }) => [r.version, r.current]),
    ).toEqual([
      [b!.version, false],
      [a!.version, true],
    ]);
    expect((await currentOf('quarter', '2026-27 Q1')).id).toBe(a!.id);
    // A new version compares with the current one (A), not the highest number (B).
    await deliver('2026-05-11', '1');
    const c = await produce('quarter', '2026-27 Q1');
    expect(c).toMatchObject({ version: b!.version + 1, restatesId: a!.id });
  });

  it('restates every report covering late data: the quarter, later years to date and since start', async () => {
    today = '2027-01-05';
    for (const [scope, quarter] of [
      ['quarter', '2026-27 Q2'],
      ['year_to_date', '2026-27 Q2'],
      ['year_to_date', '2026-27 Q3'],
      ['since_start', '2026-27 Q3'],
    ] as const) {
      await produce(scope, quarter);
    }
    await http
      .post(`/v1/partnerships/${pid}/delivery-records`)
      .set(provider.headers)
      .send({ outcomeId, activityDate: '2026-08-14', quantity: '6', externalRef: 'late-q2' })
      .expect(201);
    const pending = await prisma.jobRun.findMany({
      where: { partnershipId: pid, status: 'pending' },
      select: { id: true, dedupeKey: true },
    });
    expect(pending.map((r) => r.dedupeKey).sort()).toEqual([
      'quarter:2026-27 Q2',
      'since_start:2026-27 Q3',
      'year_to_date:2026-27 Q2',
      'year_to_date:2026-27 Q3',
    ]);
    for (const run of pending) {
      const { reportId } = await runner.run(pid, run.id, true);
      const version = await prisma.report.findFirstOrThrow({ where: { id: reportId! } });
      expect({
        key: run.dedupeKey,
        restatement: (version.changes as { restatement: boolean }).restatement,
      }).toEqual({
        key: run.dedupeKey,
        restatement: true,
      });
    }
  });

  it('counts data committed while a report runs: a new run follows the running one', async () => {
    today = '2027-01-05';
    await produce('quarter', '2026-27 Q1');
    await deliver('2026-05-20', '1'); // new data: the next run makes a new version (and holds)
    holdMs = 1_500;
    const first = await ask('quarter', '2026-27 Q1');
    const running = runner.run(pid, first.id, true);
    await new Promise((resolve) => setTimeout(resolve, 600)); // it has read its inputs and holds
    await http
      .post(`/v1/partnerships/${pid}/delivery-records`)
      .set(provider.headers)
      .send({ outcomeId, activityDate: '2026-06-01', quantity: '10', externalRef: 'during' })
      .expect(201);
    const follow = await ask('quarter', '2026-27 Q1');
    expect(follow.id).not.toBe(first.id);
    expect(follow.status).toBe('pending');
    // Its job, delivered while the first runs, does not start it: it is put a little later.
    expect(await runner.run(pid, follow.id, true)).toEqual({ reportId: null, created: false });
    expect(Date.parse((await runs.find(pid, follow.id))!.notBefore)).toBeGreaterThan(
      Date.now() + 500,
    );
    holdMs = 0;
    const firstResult = await running;
    const firstVersion = await prisma.report.findFirstOrThrow({
      where: { id: firstResult.reportId! },
    });
    const actualOf = (r: { figures: unknown }) =>
      Number((r.figures as { outcomes: { actual: string }[] }).outcomes[0].actual);
    await prisma.jobRun.update({
      where: { partnershipId_id: { partnershipId: pid, id: follow.id } },
      data: { notBefore: new Date() },
    });
    const followed = await runner.run(pid, follow.id, true);
    const followVersion = await prisma.report.findFirstOrThrow({
      where: { id: followed.reportId! },
    });
    // The record committed while the first run held is in the version that followed, not in it.
    expect(actualOf(followVersion)).toBe(actualOf(firstVersion) + 10);
  }, 30_000);

  it('refuses a report for a quarter after the current one', async () => {
    const res = await http
      .post(`/v1/partnerships/${pid}/reports`)
      .set(admin.headers)
      .send({ scope: 'quarter', quarter: '2027-28 Q2' })
      .expect(422);
    expect(res.body.errors[0]).toMatchObject({ field: 'quarter' });
    expect(res.body.errors[0].reason).toMatch(
      /^is after the current quarter \(\d{4}-\d{2} Q[1-4]\)$/,
    );
  });
});
