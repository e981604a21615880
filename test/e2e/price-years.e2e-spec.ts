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

/**
 * Price years (HTTP and the report runner on real PostgreSQL and Redis): platform admins keep
 * price index series imported from CSV (refusals change nothing), a partnership sets its report
 * price year and series, and a produced report uprates each proxy to that year, leaving a proxy
 * whose price year has no index value unvalued with a warning. Worked numbers as in
 * libs/outcomes/src/report/scenarios/price-year-uprating.spec.ts.
 */
describe('price years: index series, report price year, uprated reports', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let runner: ReportRunner;
  let requester: RunRequester;
  let admin: Awaited<ReturnType<typeof createUserWithKey>>;
  let board: Awaited<ReturnType<typeof createUserWithKey>>;
  let pid: string;
  let jobsId: string;
  let orgId: string;
  let seriesId: string;
  const csv = (text: string) =>
    http
      .post(`/v1/index-series/${seriesId}/values`)
      .set(admin.headers)
      .set('content-type', 'text/csv')
      .send(text);
  const valuesOf = async () =>
    (await prisma.indexSeriesValue.findMany({ orderBy: { year: 'asc' } })).map((v) => [
      v.year,
      v.value.toFixed(6),
    ]);

  beforeAll(async () => {
    app = await createTestApp({ REPORT_DEBOUNCE_MS: '0' });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    const reports = app.get(ReportRepository);
    requester = app.get(RunRequester);
    runner = new ReportRunner(
      app.get(RunRepository),
      requester,
      reports,
      app.get(NotificationRepository),
      new ReportBuilder(app.get(ReportInputsRepository)),
      new NotificationKicker(app.get(Db), app.get(JobProducer)),
      loadConfig(WorkerConfig, process.env),
      { today: () => '2026-12-02' },
    );
    admin = await createUserWithKey(prisma, { admin: true });
    board = await createUserWithKey(prisma);
    ({
      partnershipId: pid,
      outcomeId: jobsId,
      organisationId: orgId,
    } = await createProviderPartnership(prisma, {
      name: 'Prices',
      startDate: '2026-04-01',
      endDate: '2031-03-31',
    }));
    await grantRole(prisma, pid, board.userId, 'board');
  });
  afterAll(async () => {
    await app.close();
  });

  describe('index series (platform admin)', () => {
    it('creates a series (admin only), lists it and gets it', async () => {
      const body = {
        code: 'GDPD',
        name: 'GDP deflator (illustrative)',
        sourceCitation: 'Illustrative values for tests',
      };
      await http.post('/v1/index-series').send(body).expect(401);
      await http.post('/v1/index-series').set(board.headers).send(body).expect(403);
      const bad = await http
        .post('/v1/index-series')
        .set(admin.headers)
        .send({ ...body, code: 'no spaces', name: ' ' })
        .expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'code',
        'name',
      ]);
      expect(await prisma.indexSeries.count()).toBe(0);
      const created = await http.post('/v1/index-series').set(admin.headers).send(body).expect(201);
      seriesId = created.body.id;
      expect(created.body).toEqual({ id: seriesId, ...body, values: [] });
      await http.post('/v1/index-series').set(admin.headers).send(body).expect(409);
      const list = await http.get('/v1/index-series').set(board.headers).expect(200);
      expect(list.body.data.map((s: { code: string }) => s.code)).toEqual(['GDPD']);
      await http.get(`/v1/index-series/${seriesId}`).set(board.headers).expect(200);
      await http
        .get('/v1/index-series/00000000-0000-4000-8000-000000000000')
        .set(board.headers)
        .expect(404);
      await http.get('/v1/index-series/nope').set(board.headers).expect(400);
    });

    it('imports values from CSV, all or nothing: bad rows are listed and nothing is written', async () => {
      const refused = await csv(
        'year,value\n2023,104.8\n2024,0\n2025,-1\n2023,105\n2026\n1899,1\n',
      ).expect(400);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'line 3, value',
        'line 4, value',
        'line 4, value',
        'line 5, year',
        'line 6',
        'line 7, year',
      ]);
      expect(await valuesOf()).toEqual([]);
      await csv('year,price\n2023,1').expect(400);
      await http
        .post(`/v1/index-series/${seriesId}/values`)
        .set(board.headers)
        .set('content-type', 'text/csv')
        .send('year,value\n2023,104.8')
        .expect(403);
      await http
        .post(`/v1/index-series/${seriesId}/values`)
        .set(admin.headers)
        .send({ year: 2023 })
        .expect(415);
      await http
        .post('/v1/index-series/00000000-0000-4000-8000-000000000000/values')
        .set(admin.headers)
        .set('content-type', 'text/csv')
        .send('year,value\n2023,104.8')
        .expect(404);
      // Over 1 MiB: a 413 the client can read (not a reset connection), nothing stored.
      const big = `year,value\n${'2023,104.8\n'.repeat(110_000)}`;
      const tooLarge = await csv(big).expect(413);
      expect(tooLarge.body).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
      expect(await valuesOf()).toEqual([]);

      const first = await csv('year,value\n2023,104.8\n2026,112.3\n2027,999\n').expect(201);
      expect(first.body).toEqual({ rows: 3, added: 3, changed: 0, unchanged: 0 });
      // A re-sent file changes nothing; a revision changes only its year.
      expect((await csv('year,value\n2023,104.8\n2027,115.0\n').expect(201)).body).toEqual({
        rows: 2,
        added: 0,
        changed: 1,
        unchanged: 1,
      });
      expect(await valuesOf()).toEqual([
        [2023, '104.800000'],
        [2026, '112.300000'],
        [2027, '115.000000'],
      ]);
      const got = await http.get(`/v1/index-series/${seriesId}`).set(board.headers).expect(200);
      expect(got.body.values).toEqual([
        { year: 2023, value: '104.800000' },
        { year: 2026, value: '112.300000' },
        { year: 2027, value: '115.000000' },
      ]);
    });
  });

  describe("the partnership's price-year settings", () => {
    const patch = (body: Record<string, unknown>, headers = admin.headers) =>
      http.patch(`/v1/partnerships/${pid}`).set(headers).send(body);

    it('defaults to the period end year and no series', async () => {
      const p = await http.get(`/v1/partnerships/${pid}`).set(board.headers).expect(200);
      expect(p.body).toMatchObject({ reportPriceYear: null, priceIndexSeriesId: null });
    });

    it.each([
      [{ reportPriceYear: 1899 }, 'reportPriceYear'],
      [{ reportPriceYear: 2200 }, 'reportPriceYear'],
      [{ reportPriceYear: '2026' }, 'reportPriceYear'],
      [{ reportPriceYear: 2026.5 }, 'reportPriceYear'],
      [{ priceIndexSeriesId: 'gdp' }, 'priceIndexSeriesId'],
    ])('refuses %p naming the field, changing nothing', async (body, field) => {
      const res = await patch(body).expect(400);
      // A field failing several checks is named once per check.
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))]).toEqual([field]);
      expect(await prisma.partnership.findUniqueOrThrow({ where: { id: pid } })).toMatchObject({
        reportPriceYear: null,
        priceIndexSeriesId: null,
      });
    });

    it('refuses a series that does not exist (422 on the field) and a board member', async () => {
      const res = await patch({
        reportPriceYear: 2026,
        priceIndexSeriesId: '00000000-0000-4000-8000-000000000000',
      }).expect(422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'priceIndexSeriesId' })]);
      await patch({ reportPriceYear: 2026 }, board.headers).expect(403);
      expect(await prisma.partnership.findUniqueOrThrow({ where: { id: pid } })).toMatchObject({
        reportPriceYear: null,
        priceIndexSeriesId: null,
      });
    });

    it('sets the report price year and the series, and clears them with null', async () => {
      await patch({ reportPriceYear: 2030, priceIndexSeriesId: seriesId }).expect(200);
      const cleared = await patch({ reportPriceYear: null, priceIndexSeriesId: null }).expect(200);
      expect(cleared.body).toMatchObject({ reportPriceYear: null, priceIndexSeriesId: null });
      const set = await patch({ reportPriceYear: 2026, priceIndexSeriesId: seriesId }).expect(200);
      expect(set.body).toMatchObject({ reportPriceYear: 2026, priceIndexSeriesId: seriesId });
    });
  });

  describe('a produced report', () => {
    const proxy = async (code: string, valuePerUnit: string, priceYear: number, more = {}) => {
      const p = await prisma.proxy.create({
        data: { code, name: code, unit: 'unit', sourceCitation: 's', licence: 'CC0-1.0' },
      });
      await prisma.proxyVersion.create({
        data: {
          proxyId: p.id,
          validFrom: new Date('2026-04-01T00:00:00Z'),
          valuePerUnit,
          priceYear,
          ...more,
        },
      });
      return p.id;
    };
    const outcome = (code: string) =>
      prisma.outcome.create({
        data: { partnershipId: pid, code, theme: 'Jobs', title: code, unit: 'people' },
      });
    const deliver = (outcomeId: string, quantity: string, ref: string) =>
      prisma.deliveryRecord.create({
        data: {
          partnershipId: pid,
          outcomeId,
          providerOrgId: orgId,
          activityDate: new Date('2026-05-15T00:00:00Z'),
          quantity,
          status: 'verified',
          externalRef: ref,
        },
      });
    const produce = async () => {
      const { run } = await requester.request(pid, {
        kind: 'report',
        dedupeKey: 'quarter:2026-27 Q1',
        params: { scope: 'quarter', quarter: '2026-27 Q1' },
      });
      const { reportId } = await runner.run(pid, run.id, true);
      return (
        await http.get(`/v1/partnerships/${pid}/reports/${reportId}`).set(board.headers).expect(200)
      ).body;
    };

    beforeAll(async () => {
      await prisma.partnership.update({
        where: { id: pid },
        data: { discountRate: '0', discountConvention: 'none' },
      });
      const homes = await outcome('HOMES');
      const vol = await outcome('VOL');
      const links: [string, string][] = [
        [jobsId, await proxy('EMP', '14000', 2023, { deadweight: '0.2' })],
        [homes.id, await proxy('TEN', '2500', 2026)],
        [vol.id, await proxy('VOLP', '300', 2019)],
      ];
      for (const [outcomeId, proxyId] of links) {
        await prisma.outcomeValuation.create({
          data: { partnershipId: pid, outcomeId, proxyId, basis: 'achieved' },
        });
      }
      await deliver(jobsId, '10', 'j');
      await deliver(homes.id, '4', 'h');
      await deliver(vol.id, '6', 'v');
    });

    it('shows each line uprated to 2026 prices and leaves the 2019 proxy out, with a warning', async () => {
      const report = await produce();
      const f = report.figures;
      const line = (code: string) =>
        f.valuationLines.find((l: { proxyCode?: string }) => l.proxyCode === code);
      // 14,000 × (112.3 ÷ 104.8 = 1.071565) = 15,001.91; × 10 × 0.8 = 120,015.28
      expect(line('EMP')).toMatchObject({
        priceYear: 2023,
        reportPriceYear: 2026,
        upratingFactor: '1.071565',
        valuePerUnitAtPriceYear: '14000.0000',
        valuePerUnit: '15001.91',
        presentValue: '120015.28',
      });
      expect(line('EMP').explanation[1].code).toBe('uprating');
      expect(line('TEN')).toMatchObject({ upratingFactor: '1.000000', presentValue: '10000.00' });
      expect(f.totals.presentValue).toBe('130015.28');
      expect(f.prices).toMatchObject({
        reportPriceYear: 2026,
        source: 'setting',
        indexSeries: { id: seriesId, code: 'GDPD' },
        notUprated: [{ code: 'VOL', proxyCode: 'VOLP', priceYear: 2019, missingYears: [2019] }],
      });
      expect(f.warnings).toEqual([
        expect.objectContaining({
          code: 'price_year_not_uprated',
          text: expect.stringContaining('VOL (proxy VOLP, 2019 prices; no index for 2019)'),
        }),
      ]);
      expect(f.notMonetised).toEqual([expect.objectContaining({ title: 'VOL', quantity: '6' })]);
    });

    it('restates the report when an index value it used is revised, not when an unused one is', async () => {
      const before = await produce();
      await csv('year,value\n2027,120\n').expect(201); // not used by a 2026 report
      expect((await produce()).id).toBe(before.id);
      await csv('year,value\n2019,95\n2023,100\n').expect(201);
      const after = await produce();
      expect(after.version).toBe(before.version + 1);
      const emp = after.figures.valuationLines.find(
        (l: { proxyCode?: string }) => l.proxyCode === 'EMP',
      );
      expect(emp).toMatchObject({ upratingFactor: '1.123000', valuePerUnit: '15722' });
      expect(after.figures.warnings).toEqual([]);
      expect(after.changes.differences).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'totals.presentValue' })]),
      );
    });
  });
});
