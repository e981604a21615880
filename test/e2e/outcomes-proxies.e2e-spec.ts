import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import request from 'supertest';
import { createPartnership, createUserWithKey, grantRole } from '../factories';
import { createTestApp, truncateAll } from '../setup/test-app';

describe('outcomes, targets and financial proxies (HTTP, real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let admin: Awaited<ReturnType<typeof createUserWithKey>>;
  let board: Awaited<ReturnType<typeof createUserWithKey>>;
  let provider: Awaited<ReturnType<typeof createUserWithKey>>;
  let pid: string;

  beforeAll(async () => {
    app = await createTestApp();
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    admin = await createUserWithKey(prisma, { admin: true });
    board = await createUserWithKey(prisma);
    provider = await createUserWithKey(prisma);
    pid = (await createPartnership(prisma)).id;
    await grantRole(prisma, pid, board.userId, 'board');
    const org = await prisma.organisation.create({
      data: { name: 'Provider A', kind: 'provider' },
    });
    await prisma.member.create({
      data: { partnershipId: pid, organisationId: org.id, role: 'provider' },
    });
    await grantRole(prisma, pid, provider.userId, 'provider', org.id);
  });
  afterAll(() => app.close());

  describe('outcomes', () => {
    let mission: string;
    let child: string;

    it('lets the board create an outcome hierarchy with decimal baselines and thresholds', async () => {
      const m = await http
        .post(`/v1/partnerships/${pid}/outcomes`)
        .set(board.headers)
        .send({
          code: 'JOBS',
          theme: 'Jobs',
          title: 'Good work for all',
          unit: 'people',
          baselineValue: '120',
          baselineDate: '2026-03-31',
        })
        .expect(201);
      mission = m.body.id;
      expect(m.body).toMatchObject({
        direction: 'increase',
        aggregation: 'sum',
        baselineValue: '120.0000',
        greenThreshold: '1.0000',
        amberThreshold: '0.9000',
        valuation: null,
      });
      const c = await http
        .post(`/v1/partnerships/${pid}/outcomes`)
        .set(board.headers)
        .send({
          code: 'JOBS-26W',
          theme: 'Jobs',
          title: 'Sustained work 26 weeks',
          unit: 'people',
          parentId: mission,
          amberThreshold: '0.8500',
        })
        .expect(201);
      child = c.body.id;
      expect(c.body.parentId).toBe(mission);
    });

    it('keeps the stakeholder group an outcome names, refusing padded or blank names (400)', async () => {
      const url = `/v1/partnerships/${pid}/outcomes/${child}`;
      for (const stakeholder of [' Residents', '   ', '', 'x'.repeat(121)]) {
        const res = await http.patch(url).set(board.headers).send({ stakeholder }).expect(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('stakeholder');
      }
      expect((await http.get(url).set(board.headers).expect(200)).body.stakeholder).toBeNull();
      const named = await http
        .patch(url)
        .set(board.headers)
        .send({ stakeholder: 'Residents' })
        .expect(200);
      expect(named.body.stakeholder).toBe('Residents');
      const cleared = await http
        .patch(url)
        .set(board.headers)
        .send({ stakeholder: null })
        .expect(200);
      expect(cleared.body.stakeholder).toBeNull();
    });

    it('refuses a duplicate code (409), a cycle and thresholds out of order (422), and writes by providers (403)', async () => {
      await http
        .post(`/v1/partnerships/${pid}/outcomes`)
        .set(board.headers)
        .send({ code: 'JOBS', theme: 'Jobs', title: 'x', unit: 'u' })
        .expect(409);
      const cycle = await http
        .patch(`/v1/partnerships/${pid}/outcomes/${mission}`)
        .set(board.headers)
        .send({ parentId: child })
        .expect(422);
      expect(cycle.body.errors[0]).toMatchObject({
        field: 'parentId',
        reason: 'is a descendant of this outcome',
      });
      const thresholds = await http
        .post(`/v1/partnerships/${pid}/outcomes`)
        .set(board.headers)
        .send({
          code: 'X1',
          theme: 'Jobs',
          title: 'x',
          unit: 'u',
          greenThreshold: '0.8',
          amberThreshold: '0.9',
        })
        .expect(422);
      expect(thresholds.body.errors[0].field).toBe('amberThreshold');
      await http
        .post(`/v1/partnerships/${pid}/outcomes`)
        .set(provider.headers)
        .send({ code: 'X2', theme: 'Jobs', title: 'x', unit: 'u' })
        .expect(403);
    });

    it('lists with filters for any member and hides archived outcomes unless asked', async () => {
      await http
        .patch(`/v1/partnerships/${pid}/outcomes/${child}`)
        .set(board.headers)
        .send({ archived: true })
        .expect(200);
      const visible = await http
        .get(`/v1/partnerships/${pid}/outcomes?theme=Jobs`)
        .set(provider.headers)
        .expect(200);
      expect(visible.body.data.map((o: { code: string }) => o.code)).toEqual(['JOBS']);
      const all = await http
        .get(`/v1/partnerships/${pid}/outcomes?includeArchived=true`)
        .set(provider.headers)
        .expect(200);
      expect(all.body.page.total).toBe(2);
      await http
        .patch(`/v1/partnerships/${pid}/outcomes/${child}`)
        .set(board.headers)
        .send({ archived: false })
        .expect(200);
    });

    it('sets targets by quarter label and for a whole year in the partnership’s calendar', async () => {
      const res = await http
        .put(`/v1/partnerships/${pid}/outcomes/${mission}/targets`)
        .set(board.headers)
        .send({
          financialYear: '2026-27',
          quarterValues: ['20', '25', '25', '30'],
          annualValue: '100',
        })
        .expect(200);
      expect(res.body.data).toHaveLength(5);
      const q4 = res.body.data.find((t: { period: string }) => t.period === '2026-27 Q4');
      expect(q4).toMatchObject({
        periodKind: 'quarter',
        periodStart: '2027-01-01',
        periodEnd: '2027-03-31',
        value: '30.0000',
      });
      await http
        .put(`/v1/partnerships/${pid}/outcomes/${mission}/targets`)
        .set(board.headers)
        .send({ targets: [{ period: '2026-27 Q4', value: '35.5' }] })
        .expect(200);
      const list = await http
        .get(`/v1/partnerships/${pid}/outcomes/${mission}/targets?periodKind=quarter`)
        .set(provider.headers)
        .expect(200);
      expect(list.body.data.map((t: { value: string }) => t.value)).toEqual([
        '20.0000',
        '25.0000',
        '25.0000',
        '35.5000',
      ]);
      const bad = await http
        .put(`/v1/partnerships/${pid}/outcomes/${mission}/targets`)
        .set(board.headers)
        .send({ targets: [{ period: 'Q5 2026', value: '1' }] })
        .expect(400);
      expect(bad.body.errors[0]).toMatchObject({ field: 'targets[0].period', value: 'Q5 2026' });
      const outside = await http
        .put(`/v1/partnerships/${pid}/outcomes/${mission}/targets`)
        .set(board.headers)
        .send({ targets: [{ period: '2040-41 Q1', value: '1' }] })
        .expect(422);
      expect(outside.body.errors[0].reason).toContain('outside');
    });
  });

  describe('financial proxies', () => {
    let proxyId: string;
    let outcomeId: string;

    it('lets a platform admin import a proxy library from CSV, all or nothing', async () => {
      const header =
        'code,name,unit,source_citation,licence,valid_from,value_per_unit,currency,price_year,deadweight,attribution,displacement,drop_off,duration_years';
      const bad = [
        header,
        'EMP-FT,Employment,person,Illustrative,CC0-1.0,2026-04-01,14000,GBP,2024,0.2,0.1,0.05,0.3,3',
        'WELL,Wellbeing,person,Illustrative,CC0-1.0,2026-04-01,abc,GBP,2024,1.5,0,0,0,1',
      ].join('\n');
      const rejected = await http
        .post('/v1/proxies/import')
        .set(admin.headers)
        .set('content-type', 'text/csv')
        .send(bad)
        .expect(400);
      expect(rejected.body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: 'line 3, value_per_unit', value: 'abc' }),
          expect.objectContaining({ field: 'line 3, deadweight', value: '1.5' }),
        ]),
      );
      expect(await prisma.proxy.count()).toBe(0);
      const good = [
        header,
        'EMP-FT,Employment,person,Illustrative,CC0-1.0,2026-04-01,14000,GBP,2024,0.2,0.1,0.05,0.3,3',
      ].join('\n');
      const res = await http
        .post('/v1/proxies/import')
        .set(admin.headers)
        .set('content-type', 'text/csv')
        .send(good)
        .expect(201);
      expect(res.body).toEqual({ proxiesCreated: 1, versionsAdded: 1, rows: 1 });
      await http
        .post('/v1/proxies/import')
        .set(board.headers)
        .set('content-type', 'text/csv')
        .send(good)
        .expect(403);
      const list = await http.get('/v1/proxies?q=EMP').set(provider.headers).expect(200);
      proxyId = list.body.data[0].id;
      expect(list.body.data[0]).toMatchObject({
        code: 'EMP-FT',
        licence: 'CC0-1.0',
        sourceCitation: 'Illustrative',
      });
      expect(list.body.data[0].versions[0]).toMatchObject({
        valuePerUnit: '14000.0000',
        deadweight: '0.2000',
        durationYears: 3,
        validTo: null,
      });
    });

    it('versions a proxy so an earlier period keeps the value it was valued with', async () => {
      outcomeId = (
        await prisma.outcome.findFirstOrThrow({ where: { partnershipId: pid, code: 'JOBS' } })
      ).id;
      await http
        .put(`/v1/partnerships/${pid}/outcomes/${outcomeId}/valuation`)
        .set(board.headers)
        .send({ proxyId })
        .expect(200);
      const before = await http
        .get(`/v1/partnerships/${pid}/outcomes/${outcomeId}/valuation?date=2026-06-30`)
        .set(board.headers)
        .expect(200);
      expect(before.body).toMatchObject({
        monetised: true,
        inputs: { valuePerUnit: '14000.0000', source: 'library', validFrom: '2026-04-01' },
      });

      await http
        .post(`/v1/proxies/${proxyId}/versions`)
        .set(admin.headers)
        .send({
          validFrom: '2027-04-01',
          valuePerUnit: '15250.50',
          priceYear: 2025,
          deadweight: '0.25',
          durationYears: 3,
        })
        .expect(201);
      const earlier = await http
        .get(`/v1/partnerships/${pid}/outcomes/${outcomeId}/valuation?date=2026-06-30`)
        .set(board.headers)
        .expect(200);
      expect(earlier.body.inputs).toEqual(
        before.body.inputs === null ? null : { ...before.body.inputs, validTo: '2027-03-31' },
      );
      const later = await http
        .get(`/v1/partnerships/${pid}/outcomes/${outcomeId}/valuation?date=2027-06-30`)
        .set(board.headers)
        .expect(200);
      expect(later.body.inputs).toMatchObject({
        valuePerUnit: '15250.5000',
        deadweight: '0.2500',
        priceYear: 2025,
      });
      const rewrite = await http
        .post(`/v1/proxies/${proxyId}/versions`)
        .set(admin.headers)
        .send({ validFrom: '2026-10-01', valuePerUnit: '1', priceYear: 2025 })
        .expect(422);
      expect(rewrite.body.errors[0].field).toBe('validFrom');
    });

    it('applies a partnership override in its own validity only', async () => {
      await http
        .post(`/v1/partnerships/${pid}/proxies/${proxyId}/overrides`)
        .set(board.headers)
        .send({
          validFrom: '2027-01-01',
          valuePerUnit: '12000',
          priceYear: 2026,
          note: 'Local evaluation',
        })
        .expect(201);
      const q3 = await http
        .get(`/v1/partnerships/${pid}/outcomes/${outcomeId}/valuation?date=2026-12-31`)
        .set(board.headers)
        .expect(200);
      expect(q3.body.inputs).toMatchObject({ source: 'library', valuePerUnit: '14000.0000' });
      const q4 = await http
        .get(`/v1/partnerships/${pid}/outcomes/${outcomeId}/valuation?date=2027-02-01`)
        .set(board.headers)
        .expect(200);
      expect(q4.body.inputs).toMatchObject({ source: 'partnership', valuePerUnit: '12000.0000' });
      const overrides = await http
        .get(`/v1/partnerships/${pid}/proxies/overrides`)
        .set(provider.headers)
        .expect(200);
      expect(overrides.body.data).toHaveLength(1);
    });

    it('says an outcome without a proxy is not monetised rather than valuing it at zero', async () => {
      const other = (
        await prisma.outcome.findFirstOrThrow({ where: { partnershipId: pid, code: 'JOBS-26W' } })
      ).id;
      const res = await http
        .get(`/v1/partnerships/${pid}/outcomes/${other}/valuation?date=2026-06-30`)
        .set(board.headers)
        .expect(200);
      expect(res.body).toMatchObject({
        monetised: false,
        inputs: null,
        note: 'not monetised: reported in its own units',
      });
    });
  });
});
