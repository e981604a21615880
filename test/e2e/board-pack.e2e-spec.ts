import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import request from 'supertest';
import { createUserWithKey, grantRole } from '../factories';
import {
  buildOnce,
  waitFor,
  type RunningProcess,
  startWorkerProcess,
} from '../setup/child-process';
import { readPdf } from '../setup/pdf';
import { createTestApp, truncateAll } from '../setup/test-app';

/**
 * The board pack: a report version rendered as an A4 PDF by the worker (a job with progress),
 * stored once per version and view, downloaded as the API's figures say. A board member's pack
 * has the open book's total; a provider's (the partnership does not share it) has none of it.
 */
describe('board pack PDF (API + worker process, real PostgreSQL and Redis)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let board: Awaited<ReturnType<typeof createUserWithKey>>;
  let acorn: Awaited<ReturnType<typeof createUserWithKey>>;
  let outsider: Awaited<ReturnType<typeof createUserWithKey>>;
  let pid: string;
  let reportId: string;
  let worker: RunningProcess;
  const base = () => `/v1/partnerships/${pid}`;

  const finish = (user: typeof board, jobId: string) =>
    waitFor(
      async () => {
        const r = await http.get(`${base()}/jobs/${jobId}`).set(user.headers);
        return r.body.status === 'done' || r.body.status === 'failed' ? r.body : undefined;
      },
      60_000,
      'job',
    );

  /** The version's pack as the user downloads it (200), its bytes as a Buffer. */
  const download = (user: typeof board) =>
    http
      .get(`${base()}/reports/${reportId}/board-pack.pdf`)
      .set(user.headers)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);

  beforeAll(async () => {
    buildOnce();
    app = await createTestApp();
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    const admin = await createUserWithKey(prisma);
    board = await createUserWithKey(prisma);
    acorn = await createUserWithKey(prisma);
    outsider = await createUserWithKey(prisma);
    pid = (
      await prisma.partnership.create({
        data: {
          name: 'Riverside Wellbeing Alliance',
          model: 'alliance',
          status: 'active',
          startDate: new Date('2025-04-01T00:00:00Z'),
          endDate: new Date('2030-03-31T00:00:00Z'),
          provisionalReturnsCount: true,
        },
      })
    ).id;
    await grantRole(prisma, pid, admin.userId, 'admin');
    await grantRole(prisma, pid, board.userId, 'board');
    const org = await prisma.organisation.create({ data: { name: 'Acorn', kind: 'provider' } });
    await prisma.member.create({
      data: { partnershipId: pid, organisationId: org.id, role: 'provider' },
    });
    await grantRole(prisma, pid, acorn.userId, 'provider', org.id);
    const jobs = await prisma.outcome.create({
      data: { partnershipId: pid, code: 'JOBS', theme: 'Jobs', title: 'Into work', unit: 'people' },
    });
    const proxy = await prisma.proxy.create({
      data: {
        code: 'EMP-R',
        name: 'Employment',
        unit: 'person',
        sourceCitation: 'Illustrative',
        licence: 'CC0-1.0',
      },
    });
    await prisma.proxyVersion.create({
      data: {
        proxyId: proxy.id,
        validFrom: new Date('2025-04-01T00:00:00Z'),
        valuePerUnit: '10000',
        priceYear: 2025,
        durationYears: 1,
      },
    });
    await prisma.outcomeValuation.create({
      data: { partnershipId: pid, outcomeId: jobs.id, proxyId: proxy.id },
    });
    await http
      .post(`${base()}/delivery-records`)
      .set(acorn.headers)
      .send({ outcomeId: jobs.id, activityDate: '2025-05-01', quantity: '6', externalRef: 'd-1' })
      .expect(201);
    await http
      .post(`${base()}/financial-returns`)
      .set(acorn.headers)
      .send({
        period: '2025-26 Q1',
        revenue: '90000.00',
        costs: [{ category: 'direct', amount: '43210.00' }],
      })
      .expect(201);
    worker = await startWorkerProcess({ RECONCILE_INTERVAL_SECONDS: '1', LOG_LEVEL: 'warn' });
    const asked = await http
      .post(`${base()}/reports`)
      .set(board.headers)
      .send({ scope: 'quarter', quarter: '2025-26 Q1' })
      .expect(202);
    const job = await finish(board, asked.body.id);
    expect(job.status).toBe('done');
    reportId = job.resultId;
  }, 90_000);

  afterAll(async () => {
    if (worker?.child.exitCode === null) worker.child.kill('SIGKILL');
    await worker?.exited;
    await app.close();
  });

  it('renders the version as an A4 PDF with its figures, its working and, on every page, the partnership, the fingerprint and the page number', async () => {
    // Not rendered yet: 404, saying how to ask.
    const before = await http
      .get(`${base()}/reports/${reportId}/board-pack.pdf`)
      .set(board.headers)
      .expect(404);
    expect(before.body).toMatchObject({ type: '/problems/not-produced-yet' });
    expect(before.body.detail).toMatch(/not been produced yet/);

    const asked = await http
      .post(`${base()}/reports/${reportId}/board-pack`)
      .set(board.headers)
      .expect(202);
    expect(asked.body).toMatchObject({ kind: 'board_pack', status: 'pending' });
    const job = await finish(board, asked.body.id);
    expect(job).toMatchObject({ status: 'done', progress: 100 });

    const res = await download(board);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="board-pack-2025-26_Q1-v1.pdf"',
    );
    const pdf = readPdf(res.body as Buffer);
    expect(pdf.pageCount).toBe(Number(res.headers['x-page-count']));
    expect(pdf.pageCount).toBeGreaterThanOrEqual(5);
    expect(pdf.pages).toHaveLength(pdf.pageCount);

    const version = await http.get(`${base()}/reports/${reportId}`).set(board.headers).expect(200);
    const { figures, fingerprint } = version.body;
    pdf.pages.forEach((page, i) => {
      expect(page).toContain('Riverside Wellbeing Alliance');
      expect(page).toContain(`fingerprint ${fingerprint}`);
      expect(page).toContain(`Page ${i + 1} of ${pdf.pageCount}`);
    });
    // The same numbers as the API: 6 people × £10,000, the open book's £43,210, the ratio.
    const grouped = (n: string) => n.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    const [whole, pence] = (figures.totals.presentValue as string).split('.');
    expect(pdf.text).toContain('Board pack');
    expect(pdf.text).toContain('Quarter report 2025-26 Q1');
    expect(pdf.text).toContain(`${grouped(whole)}.${pence}`);
    expect(pdf.text).toContain('43,210.00');
    expect(pdf.text).toContain(figures.totals.sroiRatioText);
    for (const heading of [
      'Summary',
      'Outcomes against targets',
      'Value by theme',
      'Sensitivity',
      'Appendix A: valuation lines',
      'Appendix B: the working behind every total',
    ])
      expect(pdf.text).toContain(heading);
    // The working of the line, in words (ids never shown).
    expect(pdf.text).toContain('JOBS');
    expect(pdf.text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);

    // Asking again renders nothing new: the stored pack is the answer.
    const again = await http
      .post(`${base()}/reports/${reportId}/board-pack`)
      .set(board.headers)
      .expect(202);
    const second = await finish(board, again.body.id);
    expect(second.resultId).toBe(job.resultId);
    expect(await prisma.boardPack.count()).toBe(1);
  }, 120_000);

  it('gives a provider the pack without the open book (the partnership does not share it)', async () => {
    const asked = await http
      .post(`${base()}/reports/${reportId}/board-pack`)
      .set(acorn.headers)
      .expect(202);
    expect((await finish(acorn, asked.body.id)).status).toBe('done');
    const res = await download(acorn);
    const pdf = readPdf(res.body as Buffer);
    expect(pdf.text).not.toContain('43,210');
    expect(pdf.text).toContain('Withheld in this view');
    const packs = await prisma.boardPack.findMany({ select: { view: true } });
    expect(packs.map((p) => p.view).sort()).toEqual(['full', 'withheld']);
  }, 120_000);

  it('refuses what is not there or not theirs, and changes nothing', async () => {
    const unknown = '6f1c3a52-59a4-4f3e-9d7c-0a7c8e0b1234';
    await http.post(`${base()}/reports/${unknown}/board-pack`).set(board.headers).expect(404);
    await http.get(`${base()}/reports/${unknown}/board-pack.pdf`).set(board.headers).expect(404);
    await http.post(`${base()}/reports/not-a-uuid/board-pack`).set(board.headers).expect(400);
    await http.post(`${base()}/reports/${reportId}/board-pack`).set(outsider.headers).expect(404);
    await http.post(`${base()}/reports/${reportId}/board-pack`).expect(401);
    expect(await prisma.jobRun.count({ where: { kind: 'board_pack' } })).toBe(3);
  });
});
