import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createProviderPartnership, createUserWithKey } from '../factories';
import { createTestApp, truncateAll } from '../setup/test-app';

/**
 * The partnership's SROI settings: the discount schedule and payback method (on the
 * partnership), and its own sensitivity cases and two-way grid (`…/sensitivity-cases`). Every
 * refusal names its field and changes nothing.
 */
describe('SROI settings: discount schedule, payback method, sensitivity cases (HTTP, real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let admin: Awaited<ReturnType<typeof createUserWithKey>>;
  let provider: Awaited<ReturnType<typeof createUserWithKey>>;
  let pid: string;
  const base = () => `/v1/partnerships/${pid}`;
  const fields = (res: request.Response) =>
    (res.body.errors ?? []).map((e: { field: string }) => e.field);
  const valid = {
    cases: [
      { parameter: 'investment', change: '-0.1' },
      { parameter: 'deadweight', change: '0.05' },
      { parameter: 'duration', change: '-2' },
    ],
    grid: {
      rows: { parameter: 'proxyValue', changes: ['-0.2', '0', '0.2'] },
      columns: { parameter: 'dropOff', changes: ['-0.1', '0.1'] },
    },
  };

  beforeAll(async () => {
    app = await createTestApp();
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    admin = await createUserWithKey(prisma, { admin: true });
    provider = await createUserWithKey(prisma);
    ({ partnershipId: pid } = await createProviderPartnership(prisma, {
      name: 'SROI settings',
      startDate: '2025-04-01',
      endDate: '2030-03-31',
      providerUserId: provider.userId,
    }));
  });
  afterAll(async () => {
    await app.close();
  });

  describe('discount schedule and payback method', () => {
    it('defaults to a constant rate and the SROI Guide payback', async () => {
      const res = await http.get(base()).set(admin.headers).expect(200);
      expect(res.body).toMatchObject({
        discountRate: '0.0350',
        discountSchedule: 'constant',
        paybackMethod: 'sroi_guide',
      });
    });

    it('sets the Green Book schedule at 3.5% and the cumulative payback', async () => {
      const res = await http
        .patch(base())
        .set(admin.headers)
        .send({ discountSchedule: 'green_book_declining', paybackMethod: 'cumulative' })
        .expect(200);
      expect(res.body).toMatchObject({
        discountSchedule: 'green_book_declining',
        paybackMethod: 'cumulative',
      });
    });

    it('refuses another rate with the Green Book schedule (422 naming the field), changing nothing', async () => {
      const rate = await http
        .patch(base())
        .set(admin.headers)
        .send({ discountRate: '0.0400' })
        .expect(422);
      expect(fields(rate)).toEqual(['discountRate']);
      const both = await http
        .patch(base())
        .set(admin.headers)
        .send({ discountRate: '0.0400', discountSchedule: 'green_book_declining' })
        .expect(422);
      expect(fields(both)).toEqual(['discountSchedule']);
      const created = await http
        .post('/v1/partnerships')
        .set(admin.headers)
        .send({
          name: 'Green Book at 4%',
          model: 'alliance',
          startDate: '2026-04-01',
          endDate: '2031-03-31',
          discountRate: '0.0400',
          discountSchedule: 'green_book_declining',
        })
        .expect(422);
      expect(fields(created)).toEqual(['discountSchedule']);
      expect(await prisma.partnership.count({ where: { name: 'Green Book at 4%' } })).toBe(0);
      const now = await http.get(base()).set(admin.headers).expect(200);
      expect(now.body).toMatchObject({
        discountRate: '0.0350',
        discountSchedule: 'green_book_declining',
      });
      // A flat 3.5% beyond year 30: the constant schedule at 3.5%; then another rate.
      await http
        .patch(base())
        .set(admin.headers)
        .send({ discountSchedule: 'constant' })
        .expect(200);
      const flat = await http
        .patch(base())
        .set(admin.headers)
        .send({ discountRate: '0.0400' })
        .expect(200);
      expect(flat.body).toMatchObject({ discountRate: '0.0400', discountSchedule: 'constant' });
    });

    it.each([
      [{ discountSchedule: 'declining' }, 'discountSchedule'],
      [{ paybackMethod: 'simple' }, 'paybackMethod'],
      [{ paybackMethod: null }, 'paybackMethod'],
    ])('refuses %j naming %s', async (body, field) => {
      const res = await http.patch(base()).set(admin.headers).send(body).expect(400);
      expect(fields(res)).toContain(field);
    });
  });

  describe('GET/PUT …/sensitivity-cases', () => {
    it('has none at first', async () => {
      const res = await http.get(`${base()}/sensitivity-cases`).set(admin.headers).expect(200);
      expect(res.body).toEqual({ cases: [], grid: null });
    });

    it('replaces the cases and grid as a whole (admin) and every role reads them', async () => {
      const put = await http
        .put(`${base()}/sensitivity-cases`)
        .set(admin.headers)
        .send(valid)
        .expect(200);
      expect(put.body).toEqual(valid);
      const read = await http.get(`${base()}/sensitivity-cases`).set(provider.headers).expect(200);
      expect(read.body).toEqual(valid);
      // Decimal changes come back as stored ("0.5000" → "0.5").
      const second = await http
        .put(`${base()}/sensitivity-cases`)
        .set(admin.headers)
        .send({ cases: [{ parameter: 'attribution', change: '-0.5000' }], grid: null })
        .expect(200);
      expect(second.body).toEqual({
        cases: [{ parameter: 'attribution', change: '-0.5' }],
        grid: null,
      });
      expect(await prisma.sensitivityGrid.count({ where: { partnershipId: pid } })).toBe(0);
      await http.put(`${base()}/sensitivity-cases`).set(admin.headers).send(valid).expect(200);
    });

    it.each([
      // Rules of the domain: 422, each field named.
      [{ ...valid, cases: [{ parameter: 'deadweight', change: '1.5' }] }, 422, ['cases[0].change']],
      [{ ...valid, cases: [{ parameter: 'duration', change: '1.5' }] }, 422, ['cases[0].change']],
      [{ ...valid, cases: [{ parameter: 'investment', change: '0' }] }, 422, ['cases[0].change']],
      [
        { ...valid, cases: [{ parameter: 'proxyValue', change: '-1.5' }] },
        422,
        ['cases[0].change'],
      ],
      [
        { ...valid, grid: { ...valid.grid, columns: { parameter: 'proxyValue', changes: ['1'] } } },
        422,
        ['grid.columns.parameter'],
      ],
      [
        {
          ...valid,
          grid: { ...valid.grid, columns: { parameter: 'duration', changes: ['0', '0.5'] } },
        },
        422,
        ['grid.columns.changes[1]'],
      ],
      // Malformed: 400, each field named.
      [{ ...valid, cases: [{ parameter: 'leakage', change: '0.1' }] }, 400, ['cases[0].parameter']],
      [{ ...valid, cases: [{ parameter: 'deadweight', change: 0.1 }] }, 400, ['cases[0].change']],
      [{ ...valid, cases: 'none' }, 400, ['cases']],
      [{ cases: valid.cases }, 400, ['grid']],
      [{ ...valid, cases: Array.from({ length: 21 }, () => valid.cases[0]) }, 400, ['cases']],
      [
        { ...valid, grid: { ...valid.grid, rows: { parameter: 'deadweight', changes: [] } } },
        400,
        ['grid.rows.changes'],
      ],
      [
        {
          ...valid,
          grid: { ...valid.grid, rows: { parameter: 'deadweight', changes: Array(10).fill('0') } },
        },
        400,
        ['grid.rows.changes'],
      ],
    ])('refuses %j with %i naming %j, changing nothing', async (body, status, named) => {
      const res = await http
        .put(`${base()}/sensitivity-cases`)
        .set(admin.headers)
        .send(body)
        .expect(status);
      expect([...new Set(fields(res))]).toEqual(named);
      const now = await http.get(`${base()}/sensitivity-cases`).set(admin.headers).expect(200);
      expect(now.body).toEqual(valid);
    });

    it('lets only a partnership admin write (403), needs a key (401) and a partnership (404, also to outsiders)', async () => {
      await http.put(`${base()}/sensitivity-cases`).set(provider.headers).send(valid).expect(403);
      await http.get(`${base()}/sensitivity-cases`).expect(401);
      await http.put(`${base()}/sensitivity-cases`).send(valid).expect(401);
      const outsider = await createUserWithKey(prisma);
      // Someone without a role in it is not told the partnership exists.
      await http.get(`${base()}/sensitivity-cases`).set(outsider.headers).expect(404);
      await http
        .get(`/v1/partnerships/${randomUUID()}/sensitivity-cases`)
        .set(provider.headers)
        .expect(404);
      await http
        .get('/v1/partnerships/not-a-uuid/sensitivity-cases')
        .set(admin.headers)
        .expect(400);
      const missing = await http
        .put(`/v1/partnerships/${randomUUID()}/sensitivity-cases`)
        .set(admin.headers)
        .send(valid);
      expect(missing.status).toBe(404);
    });
  });
});
