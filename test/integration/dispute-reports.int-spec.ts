import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@ol/config';
import { JobProducer, RunRequester, NotificationKicker } from '@ol/jobs';
import {
  Db,
  NotificationRepository,
  PrismaService,
  ReportInputsRepository,
  ReportRepository,
  RunRepository,
} from '@ol/persistence';
import request from 'supertest';
import { WorkerConfig } from '../../apps/worker/src/config/worker.config';
import { ReportBuilder } from '../../apps/worker/src/reports/report-builder.service';
import { ReportRunner } from '../../apps/worker/src/reports/report-runner.service';
import { createProviderPartnership, createUserWithKey, grantRole } from '../factories';
import { createTestApp, truncateAll } from '../setup/test-app';

interface StatusQuantity {
  entries: number;
  quantity: string | null;
}
interface Figures {
  outcomes: {
    actual: string | null;
    verification: { verified: StatusQuantity; claimed: StatusQuantity; disputed: StatusQuantity };
  }[];
}

/**
 * A resolved dispute reaches the reports (real PostgreSQL and Redis; the test runs the report
 * runner the resolution asked for, with a set clock): accepted, the record counts as verified;
 * upheld, it counts nowhere, not even beside the figures as disputed; each restates the report.
 */
describe('dispute resolutions in reports (ReportRunner with a set clock)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let runner: ReportRunner;
  let provider: Awaited<ReturnType<typeof createUserWithKey>>;
  let verifier: Awaited<ReturnType<typeof createUserWithKey>>;
  let pid: string;
  let outcomeId: string;
  const today = '2027-01-05';

  beforeAll(async () => {
    app = await createTestApp({ REPORT_DEBOUNCE_MS: '0' });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    const reports = app.get(ReportRepository);
    runner = new ReportRunner(
      app.get(RunRepository),
      app.get(RunRequester),
      reports,
      app.get(NotificationRepository),
      new ReportBuilder(app.get(ReportInputsRepository)),
      new NotificationKicker(app.get(Db), app.get(JobProducer)),
      loadConfig(WorkerConfig, process.env),
      { today: () => today },
    );
    provider = await createUserWithKey(prisma);
    verifier = await createUserWithKey(prisma);
    ({ partnershipId: pid, outcomeId } = await createProviderPartnership(prisma, {
      name: 'Disputes',
      startDate: '2026-04-01',
      endDate: '2031-03-31',
      providerUserId: provider.userId,
    }));
    await grantRole(prisma, pid, verifier.userId, 'verifier');
  });
  afterAll(async () => {
    await app.close();
  });

  const base = () => `/v1/partnerships/${pid}/delivery-records`;
  const log = async (externalRef: string, quantity: string): Promise<string> =>
    (
      await http
        .post(base())
        .set(provider.headers)
        .send({ outcomeId, activityDate: '2026-05-14', quantity, externalRef })
        .expect(201)
    ).body.id as string;
  const step = (id: string, path: string, who: { headers: Record<string, string> }, body: object) =>
    http.post(`${base()}/${id}/${path}`).set(who.headers).send(body).expect(200);
  /** Runs the pending quarter report the last step asked for; its figures and whether it restates. */
  const runRequested = async () => {
    const pending = await prisma.jobRun.findFirstOrThrow({
      where: { partnershipId: pid, status: 'pending', dedupeKey: 'quarter:2026-27 Q1' },
    });
    const { reportId } = await runner.run(pid, pending.id, true);
    const report = await prisma.report.findFirstOrThrow({ where: { id: reportId! } });
    const outcome = (report.figures as unknown as Figures).outcomes[0];
    return {
      actual: outcome.actual,
      verified: outcome.verification.verified,
      claimed: outcome.verification.claimed,
      disputed: outcome.verification.disputed,
      restatement: (report.changes as { restatement?: boolean } | null)?.restatement ?? null,
    };
  };

  it('counts an accepted record as verified and an upheld one nowhere, restating the quarter each time', async () => {
    const accepted = await log('r-accept', '5');
    const upheld = await log('r-uphold', '7');
    await log('r-claim', '11');
    await step(accepted, 'review', verifier, { status: 'disputed', note: 'No evidence' });
    await step(upheld, 'review', verifier, { status: 'disputed', note: 'Duplicate?' });
    expect(await runRequested()).toEqual({
      actual: '11',
      verified: { entries: 0, quantity: '0' },
      claimed: { entries: 1, quantity: '11' },
      disputed: { entries: 2, quantity: '12' },
      restatement: null,
    });

    const pending = () =>
      prisma.jobRun.findMany({
        where: { partnershipId: pid, status: 'pending' },
        select: { id: true, notBefore: true },
        orderBy: { id: 'asc' },
      });
    const before = await pending();
    await step(accepted, 'answer', provider, { response: 'Letter uploaded' });
    expect(await pending()).toEqual(before); // an answer changes no figure: nothing is asked for
    await step(accepted, 'resolve', verifier, { decision: 'accepted', note: 'Letter confirms' });
    expect(await runRequested()).toEqual({
      actual: '16',
      verified: { entries: 1, quantity: '5' },
      claimed: { entries: 1, quantity: '11' },
      disputed: { entries: 1, quantity: '7' },
      restatement: true,
    });

    await step(upheld, 'resolve', verifier, { decision: 'upheld', note: 'Duplicate of r-claim' });
    expect(await runRequested()).toEqual({
      actual: '16',
      verified: { entries: 1, quantity: '5' },
      claimed: { entries: 1, quantity: '11' },
      disputed: { entries: 0, quantity: '0' },
      restatement: true,
    });
  });
});
