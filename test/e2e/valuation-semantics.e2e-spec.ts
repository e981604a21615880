import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import request from 'supertest';
import { createProviderPartnership, createUserWithKey } from '../factories';
import { createTestApp, truncateAll } from '../setup/test-app';

/**
 * What a proxy may value, checked where the link is made (a score is never multiplied by money;
 * a decrease outcome is valued on what it avoided), and the delivery a report may count
 * (every record has the provider's reference; nothing is dated in the future).
 */
describe('valuation bases and delivery rules (HTTP, real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let admin: Awaited<ReturnType<typeof createUserWithKey>>;
  let provider: Awaited<ReturnType<typeof createUserWithKey>>;
  let pid: string;
  let jobsId: string;
  let proxyId: string;
  const base = () => `/v1/partnerships/${pid}`;
  /** The fields a refusal names (a field failing two checks is named once). */
  const fields = (res: request.Response) => [
    ...new Set((res.body.errors ?? []).map((e: { field: string }) => e.field)),
  ];

  const outcome = async (body: Record<string, unknown>): Promise<string> =>
    (
      await http
        .post(`${base()}/outcomes`)
        .set(admin.headers)
        .send({ theme: 'Health', unit: 'people', ...body })
        .expect(201)
    ).body.id;
  const link = (outcomeId: string, body: Record<string, unknown>) =>
    http
      .put(`${base()}/outcomes/${outcomeId}/valuation`)
      .set(admin.headers)
      .send({ proxyId, ...body });

  beforeAll(async () => {
    app = await createTestApp();
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    admin = await createUserWithKey(prisma, { admin: true });
    provider = await createUserWithKey(prisma);
    ({ partnershipId: pid, outcomeId: jobsId } = await createProviderPartnership(prisma, {
      name: 'Bases',
      startDate: '2025-04-01',
      endDate: '2030-03-31',
      providerUserId: provider.userId,
    }));
    proxyId = (
      await http
        .post('/v1/proxies')
        .set(admin.headers)
        .send({
          code: 'PERSON',
          name: 'Per person (illustrative)',
          unit: 'person',
          sourceCitation: 'Illustrative',
          licence: 'CC0-1.0',
          version: { validFrom: '2025-04-01', valuePerUnit: '100.00', priceYear: 2025 },
        })
        .expect(201)
    ).body.id;
  });
  afterAll(async () => {
    await app.close();
  });

  describe('linking a proxy', () => {
    it('implies the basis of a count: achieved when it should increase, avoided when it should decrease', async () => {
      const up = await link(jobsId, {}).expect(200);
      expect(up.body.valuation).toMatchObject({ proxyCode: 'PERSON', basis: 'achieved' });
      const ae = await outcome({ code: 'AE', title: 'A&E attendances', direction: 'decrease' });
      expect((await link(ae, {}).expect(200)).body.valuation.basis).toBe('avoided');
      const counted = await link(ae, { basis: 'achieved' }).expect(422);
      expect(fields(counted)).toEqual(['basis']);
      expect(counted.body.errors[0].reason).toContain('never the count of what happened');
    });

    it('refuses a score times money, and values it through a count outcome it names', async () => {
      const well = await outcome({ code: 'WELL', title: 'Wellbeing score', aggregation: 'mean' });
      const refused = await link(well, {}).expect(422);
      expect(fields(refused)).toEqual(['basis']);
      expect(refused.body.errors[0].reason).toContain('a score is not a quantity');

      const improved = await outcome({ code: 'WELL-UP', title: 'Score improved by 2+' });
      const linked = await link(well, { basis: 'count_outcome', countOutcomeId: improved }).expect(
        200,
      );
      expect(linked.body.valuation).toMatchObject({
        basis: 'count_outcome',
        countOutcomeId: improved,
      });
      // Another score cannot count the same people again.
      const calm = await outcome({ code: 'CALM', title: 'Calm score', aggregation: 'mean' });
      const again = await link(calm, { basis: 'count_outcome', countOutcomeId: improved }).expect(
        422,
      );
      expect(fields(again)).toEqual(['countOutcomeId']);
      // Its people are valued through the score: a proxy of its own would count them twice.
      const twice = await link(improved, {}).expect(422);
      expect(fields(twice)).toEqual(['proxyId']);
      // It must stay a count that should increase.
      const turned = await http
        .patch(`${base()}/outcomes/${improved}`)
        .set(admin.headers)
        .send({ direction: 'decrease' })
        .expect(422);
      expect(fields(turned)).toEqual(['direction']);
      // A count outcome goes with its basis only.
      expect(fields(await link(jobsId, { countOutcomeId: improved }).expect(422))).toEqual([
        'countOutcomeId',
      ]);
    });

    it('values a stock level only on its change, named explicitly', async () => {
      const homes = await outcome({
        code: 'HOMES',
        title: 'Homes retrofitted',
        aggregation: 'latest',
      });
      expect(fields(await link(homes, {}).expect(422))).toEqual(['basis']);
      expect(
        (await link(homes, { basis: 'change_in_stock' }).expect(200)).body.valuation.basis,
      ).toBe('change_in_stock');
    });

    it('keeps a count valued on what changed when its direction changes, and refuses a kind that no longer fits', async () => {
      const rough = await outcome({ code: 'ROUGH', title: 'Rough sleepers' });
      await link(rough, {}).expect(200);
      const turned = await http
        .patch(`${base()}/outcomes/${rough}`)
        .set(admin.headers)
        .send({ direction: 'decrease' })
        .expect(200);
      expect(turned.body.valuation.basis).toBe('avoided');
      const scored = await http
        .patch(`${base()}/outcomes/${rough}`)
        .set(admin.headers)
        .send({ aggregation: 'mean' })
        .expect(422);
      expect(fields(scored)).toEqual(['aggregation']);
      expect(
        (await http.get(`${base()}/outcomes/${rough}`).set(admin.headers)).body.aggregation,
      ).toBe('sum');
    });
  });

  describe('the hierarchy: value counted once per branch', () => {
    it('refuses a proxy on an outcome whose ancestor or descendant is valued, changing nothing', async () => {
      const place = await outcome({ code: 'PLACE', title: 'People housed (place)' });
      const hood = await outcome({ code: 'HOOD', title: 'People housed (hood)', parentId: place });
      const street = await outcome({
        code: 'STREET',
        title: 'People housed (street)',
        parentId: hood,
      });
      await link(place, {}).expect(200);
      const below = await link(street, {}).expect(422);
      expect(below.body.errors).toEqual([
        expect.objectContaining({
          field: 'proxyId',
          reason: expect.stringContaining(
            'outcome PLACE and its descendant STREET would both be valued',
          ),
        }),
      ]);
      const unchanged = await http
        .get(`${base()}/outcomes/${street}`)
        .set(admin.headers)
        .expect(200);
      expect(unchanged.body.valuation).toBeNull();
      // The other way round: the parent of a valued outcome cannot be valued either.
      await http.delete(`${base()}/outcomes/${place}/valuation`).set(admin.headers).expect(204);
      await link(street, {}).expect(200);
      expect(fields(await link(place, {}).expect(422))).toEqual(['proxyId']);
      // A sibling branch may be valued.
      const other = await outcome({
        code: 'OTHER-HOOD',
        title: 'People housed (other)',
        parentId: place,
      });
      await link(other, {}).expect(200);
    });

    it('refuses moving a valued outcome under a valued branch, changing nothing', async () => {
      const top = await outcome({ code: 'TOP', title: 'Top' });
      const loose = await outcome({ code: 'LOOSE', title: 'Loose' });
      await link(top, {}).expect(200);
      await link(loose, {}).expect(200);
      const moved = await http
        .patch(`${base()}/outcomes/${loose}`)
        .set(admin.headers)
        .send({ parentId: top })
        .expect(422);
      expect(fields(moved)).toEqual(['parentId']);
      const after = await http.get(`${base()}/outcomes/${loose}`).set(admin.headers).expect(200);
      expect(after.body.parentId).toBeNull();
    });

    it('a change to how figures are computed asks for every current report again; a refusal asks for none', async () => {
      const report = await prisma.$queryRaw<{ id: string }[]>`
        INSERT INTO reports (partnership_id, scope, period_label, period_start, period_end, version,
               fingerprint, figures, status)
        VALUES (${pid}::uuid, 'year_to_date', '2025-26 to Q2', '2025-04-01', '2025-09-30', 1,
               repeat('f', 64), '{"totals":{},"outcomes":[]}'::jsonb, 'final')
        RETURNING id::text AS id`;
      await prisma.$executeRaw`
        INSERT INTO current_reports (partnership_id, scope, period_start, period_end, report_id)
        VALUES (${pid}::uuid, 'year_to_date', '2025-04-01', '2025-09-30', ${report[0].id}::uuid)`;
      const runs = () => prisma.$queryRaw<{ dedupe_key: string; status: string }[]>`
        SELECT dedupe_key, status::text FROM job_runs
         WHERE partnership_id = ${pid}::uuid AND kind = 'report' ORDER BY created_at`;
      await prisma.$executeRaw`DELETE FROM job_runs WHERE partnership_id = ${pid}::uuid`;
      const a = await outcome({ code: 'MOVE-A', title: 'A' });
      const b = await outcome({ code: 'MOVE-B', title: 'B' });
      await link(a, {}).expect(200);
      expect(await runs()).toEqual([{ dedupe_key: 'year_to_date:2025-26 Q2', status: 'pending' }]);
      await prisma.$executeRaw`DELETE FROM job_runs WHERE partnership_id = ${pid}::uuid`;
      await link(b, {}).expect(200);
      await prisma.$executeRaw`DELETE FROM job_runs WHERE partnership_id = ${pid}::uuid`;
      await http
        .patch(`${base()}/outcomes/${b}`)
        .set(admin.headers)
        .send({ parentId: a })
        .expect(422);
      expect(await runs()).toEqual([]);
      await http.delete(`${base()}/outcomes/${b}/valuation`).set(admin.headers).expect(204);
      await prisma.$executeRaw`DELETE FROM job_runs WHERE partnership_id = ${pid}::uuid`;
      await http
        .patch(`${base()}/outcomes/${b}`)
        .set(admin.headers)
        .send({ parentId: a })
        .expect(200);
      expect(await runs()).toEqual([{ dedupe_key: 'year_to_date:2025-26 Q2', status: 'pending' }]);
    });
  });

  describe('delivery a report may count', () => {
    const record = (body: Record<string, unknown>) =>
      http
        .post(`${base()}/delivery-records`)
        .set(provider.headers)
        .send({ outcomeId: jobsId, quantity: '1', ...body });

    it('requires the provider’s own reference, on single and batch records', async () => {
      expect(fields(await record({ activityDate: '2026-05-01' }).expect(400))).toEqual([
        'externalRef',
      ]);
      const batch = await http
        .post(`${base()}/delivery-records/batch`)
        .set(provider.headers)
        .send({ records: [{ outcomeId: jobsId, activityDate: '2026-05-01', quantity: '1' }] })
        .expect(400);
      expect(fields(batch)).toEqual(['records[0].externalRef']);
      // The same reference twice stores one record.
      await record({ activityDate: '2026-05-01', externalRef: 'once' }).expect(201);
      await record({ activityDate: '2026-05-01', externalRef: 'once' }).expect(200);
      expect(
        await prisma.deliveryRecord.count({ where: { partnershipId: pid, externalRef: 'once' } }),
      ).toBe(1);
    });

    it('refuses delivery dated in the future (single, batch and CSV)', async () => {
      const tomorrowPlusOne = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
      const single = await record({
        activityDate: tomorrowPlusOne,
        externalRef: 'future-1',
      }).expect(422);
      expect(fields(single)).toEqual(['activityDate']);
      expect(single.body.errors[0].reason).toContain('must not be after today');
      const batch = await http
        .post(`${base()}/delivery-records/batch`)
        .set(provider.headers)
        .send({
          records: [
            { outcomeId: jobsId, activityDate: '2026-05-02', quantity: '1', externalRef: 'past' },
            {
              outcomeId: jobsId,
              activityDate: tomorrowPlusOne,
              quantity: '1',
              externalRef: 'future-2',
            },
          ],
        })
        .expect(422);
      expect(fields(batch)).toEqual(['records[1].activityDate']);
      const csv = await http
        .post(`${base()}/delivery-imports`)
        .set({ ...provider.headers, 'content-type': 'text/csv' })
        .send(
          `outcome_code,activity_date,quantity,external_ref\nJOBS,${tomorrowPlusOne},1,future-3\n`,
        )
        .expect(422);
      expect(csv.body.errors[0]).toMatchObject({ row: 1, field: 'activity_date' });
      expect(
        await prisma.deliveryRecord.count({
          where: {
            partnershipId: pid,
            externalRef: { in: ['past', 'future-1', 'future-2', 'future-3'] },
          },
        }),
      ).toBe(0);
    });
  });

  it('lets a partnership count verified delivery only', async () => {
    const res = await http
      .patch(base())
      .set(admin.headers)
      .send({ countUnverified: false })
      .expect(200);
    expect(res.body.countUnverified).toBe(false);
  });
});
