import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import request from 'supertest';
import { createPartnership, createUserWithKey, grantRole } from '../factories';
import { createTestApp, truncateAll } from '../setup/test-app';

type Key = Awaited<ReturnType<typeof createUserWithKey>>;

/**
 * Disputes with a history (HTTP, real PostgreSQL and Redis): a verifier disputes with a reason,
 * the record's provider answers, a verifier resolves (accepted: verified; upheld: rejected); every
 * step is in the record's review history with its actor, time and text; the verifier's evidence
 * grade is kept apart from the provider's; refusals (who, and the state rules) change nothing.
 */
describe('delivery record disputes (HTTP, real PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let pid: string;
  let outcomeId: string;
  let orgA: string;
  let providerA: Key;
  let providerA2: Key;
  let providerB: Key;
  let verifier: Key;
  let verifier2: Key;
  let partnershipAdmin: Key;
  let board: Key;
  let ref = 0;
  const base = () => `/v1/partnerships/${pid}/delivery-records`;

  beforeAll(async () => {
    app = await createTestApp({ REPORT_DEBOUNCE_MS: '0' });
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
    const orgB = (
      await prisma.organisation.create({ data: { name: 'Provider B', kind: 'provider' } })
    ).id;
    for (const org of [orgA, orgB])
      await prisma.member.create({
        data: { partnershipId: pid, organisationId: org, role: 'provider' },
      });
    [providerA, providerA2, providerB, verifier, verifier2, partnershipAdmin, board] =
      await Promise.all(Array.from({ length: 7 }, () => createUserWithKey(prisma)));
    await grantRole(prisma, pid, providerA.userId, 'provider', orgA);
    await grantRole(prisma, pid, providerA2.userId, 'provider', orgA);
    await grantRole(prisma, pid, providerB.userId, 'provider', orgB);
    await grantRole(prisma, pid, verifier.userId, 'verifier');
    await grantRole(prisma, pid, verifier2.userId, 'verifier');
    await grantRole(prisma, pid, partnershipAdmin.userId, 'admin');
    await grantRole(prisma, pid, board.userId, 'board');
  });
  afterAll(() => app.close());

  /** A claimed record of provider A, dated in a quarter that has ended. */
  const logRecord = async (evidenceGrade = 'independently_verified'): Promise<string> =>
    (
      await http
        .post(base())
        .set(providerA.headers)
        .send({
          outcomeId,
          activityDate: '2026-05-14',
          quantity: '3',
          evidenceGrade,
          externalRef: `d-${++ref}`,
        })
        .expect(201)
    ).body.id as string;
  const post = (id: string, step: string, who: Key, body: object) =>
    http.post(`${base()}/${id}/${step}`).set(who.headers).send(body);
  const historyOf = async (id: string) =>
    (await http.get(`${base()}/${id}/reviews`).set(board.headers).expect(200)).body;
  /** What a refusal must leave alone: the record, its history and the audit trail. */
  const snapshot = async (id: string) => ({
    record: await prisma.deliveryRecord.findUnique({
      where: { partnershipId_id: { partnershipId: pid, id: BigInt(id) } },
    }),
    events: await prisma.deliveryRecordReview.count({ where: { recordId: BigInt(id) } }),
    audit: await prisma.auditEvent.count({ where: { partnershipId: pid } }),
    runs: await prisma.jobRun.count({ where: { partnershipId: pid } }),
  });

  it('runs the workflow: disputed with a reason, answered by the provider, accepted as verified with the verifier’s grade', async () => {
    const id = await logRecord('independently_verified');
    await prisma.jobRun.deleteMany({ where: { partnershipId: pid } });

    const disputed = await post(id, 'review', verifier, {
      status: 'disputed',
      note: 'No start date on the evidence',
    }).expect(200);
    expect(disputed.body).toMatchObject({
      status: 'disputed',
      reviewedBy: verifier.userId,
      reviewNote: 'No start date on the evidence',
      verifierEvidenceGrade: null,
    });
    // The status change reaches the reports covering the record (its quarter has ended).
    const runs = await prisma.jobRun.findMany({ where: { partnershipId: pid, kind: 'report' } });
    expect(runs.map((r) => r.dedupeKey)).toEqual(
      expect.arrayContaining(['quarter:2026-27 Q1', 'year_to_date:2026-27 Q1']),
    );

    const answered = await post(id, 'answer', providerA2, {
      response: 'Start date is on the employer letter, CASE-1-b',
    }).expect(200);
    expect(answered.body).toMatchObject({ status: 'disputed', reviewedBy: verifier.userId });
    expect((await historyOf(id)).awaitingAnswer).toBe(false);

    const accepted = await post(id, 'resolve', verifier2, {
      decision: 'accepted',
      note: 'Employer letter confirms it',
      evidenceGrade: 'documented',
    }).expect(200);
    expect(accepted.body).toMatchObject({
      status: 'verified',
      evidenceGrade: 'independently_verified', // the provider's claim, kept
      verifierEvidenceGrade: 'documented', // the verifier's, apart
      reviewedBy: verifier2.userId,
      reviewNote: 'Employer letter confirms it',
    });
    const record = await http.get(`${base()}/${id}`).set(providerA.headers).expect(200);
    expect(record.body).toMatchObject({
      evidenceGrade: 'independently_verified',
      verifierEvidenceGrade: 'documented',
    });

    const history = await historyOf(id);
    expect(history).toMatchObject({
      recordId: id,
      status: 'verified',
      evidenceGrade: 'independently_verified',
      verifierEvidenceGrade: 'documented',
      awaitingAnswer: false,
    });
    expect(
      history.events.map((e: Record<string, unknown>) => [
        e.event,
        e.actorId,
        e.note,
        e.evidenceGrade,
        e.migrated,
      ]),
    ).toEqual([
      ['disputed', verifier.userId, 'No start date on the evidence', null, false],
      [
        'answered',
        providerA2.userId,
        'Start date is on the employer letter, CASE-1-b',
        null,
        false,
      ],
      ['accepted', verifier2.userId, 'Employer letter confirms it', 'documented', false],
    ]);
    const times = history.events.map((e: { occurredAt: string }) => Date.parse(e.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const actions = await prisma.auditEvent.findMany({
      where: { partnershipId: pid, entityId: id },
      orderBy: { id: 'asc' },
    });
    expect(actions.map((a) => a.action)).toEqual([
      'delivery_record.created',
      'delivery_record.disputed',
      'delivery_record.answered',
      'delivery_record.accepted',
    ]);
  });

  it('upholds a dispute: the record is rejected, stays visible with its history, and its review is final', async () => {
    const id = await logRecord();
    await post(id, 'review', verifier, { status: 'verified', evidenceGrade: 'documented' }).expect(
      200,
    );
    await post(id, 'review', verifier2, {
      status: 'disputed',
      note: 'The same person is in record d-1',
    }).expect(200);
    // Disputed again: the verifier's grade no longer stands (the record is not verified).
    expect((await historyOf(id)).verifierEvidenceGrade).toBeNull();
    const upheld = await post(id, 'resolve', verifier, {
      decision: 'upheld',
      note: 'Duplicate confirmed',
      evidenceGrade: 'self_reported',
    }).expect(200);
    expect(upheld.body).toMatchObject({
      status: 'rejected',
      verifierEvidenceGrade: 'self_reported',
    });

    const listed = await http.get(`${base()}?status=rejected`).set(board.headers).expect(200);
    expect(listed.body.data.map((r: { id: string }) => r.id)).toEqual([id]);
    const history = await historyOf(id);
    expect(history.events.map((e: { event: string }) => e.event)).toEqual([
      'verified',
      'disputed',
      'upheld',
    ]);
    expect(history.events[0]).toMatchObject({
      actorId: verifier.userId,
      evidenceGrade: 'documented',
    });

    const before = await snapshot(id);
    for (const [step, who, body] of [
      ['answer', providerA, { response: 'too late' }],
      ['resolve', verifier, { decision: 'accepted', note: 'changed my mind' }],
      ['review', verifier, { status: 'verified' }],
      ['review', verifier, { status: 'disputed', note: 'again' }],
    ] as const) {
      const res = await post(id, step, who, body).expect(409);
      expect(res.body).toMatchObject({ type: '/problems/review-state', status: 409 });
      expect(res.body.detail).toMatch(/rejected \(a dispute upheld\): its review is final/);
    }
    expect(await snapshot(id)).toEqual(before);
  });

  it('refuses steps the record’s review does not allow (409), changing nothing', async () => {
    const id = await logRecord();
    const claimed = await snapshot(id);
    const answerClaimed = await post(id, 'answer', providerA, { response: 'why?' }).expect(409);
    expect(answerClaimed.body.detail).toBe(
      `Cannot answer record ${id}: the record is claimed, not disputed: there is no dispute to answer.`,
    );
    await post(id, 'resolve', verifier, { decision: 'upheld', note: 'n' }).expect(409);
    expect(await snapshot(id)).toEqual(claimed);

    await post(id, 'review', verifier, { status: 'disputed', note: 'Check' }).expect(200);
    const disputed = await snapshot(id);
    await post(id, 'review', verifier, { status: 'verified' }).expect(409);
    await post(id, 'review', verifier, { status: 'disputed', note: 'Again' }).expect(409);
    expect(await snapshot(id)).toEqual(disputed);

    await post(id, 'answer', providerA, { response: 'Here' }).expect(200);
    const answered = await snapshot(id);
    const twice = await post(id, 'answer', providerA2, { response: 'And here' }).expect(409);
    expect(twice.body.detail).toMatch(/already been answered/);
    expect(await snapshot(id)).toEqual(answered);

    await post(id, 'resolve', verifier, { decision: 'accepted', note: 'Fine' }).expect(200);
    const resolved = await snapshot(id);
    const again = await post(id, 'resolve', verifier2, { decision: 'upheld', note: 'No' }).expect(
      409,
    );
    expect(again.body.detail).toMatch(/verified, not disputed: there is no dispute to resolve/);
    await post(id, 'review', verifier, { status: 'verified' }).expect(409);
    expect(await snapshot(id)).toEqual(resolved);
  });

  it('lets only the record’s provider answer and only verifiers resolve; refusals change nothing', async () => {
    const id = await logRecord();
    await post(id, 'review', verifier, { status: 'disputed', note: 'Check' }).expect(200);
    const before = await snapshot(id);
    await post(id, 'answer', providerB, { response: 'not mine' }).expect(404); // cannot see it
    await post(id, 'answer', verifier, { response: 'x' }).expect(403);
    await post(id, 'answer', board, { response: 'x' }).expect(403);
    await post(id, 'answer', partnershipAdmin, { response: 'x' }).expect(403);
    await post(id, 'resolve', providerA, { decision: 'accepted', note: 'mine' }).expect(403);
    await post(id, 'resolve', partnershipAdmin, { decision: 'accepted', note: 'x' }).expect(403);
    await post(id, 'resolve', board, { decision: 'accepted', note: 'x' }).expect(403);
    await post(id, 'review', providerA, { status: 'verified' }).expect(403);
    await http.post(`${base()}/${id}/answer`).send({ response: 'x' }).expect(401);
    await http.get(`${base()}/${id}/reviews`).set(providerB.headers).expect(404);
    await http.get(`${base()}/${id}/reviews`).set(providerA.headers).expect(200);
    await post('99999999', 'resolve', verifier, { decision: 'accepted', note: 'x' }).expect(404);
    await http.get(`${base()}/99999999/reviews`).set(board.headers).expect(404);
    expect(await snapshot(id)).toEqual(before);
  });

  it('refuses malformed steps with field-level problems, changing nothing', async () => {
    const id = await logRecord();
    const before = await snapshot(id);
    const noReason = await post(id, 'review', verifier, { status: 'disputed' }).expect(422);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'note' })]);
    const gradedDispute = await post(id, 'review', verifier, {
      status: 'disputed',
      note: 'x',
      evidenceGrade: 'documented',
    }).expect(422);
    expect(gradedDispute.body.errors).toEqual([
      expect.objectContaining({ field: 'evidenceGrade', value: 'documented' }),
    ]);
    const badGrade = await post(id, 'review', verifier, {
      status: 'verified',
      evidenceGrade: 'gold',
    }).expect(400);
    expect(badGrade.body.errors[0].field).toBe('evidenceGrade');
    const badDecision = await post(id, 'resolve', verifier, {
      decision: 'maybe',
      note: 'x',
    }).expect(400);
    expect(badDecision.body.errors[0].field).toBe('decision');
    const noNote = await post(id, 'resolve', verifier, { decision: 'upheld' }).expect(400);
    expect(noNote.body.errors[0].field).toBe('note');
    const blank = await post(id, 'answer', providerA, { response: '   ' }).expect(400);
    expect(blank.body.errors[0].field).toBe('response');
    await post(id, 'answer', providerA, { response: 'x', extra: 1 }).expect(400);
    await http.get(`${base()}/not-a-number/reviews`).set(board.headers).expect(400);
    expect(await snapshot(id)).toEqual(before);
  });

  it('keeps the history append-only in the database', async () => {
    await expect(
      prisma.$executeRaw`UPDATE delivery_record_reviews SET note = 'changed'`,
    ).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRaw`DELETE FROM delivery_record_reviews`).rejects.toThrow(
      /append-only/,
    );
  });
});
