import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import request from 'supertest';
import { createProviderPartnership, createUserWithKey, grantRole } from '../factories';
import {
  buildOnce,
  startWorkerProcess,
  waitFor,
  type RunningProcess,
} from '../setup/child-process';
import { expectValid, strictValidator, undescribedSchemas } from '../setup/openapi-schema';
import { createTestApp, truncateAll } from '../setup/test-app';

type User = Awaited<ReturnType<typeof createUserWithKey>>;
interface Body {
  [key: string]: unknown;
}

const PROBLEM = /^application\/problem\+json/;

/**
 * Issue 19, item 4 (and 5 for its steps): board sign-off of a closed quarter's report version.
 * The partnership's rule is validated (a quorum larger than the board is a 422 naming the field);
 * a version of an open quarter is refused (409 /problems/period-open); an admin puts the closed
 * quarter's current version to review; a non-reviewer is refused (403 /problems/not-a-reviewer)
 * and nothing changes; reviewers approve or decline once per round, declines kept with their
 * reasons; the version is signed off at the quorum, and the list and GET …/reports/current show
 * it. A round whose declines leave the quorum out of reach ends declined and may be put to review
 * again. One board member per member organisation is the other rule. After sign-off, a reopen and
 * late data restate the quarter: the new version needs its own sign-off and says what changed since
 * the signed one. Every step is audited and in the report's history. API in process, a real worker
 * process producing the reports, real PostgreSQL and Redis.
 */
