import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import request from 'supertest';
import { createPartnership, createUserWithKey, grantRole } from '../factories';
import { createTestApp, truncateAll } from '../setup/test-app';

describe('delivery records (HTTP, real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let pid: string;
  let outcomeId: string;
  let orgA: string;
  let orgB: string;
  let providerA: Awaited<ReturnType<typeof createUserWithKey>>;
  let providerB: Awaited<ReturnType<typeof createUserWithKey>>;
  let verifier: Awaited<ReturnType<typeof createUserWithKey>>;
  let board: Awaited<ReturnType<typeof createUserWithKey>>;
  const base = () => `/v1/partnerships/${pid}/delivery-records`;

  beforeAll(async () => {
    app = await createTestApp();
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    pid = (await createPartnership(prisma)).id; // 2026-04-01 .. 2031-03-31
    outcomeId = (
      await prisma.outcome.create({
        data: { partnershipId: pid, code: 'JOBS', theme: 'Jobs', title: 'Jobs', unit: 'people' },
      })
    ).id;
    orgA = (await prisma.organisation.create({ data: { name: 'Provider A', kind: 'provider' } }))
      .id;
    orgB = (await prisma.organisation.create({ data: { name: 'Provider B', kind: 'provider' } }))
      .id;
    for (const org of [orgA, orgB])
      await prisma.member.create({
        data: { partnershipId: pid, organisationId: org, role: 'provider' },
      });
    providerA = await createUserWithKey(prisma);
    providerB = await createUserWithKey(prisma);
    verifier = await createUserWithKey(prisma);
    board = await createUserWithKey(prisma);
    await grantRole(prisma, pid, providerA.userId, 'provider', orgA);
    await grantRole(prisma, pid, providerB.userId, 'provider', orgB);
    await grantRole(prisma, pid, verifier.userId, 'verifier');
    await grantRole(prisma, pid, board.userId, 'board');
  });
  afterAll(() => app.close());

  const record = (over: Record<string, unknown> = {}) => ({
    outcomeId,
    activityDate: '2026-05-14',
    quantity: '3',
    evidenceRef: 'CASE-1',
    evidenceGrade: 'documented',
    externalRef: 'a-1',
    ...over,
  });

  it('logs a record for the provider’s own organisation, quantity as a decimal string', async () => {
    const res = await http.post(base()).set(providerA.headers).send(record()).expect(201);
    expect(res.body).toMatchObject({
      providerOrganisationId: orgA,
      quantity: '3.0000',
      activityDate: '2026-05-14',
      status: 'claimed',
      kind: 'original',
      evidenceGrade: 'documented',
      externalRef: 'a-1',
    });
    expect(res.body.id).toMatch(/^\d+$/);
  });

  it('adds nothing when the same record is re-sent, and refuses the same reference with other facts', async () => {
    const before = await prisma.deliveryRecord.count();
    const again = await http.post(base()).set(providerA.headers).send(record()).expect(200);
    expect(again.body.externalRef).toBe('a-1');
    expect(await prisma.deliveryRecord.count()).toBe(before);
    const clash = await http
      .post(base())
      .set(providerA.headers)
      .send(record({ quantity: '4' }))
      .expect(409);
    expect(clash.body.detail).toContain('post a correction');
  });

  it('adds nothing when a whole batch is re-sent', async () => {
    const batch = {
      records: Array.from({ length: 25 }, (_, i) =>
        record({ externalRef: `batch-${i}`, quantity: String(i % 3) }),
      ),
    };
    const first = await http.post(`${base()}/batch`).set(providerA.headers).send(batch).expect(201);
    expect(first.body).toMatchObject({ created: 25, duplicates: 0 });
    const count = await prisma.deliveryRecord.count();
    const second = await http
      .post(`${base()}/batch`)
      .set(providerA.headers)
      .send(batch)
      .expect(201);
    expect(second.body).toMatchObject({ created: 0, duplicates: 25 });
    expect(await prisma.deliveryRecord.count()).toBe(count);
  });

  it('stores nothing from a batch with one bad record, naming it', async () => {
    const count = await prisma.deliveryRecord.count();
    const batch = {
      records: [
        record({ externalRef: 'ok-1' }),
        record({ externalRef: 'bad-1', activityDate: '2019-01-01' }),
      ],
    };
    const res = await http.post(`${base()}/batch`).set(providerA.headers).send(batch).expect(422);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'records[1].activityDate', value: '2019-01-01' }),
    ]);
    expect(await prisma.deliveryRecord.count()).toBe(count);
  });

  it('refuses data for another provider’s organisation (403), and board members may not log (403)', async () => {
    const res = await http
      .post(base())
      .set(providerA.headers)
      .send(record({ providerOrganisationId: orgB, externalRef: 'x-1' }))
      .expect(403);
    expect(res.body.type).toBe('/problems/forbidden');
    await http
      .post(base())
      .set(board.headers)
      .send(record({ providerOrganisationId: orgA, externalRef: 'x-2' }))
      .expect(403);
  });

  it('refuses an unknown outcome, a date outside the partnership and a negative quantity', async () => {
    const unknown = await http
      .post(base())
      .set(providerA.headers)
      .send(record({ outcomeId: '6f1c3a52-59a4-4f3e-9d7c-0a7c8e0b1234', externalRef: 'u-1' }))
      .expect(422);
    expect(unknown.body.errors[0].field).toBe('outcomeId');
    const outside = await http
      .post(base())
      .set(providerA.headers)
      .send(record({ activityDate: '2031-04-01', externalRef: 'u-2' }))
      .expect(422);
    expect(outside.body.errors[0].field).toBe('activityDate');
    const negative = await http
      .post(base())
      .set(providerA.headers)
      .send(record({ quantity: '-1', externalRef: 'u-3' }))
      .expect(400);
    expect(negative.body.errors[0].field).toBe('quantity');
  });

  it('lists with filters and a cursor; a provider sees only its own records, the board sees all', async () => {
    await http
      .post(base())
      .set(providerB.headers)
      .send(record({ externalRef: 'b-1', activityDate: '2026-07-01' }))
      .expect(201);
    const mine = await http.get(`${base()}?limit=500`).set(providerB.headers).expect(200);
    expect(
      mine.body.data.every(
        (r: { providerOrganisationId: string }) => r.providerOrganisationId === orgB,
      ),
    ).toBe(true);
    expect(mine.body.data).toHaveLength(1);
    const all = await http.get(`${base()}?limit=500`).set(board.headers).expect(200);
    expect(all.body.data.length).toBe(await prisma.deliveryRecord.count());
    const q2 = await http
      .get(`${base()}?from=2026-07-01&to=2026-09-30`)
      .set(board.headers)
      .expect(200);
    expect(q2.body.data.map((r: { externalRef: string }) => r.externalRef)).toEqual(['b-1']);

    const page1 = await http.get(`${base()}?limit=10`).set(board.headers).expect(200);
    expect(page1.body.page.nextCursor).toBe(page1.body.data[9].id);
    const page2 = await http
      .get(`${base()}?limit=10&after=${page1.body.page.nextCursor}`)
      .set(board.headers)
      .expect(200);
    expect(BigInt(page2.body.data[0].id)).toBeGreaterThan(BigInt(page1.body.data[9].id));
  });

  it('corrects by appending: a reversal, or a reversal and an amendment; the original is kept', async () => {
    const original = await http
      .post(base())
      .set(providerA.headers)
      .send(record({ externalRef: 'c-1', quantity: '5' }))
      .expect(201);
    const amended = await http
      .post(`${base()}/${original.body.id}/corrections`)
      .set(providerA.headers)
      .send({ action: 'amend', reason: 'Two were duplicates', quantity: '3' })
      .expect(201);
    expect(amended.body.reversal).toMatchObject({
      kind: 'reversal',
      quantity: '-5.0000',
      correctsId: original.body.id,
    });
    expect(amended.body.amendment).toMatchObject({
      kind: 'amendment',
      quantity: '3.0000',
      correctsId: original.body.id,
    });
    const detail = await http.get(`${base()}/${original.body.id}`).set(board.headers).expect(200);
    expect(detail.body.quantity).toBe('5.0000');
    expect(detail.body.corrections).toHaveLength(2);
    await http
      .post(`${base()}/${original.body.id}/corrections`)
      .set(providerA.headers)
      .send({ action: 'reverse', reason: 'again' })
      .expect(409);
    await http
      .post(`${base()}/${original.body.id}/corrections`)
      .set(providerB.headers)
      .send({ action: 'reverse', reason: 'not mine' })
      .expect(404);
    const sum = await prisma.deliveryRecord.aggregate({
      where: { partnershipId: pid, externalRef: null, correctsId: BigInt(original.body.id) },
      _sum: { quantity: true },
    });
    expect(sum._sum.quantity?.toFixed(4)).toBe('-2.0000'); // −5 + 3: SUM over all records gives the corrected total
  });

  it('is append-only in the database: facts cannot be updated or deleted', async () => {
    await expect(prisma.$executeRaw`UPDATE delivery_records SET quantity = 99`).rejects.toThrow(
      /append-only/,
    );
    await expect(prisma.$executeRaw`DELETE FROM delivery_records`).rejects.toThrow(/append-only/);
  });

  it('lets a verifier verify or dispute a record, recording who and when; providers may not', async () => {
    const rec = await http
      .post(base())
      .set(providerA.headers)
      .send(record({ externalRef: 'v-1' }))
      .expect(201);
    await http
      .post(`${base()}/${rec.body.id}/review`)
      .set(providerA.headers)
      .send({ status: 'verified' })
      .expect(403);
    const verified = await http
      .post(`${base()}/${rec.body.id}/review`)
      .set(verifier.headers)
      .send({ status: 'verified', note: 'Payroll checked' })
      .expect(200);
    expect(verified.body).toMatchObject({
      status: 'verified',
      reviewedBy: verifier.userId,
      reviewNote: 'Payroll checked',
    });
    expect(verified.body.reviewedAt).toEqual(expect.any(String));
    const audit = await prisma.auditEvent.findFirst({
      where: { partnershipId: pid, action: 'delivery_record.verified', entityId: rec.body.id },
    });
    expect(audit?.actorUserId).toBe(verifier.userId);
    await http
      .post(`${base()}/not-a-number/review`)
      .set(verifier.headers)
      .send({ status: 'verified' })
      .expect(400);
  });
});