describe('report sign-off (API + a worker process)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let admin: User;
  let provider: User;
  let auditor: User;
  let b1: User;
  let b2: User;
  let b3: User;
  let pid: string;
  let providerOrg: string;
  let councilOrg: string;
  let outcomeId: string;
  let worker: RunningProcess;
  let matchesDocument: (schema: string, body: unknown) => void;

  const Q1 = '2026-27 Q1';
  const Q2 = '2026-27 Q2';
  const Q4 = '2025-26 Q4';
  const base = () => `/v1/partnerships/${pid}`;
  const period = (label: string) => `${base()}/periods/${encodeURIComponent(label)}`;
  const decide = (user: User, reportId: string, body: Body) =>
    http.post(`${base()}/reports/${reportId}/decision`).set(user.headers).send(body);
  const approve = (user: User, reportId: string, comment = 'Agreed') =>
    decide(user, reportId, { decision: 'approve', comment }).expect(200);
  const putToReview = (user: User, reportId: string) =>
    http.post(`${base()}/reports/${reportId}/review`).set(user.headers).send({});
  const close = (label: string) =>
    http
      .post(`${period(label)}/close`)
      .set(admin.headers)
      .send({ reason: 'Board pack' })
      .expect(200);
  const record = (activityDate: string, quantity: string, externalRef: string) =>
    http
      .post(`${base()}/delivery-records`)
      .set(provider.headers)
      .send({ outcomeId, activityDate, quantity, externalRef })
      .expect(201);

  /** Asks for the quarter's report and waits for the worker process to produce it. */
  const produce = async (quarter: string): Promise<string> => {
    const res = await http
      .post(`${base()}/reports`)
      .set(admin.headers)
      .send({ scope: 'quarter', quarter })
      .expect(202);
    const job = await waitFor(
      async () => {
        const r = await http.get(`${base()}/jobs/${res.body.id}`).set(admin.headers);
        return r.body.status === 'done' || r.body.status === 'failed' ? r.body : undefined;
      },
      45_000,
      `report ${quarter}`,
    );
    expect(job).toMatchObject({ status: 'done' });
    return job.resultId as string;
  };

  const expectProblem = (res: request.Response, status: number, type: string) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).toMatchObject({ type, status });
  };

  beforeAll(async () => {
    buildOnce();
    app = await createTestApp({ REPORT_DEBOUNCE_MS: '0' });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    const doc = (await http.get('/docs-json').expect(200)).body;
    // The sign-off's schemas describe every field.
    expect(
      undescribedSchemas(doc).filter((f) => /SignOff|ReportHistory|SinceSignedOff/.test(f.at)),
    ).toEqual([]);
    const validators = new Map<string, ReturnType<typeof strictValidator>>();
    matchesDocument = (schema, body) => {
      if (!validators.has(schema)) validators.set(schema, strictValidator(doc, schema));
      expectValid(validators.get(schema)!, body, schema);
    };
    [admin, provider, auditor, b1, b2, b3] = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(() => createUserWithKey(prisma)),
    );
    ({
      partnershipId: pid,
      organisationId: providerOrg,
      outcomeId,
    } = await createProviderPartnership(prisma, {
      name: 'Sign-off',
      startDate: '2025-04-01',
      endDate: '2030-03-31',
      providerUserId: provider.userId,
    }));
    councilOrg = (
      await prisma.organisation.create({
        data: { name: 'Northshire Council', kind: 'commissioner' },
      })
    ).id;
    await prisma.member.create({
      data: { partnershipId: pid, organisationId: councilOrg, role: 'commissioner' },
    });
    await grantRole(prisma, pid, admin.userId, 'admin');
    await grantRole(prisma, pid, auditor.userId, 'auditor');
    worker = await startWorkerProcess({ RECONCILE_INTERVAL_SECONDS: '1', LOG_LEVEL: 'warn' });
  }, 60_000);
  afterAll(async () => {
    if (process.env.TEST_LOGS) console.log(worker?.output().slice(-5000));
    if (worker && worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await worker?.exited;
    await app.close();
  });

  describe('the board and the rule', () => {
    it('grants the board role with the member organisation it represents (422 for a non-member)', async () => {
      const granted = await http
        .post(`${base()}/roles`)
        .set(admin.headers)
        .send({ userId: b1.userId, role: 'board', organisationId: providerOrg })
        .expect(201);
      expect(granted.body).toMatchObject({ role: 'board', organisationId: providerOrg });
      const stranger = await prisma.organisation.create({
        data: { name: 'Elsewhere', kind: 'other' },
      });
      const refused = await http
        .post(`${base()}/roles`)
        .set(admin.headers)
        .send({ userId: b2.userId, role: 'board', organisationId: stranger.id })
        .expect(422);
      expect(refused.body.errors[0]).toMatchObject({ field: 'organisationId' });
      await http
        .post(`${base()}/roles`)
        .set(admin.headers)
        .send({ userId: b2.userId, role: 'board', organisationId: councilOrg })
        .expect(201);
      await http
        .post(`${base()}/roles`)
        .set(admin.headers)
        .send({ userId: b3.userId, role: 'board' })
        .expect(201);
    });

    it('validates the rule: a quorum larger than the board or below 1 is a 422 naming the field', async () => {
      await http.get(`${base()}/sign-off-rule`).set(b1.headers).expect(404);
      const tooMany = await http
        .put(`${base()}/sign-off-rule`)
        .set(admin.headers)
        .send({ kind: 'quorum', quorum: 4 })
        .expect(422);
      expect(tooMany.body.errors).toEqual([
        expect.objectContaining({
          field: 'quorum',
          value: 4,
          reason: expect.stringMatching(/3 board members/),
        }),
      ]);
      const none = await http
        .put(`${base()}/sign-off-rule`)
        .set(admin.headers)
        .send({ kind: 'quorum', quorum: 0 })
        .expect(422);
      expect(none.body.errors[0]).toMatchObject({ field: 'quorum' });
      const missing = await http
        .put(`${base()}/sign-off-rule`)
        .set(admin.headers)
        .send({ kind: 'quorum' })
        .expect(400);
      expect(missing.body.errors[0]).toMatchObject({ field: 'quorum' });
      await http
        .put(`${base()}/sign-off-rule`)
        .set(admin.headers)
        .send({ kind: 'one_per_member_organisation', quorum: 2 })
        .expect(422);
      await http
        .put(`${base()}/sign-off-rule`)
        .set(b1.headers)
        .send({ kind: 'quorum', quorum: 2 })
        .expect(403);
      expect(await prisma.signOffRule.count()).toBe(0);

      const saved = await http
        .put(`${base()}/sign-off-rule`)
        .set(admin.headers)
        .send({ kind: 'quorum', quorum: 2 })
        .expect(200);
      matchesDocument('SignOffRuleResponse', saved.body);
      expect(saved.body).toMatchObject({
        kind: 'quorum',
        quorum: 2,
        reviewers: 3,
        updatedBy: admin.userId,
      });
      const read = await http.get(`${base()}/sign-off-rule`).set(provider.headers).expect(200);
      expect(read.body).toMatchObject({ kind: 'quorum', quorum: 2 });
    });
  });

  let v1: string;

  describe('sign-off by quorum', () => {
    it('refuses a version of an open quarter (409 /problems/period-open); nothing changes', async () => {
      await record('2026-05-10', '4', 'q1-a');
      v1 = await produce(Q1);
      const res = await putToReview(admin, v1);
      expectProblem(res, 409, '/problems/period-open');
      expect(res.body.detail).toContain(Q1);
      const shown = await http.get(`${base()}/reports/${v1}`).set(b1.headers).expect(200);
      expect(shown.body.signOff).toMatchObject({ status: 'none', round: null, approvals: [] });
      expect(await prisma.reportReview.count()).toBe(0);
    });

    it('puts the closed quarter’s version to review (admin only; once)', async () => {
      await close(Q1);
      await putToReview(b1, v1).expect(403);
      await http
        .post(`${base()}/reports/not-a-uuid/review`)
        .set(admin.headers)
        .send({})
        .expect(400);
      await putToReview(admin, '00000000-0000-4000-8000-000000000000').expect(404);
      const res = await putToReview(admin, v1).expect(200);
      matchesDocument('ReportResponse', res.body);
      expect(res.body.signOff).toMatchObject({
        status: 'in_review',
        round: 1,
        ruleKind: 'quorum',
        quorum: 2,
        putToReviewBy: admin.userId,
        progress: { needed: 2, counted: 0, awaitingOrganisations: [] },
        signedOffAt: null,
      });
      expectProblem(await putToReview(admin, v1), 409, '/problems/sign-off-state');
    });

    it('refuses anyone not in the rule (403 /problems/not-a-reviewer); nothing changes', async () => {
      const audits = await prisma.auditEvent.count({ where: { partnershipId: pid } });
      for (const user of [auditor, provider, admin]) {
        const res = await decide(user, v1, { decision: 'approve', comment: 'Looks fine' });
        expectProblem(res, 403, '/problems/not-a-reviewer');
      }
      expect(await prisma.reportReviewDecision.count()).toBe(0);
      expect(await prisma.auditEvent.count({ where: { partnershipId: pid } })).toBe(audits);
      // A decline needs its reason; a decision must be one of the two.
      const bare = await decide(b2, v1, { decision: 'decline' }).expect(400);
      expect(bare.body.errors[0]).toMatchObject({ field: 'comment' });
      await decide(b2, v1, { decision: 'maybe', comment: 'x' }).expect(400);
    });

    it('keeps a decline with its reason and signs off at the quorum', async () => {
      const first = await approve(b1, v1, 'Figures agree with the board pack');
      expect(first.body.signOff).toMatchObject({
        status: 'in_review',
        progress: { needed: 2, counted: 1 },
        approvals: [{ round: 1, reviewerId: b1.userId, organisationId: providerOrg }],
      });
      // Once per round.
      expectProblem(await decide(b1, v1, { decision: 'approve' }), 409, '/problems/sign-off-state');

      const declined = await decide(b2, v1, {
        decision: 'decline',
        comment: 'The June placements are missing',
      }).expect(200);
      // Two of three may still approve: the round stays open.
      expect(declined.body.signOff).toMatchObject({
        status: 'in_review',
        declines: [
          {
            round: 1,
            reviewerId: b2.userId,
            organisationId: councilOrg,
            comment: 'The June placements are missing',
          },
        ],
      });

      const signed = await approve(b3, v1);
      matchesDocument('ReportResponse', signed.body);
      expect(signed.body.signOff).toMatchObject({
        status: 'signed_off',
        signedOffBy: b3.userId,
        signedOffAt: expect.any(String),
        progress: null,
        approvals: [{ reviewerId: b1.userId }, { reviewerId: b3.userId, organisationId: null }],
        declines: [{ reviewerId: b2.userId, comment: 'The June placements are missing' }],
      });
      expectProblem(await decide(b2, v1, { decision: 'approve' }), 409, '/problems/sign-off-state');
      expectProblem(await putToReview(admin, v1), 409, '/problems/sign-off-state');
    });

    it('shows it in the list and in GET …/reports/current', async () => {
      const current = await http
        .get(`${base()}/reports/current`)
        .query({ scope: 'quarter', quarter: Q1 })
        .set(provider.headers)
        .expect(200);
      matchesDocument('ReportResponse', current.body);
      expect(current.body).toMatchObject({
        id: v1,
        signOff: { status: 'signed_off', signedOffBy: b3.userId },
        sinceSignedOff: null,
      });
      const list = await http
        .get(`${base()}/reports`)
        .query({ scope: 'quarter', period: Q1 })
        .set(b1.headers)
        .expect(200);
      matchesDocument('ReportList', list.body);
      expect(list.body.data).toEqual([
        expect.objectContaining({
          id: v1,
          signOff: expect.objectContaining({ status: 'signed_off' }),
        }),
      ]);
    });
  });

  describe('a declined round', () => {
    it('ends declined when the declines leave the quorum out of reach; a new round signs it off', async () => {
      await record('2026-08-10', '2', 'q2-a');
      const v = await produce(Q2);
      await close(Q2);
      await putToReview(admin, v).expect(200);
      await decide(b1, v, { decision: 'decline', comment: 'Targets look wrong' }).expect(200);
      const ended = await decide(b2, v, { decision: 'decline', comment: 'Agree with b1' }).expect(
        200,
      );
      expect(ended.body.signOff).toMatchObject({
        status: 'declined',
        round: 1,
        declinedAt: expect.any(String),
        signedOffAt: null,
      });
      // The round is over: nobody decides in it any more.
      expectProblem(await decide(b3, v, { decision: 'approve' }), 409, '/problems/sign-off-state');

      const again = await putToReview(admin, v).expect(200);
      expect(again.body.signOff).toMatchObject({ status: 'in_review', round: 2, approvals: [] });
      await approve(b1, v, 'Targets explained');
      const signed = await approve(b3, v);
      expect(signed.body.signOff).toMatchObject({
        status: 'signed_off',
        round: 2,
        // Declines of every round are kept with their reasons.
        declines: [
          { round: 1, reviewerId: b1.userId, comment: 'Targets look wrong' },
          { round: 1, reviewerId: b2.userId, comment: 'Agree with b1' },
        ],
      });
    });
  });

  describe('one board member per member organisation', () => {
    it('needs each organisation’s approval; a board member without one is not a reviewer', async () => {
      await http
        .put(`${base()}/sign-off-rule`)
        .set(admin.headers)
        .send({ kind: 'one_per_member_organisation' })
        .expect(200)
        .expect((r) => expect(r.body).toMatchObject({ quorum: null, reviewers: 2 }));
      await record('2026-02-10', '5', 'q4-a');
      const v = await produce(Q4);
      await close(Q4);
      const opened = await putToReview(admin, v).expect(200);
      expect(opened.body.signOff).toMatchObject({
        ruleKind: 'one_per_member_organisation',
        progress: {
          needed: 2,
          counted: 0,
          awaitingOrganisations: [councilOrg, providerOrg].sort(),
        },
      });
      expectProblem(await decide(b3, v, { decision: 'approve' }), 403, '/problems/not-a-reviewer');
      const half = await approve(b1, v);
      expect(half.body.signOff).toMatchObject({
        status: 'in_review',
        progress: { counted: 1, awaitingOrganisations: [councilOrg] },
      });
      const signed = await approve(b2, v);
      expect(signed.body.signOff).toMatchObject({ status: 'signed_off', signedOffBy: b2.userId });
      // Back to the quorum for what follows.
      await http
        .put(`${base()}/sign-off-rule`)
        .set(admin.headers)
        .send({ kind: 'quorum', quorum: 2 })
        .expect(200);
    });
  });

  describe('a board change', () => {
    afterAll(async () => {
      await http
        .put(`${base()}/sign-off-rule`)
        .set(admin.headers)
        .send({ kind: 'quorum', quorum: 2 })
        .expect(200);
    });

    it('settles an open round: the organisation whose only reviewer left is no longer needed', async () => {
      const Q3 = '2025-26 Q3';
      await http
        .put(`${base()}/sign-off-rule`)
        .set(admin.headers)
        .send({ kind: 'one_per_member_organisation' })
        .expect(200);
      await record('2025-11-10', '1', 'q3-a');
      const v = await produce(Q3);
      await close(Q3);
      await putToReview(admin, v).expect(200);
      await approve(b1, v);
      const role = await prisma.userRole.findFirstOrThrow({
        where: { partnershipId: pid, userId: b2.userId, role: 'board' },
      });
      await http.delete(`${base()}/roles/${role.id}`).set(admin.headers).expect(204);
      const res = await http.get(`${base()}/reports/${v}`).set(b1.headers).expect(200);
      expect(res.body.signOff).toMatchObject({ status: 'signed_off', signedOffBy: admin.userId });
      const audit = await prisma.auditEvent.findFirstOrThrow({
        where: { partnershipId: pid, entityId: v, action: 'report.signed_off' },
      });
      expect(audit.details).toMatchObject({ boardChange: expect.stringContaining(role.id) });
      // Back on the board for what follows.
      await grantRole(prisma, pid, b2.userId, 'board', councilOrg);
    });

    it('settles an open round when a partnership admin disables the only reviewer of an organisation', async () => {
      // Still one per member organisation (the test before sets it).
      const Q2 = '2025-26 Q2';
      await record('2025-08-10', '1', 'q2-2025');
      const v = await produce(Q2);
      await close(Q2);
      await putToReview(admin, v).expect(200);
      await approve(b1, v);
      await http.post(`${base()}/users/${b2.userId}/disable`).set(admin.headers).expect(200);
      const res = await http.get(`${base()}/reports/${v}`).set(b1.headers).expect(200);
      expect(res.body.signOff).toMatchObject({ status: 'signed_off', signedOffBy: admin.userId });
      const audit = await prisma.auditEvent.findFirstOrThrow({
        where: { partnershipId: pid, entityId: v, action: 'report.signed_off' },
      });
      expect(audit.details).toMatchObject({ boardChange: expect.stringContaining(b2.userId) });
      // Back on the board for what follows.
      await http.post(`${base()}/users/${b2.userId}/enable`).set(admin.headers).expect(200);
    });
  });

  describe('a restatement after sign-off', () => {
    let v2: string;

    it('needs a new sign-off and shows what changed since the signed version', async () => {
      await http
        .post(`${period(Q1)}/reopen`)
        .set(admin.headers)
        .send({ reason: 'June placements arrived late' })
        .expect(200);
      await record('2026-06-30', '3', 'q1-late');
      v2 = await produce(Q1);
      expect(v2).not.toBe(v1);

      const current = await http
        .get(`${base()}/reports/current`)
        .query({ scope: 'quarter', quarter: Q1 })
        .set(b1.headers)
        .expect(200);
      matchesDocument('ReportResponse', current.body);
      expect(current.body).toMatchObject({
        id: v2,
        version: 2,
        changes: { restatement: true },
        signOff: { status: 'none' },
        sinceSignedOff: {
          reportId: v1,
          version: 1,
          signedOffAt: expect.any(String),
          differences: expect.arrayContaining([
            { field: 'outcomes[JOBS].actual', from: '4', to: '7' },
          ]),
        },
      });
      // The signed version stays signed off.
      const old = await http.get(`${base()}/reports/${v1}`).set(b1.headers).expect(200);
      expect(old.body).toMatchObject({ current: false, signOff: { status: 'signed_off' } });

      // Reopened: not yet. Closed again: the superseded version is not the one reviewed.
      expectProblem(await putToReview(admin, v2), 409, '/problems/period-open');
      await close(Q1);
      expectProblem(await putToReview(admin, v1), 409, '/problems/report-not-reviewable');
      await putToReview(admin, v2).expect(200);
      await approve(b2, v2, 'Late placements checked');
      const signed = await approve(b3, v2);
      expect(signed.body).toMatchObject({
        id: v2,
        signOff: { status: 'signed_off', round: 1 },
        sinceSignedOff: { reportId: v1 },
      });
    });

    it('keeps every step in the report’s history and the audit', async () => {
      const res = await http
        .get(`${base()}/reports/${v2}/history`)
        .set(provider.headers)
        .expect(200);
      matchesDocument('ReportHistory', res.body);
      expect(res.body.data.map((e: Body) => [e.event, e.version, e.round])).toEqual([
        ['issued', 1, null],
        ['period_closed', null, null],
        ['put_to_review', 1, 1],
        ['approved', 1, 1],
        ['declined', 1, 1],
        ['approved', 1, 1],
        ['signed_off', 1, 1],
        ['period_reopened', null, null],
        ['restated', 2, null],
        ['period_closed', null, null],
        ['put_to_review', 2, 1],
        ['approved', 2, 1],
        ['approved', 2, 1],
        ['signed_off', 2, 1],
      ]);
      expect(res.body.data[4]).toMatchObject({
        actorUserId: b2.userId,
        organisationId: councilOrg,
        comment: 'The June placements are missing',
      });
      expect(res.body.data[7]).toMatchObject({ comment: 'June placements arrived late' });
      await http
        .get(`${base()}/reports/00000000-0000-4000-8000-000000000000/history`)
        .set(b1.headers)
        .expect(404);

      const audit = await prisma.auditEvent.findMany({
        where: { partnershipId: pid, entityType: 'report', entityId: { in: [v1, v2] } },
        orderBy: { id: 'asc' },
      });
      expect(audit.map((a) => [a.action, a.entityId, a.actorUserId])).toEqual([
        ['report.put_to_review', v1, admin.userId],
        ['report.approved', v1, b1.userId],
        ['report.declined', v1, b2.userId],
        ['report.approved', v1, b3.userId],
        ['report.signed_off', v1, b3.userId],
        ['report.put_to_review', v2, admin.userId],
        ['report.approved', v2, b2.userId],
        ['report.approved', v2, b3.userId],
        ['report.signed_off', v2, b3.userId],
      ]);
      expect(
        await prisma.auditEvent.count({
          where: { partnershipId: pid, action: 'sign_off.rule_updated' },
        }),
      ).toBe(5);
    });

    it('holds decisions append-only and a round’s end once', async () => {
      await expect(
        prisma.reportReviewDecision.deleteMany({ where: { partnershipId: pid } }),
      ).rejects.toThrow(/append-only/);
      await expect(
        prisma.reportReview.updateMany({
          where: { partnershipId: pid },
          data: { status: 'in_review', settledAt: null, settledBy: null },
        }),
      ).rejects.toThrow(/append-only/);
    });
  });
});
