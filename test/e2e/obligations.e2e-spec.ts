import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService } from '@ol/persistence';
import request from 'supertest';
import {
  createOrganisation,
  createProviderPartnership,
  createUserWithKey,
  grantRole,
} from '../factories';
import { expectValid, strictValidator } from '../setup/openapi-schema';
import { createTestApp, truncateAll } from '../setup/test-app';

type User = Awaited<ReturnType<typeof createUserWithKey>>;

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * Issue 19, item 1: a calendar per partnership (deadlines in working days after a quarter's end,
 * holidays admins import) and the quarter's obligations: a provider sees what it owes, the board
 * sees who is late. API in process, real PostgreSQL.
 *
 * 2026-27 Q1 (April year) ends on Tuesday 2026-06-30; with the default settings delivery data is
 * due on 2026-07-14 (10 working days), returns on 2026-07-28 (20), the board meets 2026-08-11 (30).
 * Acme logged every month of the quarter and returned its open book: nothing owed. Brio logged May
 * only (an April record rejected, a June one reversed), has logged HEALTH in the year before but
 * not this quarter, and sent no return: late on all three.
 */
describe('calendar and obligations (API)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let platformAdmin: User;
  let admin: User;
  let board: User;
  let acmeUser: User;
  let brioUser: User;
  let outsider: User;
  let pid: string;
  let acme: string;
  let brio: string;
  let jobs: string;
  let health: string;
  let matchesDocument: (schema: string, body: unknown) => void;

  const base = () => `/v1/partnerships/${pid}`;
  const Q1 = '2026-27 Q1';

  beforeAll(async () => {
    app = await createTestApp();
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    const doc = (await http.get('/docs-json').expect(200)).body;
    const validators = new Map<string, ReturnType<typeof strictValidator>>();
    matchesDocument = (schema, body) => {
      if (!validators.has(schema)) validators.set(schema, strictValidator(doc, schema));
      expectValid(validators.get(schema)!, body, schema);
    };
    platformAdmin = await createUserWithKey(prisma, { admin: true });
    admin = await createUserWithKey(prisma);
    board = await createUserWithKey(prisma);
    acmeUser = await createUserWithKey(prisma);
    brioUser = await createUserWithKey(prisma);
    outsider = await createUserWithKey(prisma);

    const p = await createProviderPartnership(prisma, {
      name: 'Calendar',
      startDate: '2025-04-01',
      endDate: '2030-03-31',
      providerUserId: acmeUser.userId,
    });
    pid = p.partnershipId;
    acme = p.organisationId;
    jobs = p.outcomeId;
    brio = (await createOrganisation(prisma)).id;
    await prisma.member.create({
      data: { partnershipId: pid, organisationId: brio, role: 'provider' },
    });
    await grantRole(prisma, pid, brioUser.userId, 'provider', brio);
    await grantRole(prisma, pid, admin.userId, 'admin');
    await grantRole(prisma, pid, board.userId, 'board');
    health = (
      await prisma.outcome.create({
        data: {
          partnershipId: pid,
          code: 'HEALTH',
          theme: 'Health',
          title: 'GP visits',
          unit: 'visits',
        },
      })
    ).id;
    // An archived outcome is owed by no one.
    await prisma.outcome.create({
      data: {
        partnershipId: pid,
        code: 'OLD',
        theme: 'Jobs',
        title: 'Retired',
        unit: 'people',
        archivedAt: new Date(),
      },
    });

    const record = (provider: string, outcome: string, date: string, ref: string, extra = {}) => ({
      partnershipId: pid,
      outcomeId: outcome,
      providerOrgId: provider,
      activityDate: day(date),
      quantity: '1',
      externalRef: ref,
      ...extra,
    });
    await prisma.deliveryRecord.createMany({
      data: [
        record(acme, jobs, '2026-04-10', 'a1'),
        record(acme, jobs, '2026-05-10', 'a2'),
        record(acme, jobs, '2026-06-30', 'a3'),
        record(brio, jobs, '2026-05-02', 'b1'),
        record(brio, jobs, '2026-04-03', 'b2', { status: 'rejected' }),
        record(brio, jobs, '2026-06-03', 'b3'),
        // Logged in the year before: Brio owes HEALTH this quarter too.
        record(brio, health, '2026-02-11', 'b4'),
      ],
    });
    const reversed = await prisma.deliveryRecord.findFirstOrThrow({
      where: { partnershipId: pid, externalRef: 'b3' },
    });
    await prisma.deliveryRecord.create({
      data: {
        ...record(brio, jobs, '2026-06-03', 'b3-rev'),
        quantity: '-1',
        kind: 'reversal',
        correctsId: reversed.id,
        correctionReason: 'Logged twice',
      },
    });
    await prisma.financialReturn.create({
      data: {
        partnershipId: pid,
        providerOrgId: acme,
        periodStart: day('2026-04-01'),
        periodEnd: day('2026-06-30'),
        periodLabel: Q1,
        revision: 1,
        revenue: '1000.00',
      },
    });
  }, 60_000);

  afterAll(async () => {
    await app.close();
  });

  const obligations = (user: User, query: Record<string, string>, status = 200) =>
    http.get(`${base()}/obligations`).query(query).set(user.headers).expect(status);

  /** What refused requests must leave untouched. */
  const stored = async () => ({
    holidays: await prisma.partnershipHoliday.count({ where: { partnershipId: pid } }),
    settings: await prisma.partnershipCalendar.findUnique({ where: { partnershipId: pid } }),
    audit: await prisma.auditEvent.count({ where: { partnershipId: pid } }),
  });

  describe('the calendar', () => {
    it('gives the default deadlines in working days after the quarter', async () => {
      const res = await http
        .get(`${base()}/calendar`)
        .query({ quarter: Q1 })
        .set(acmeUser.headers)
        .expect(200);
      matchesDocument('CalendarResponse', res.body);
      expect(res.body).toEqual({
        quarter: Q1,
        start: '2026-04-01',
        end: '2026-06-30',
        deliveryDeadline: '2026-07-14',
        returnDeadline: '2026-07-28',
        boardReview: '2026-08-11',
        settings: {
          deliveryDeadlineWorkingDays: 10,
          returnDeadlineWorkingDays: 20,
          boardReviewWorkingDays: 30,
          isSet: false,
        },
        holidays: [],
      });
    });

    it('lets a partnership admin set its own deadlines', async () => {
      const settings = {
        deliveryDeadlineWorkingDays: 5,
        returnDeadlineWorkingDays: 15,
        boardReviewWorkingDays: 15,
      };
      const put = await http
        .put(`${base()}/calendar/settings`)
        .set(admin.headers)
        .send(settings)
        .expect(200);
      matchesDocument('CalendarSettingsResponse', put.body);
      expect(put.body).toEqual({ ...settings, isSet: true });
      const cal = await http
        .get(`${base()}/calendar`)
        .query({ quarter: '2026-27 Q2' })
        .set(board.headers)
        .expect(200);
      // 2026-09-30 is a Wednesday: 5 working days is Wednesday 7 October.
      expect(cal.body).toMatchObject({
        deliveryDeadline: '2026-10-07',
        returnDeadline: '2026-10-21',
        boardReview: '2026-10-21',
      });
      // Back to the defaults for the rest of the suite.
      await http
        .put(`${base()}/calendar/settings`)
        .set(admin.headers)
        .send({
          deliveryDeadlineWorkingDays: 10,
          returnDeadlineWorkingDays: 20,
          boardReviewWorkingDays: 30,
        })
        .expect(200);
      const audit = await prisma.auditEvent.count({
        where: { partnershipId: pid, action: 'calendar.settings_updated' },
      });
      expect(audit).toBe(2);
    });
  });

  describe('obligations', () => {
    it('shows a provider only what it owes', async () => {
      const res = await obligations(acmeUser, { quarter: Q1 });
      matchesDocument('ObligationsResponse', res.body);
      expect(res.body).toMatchObject({ quarter: Q1, allProviders: false, lateProviders: [] });
      expect(res.body.providers).toHaveLength(1);
      const [own] = res.body.providers;
      expect(own).toMatchObject({ organisationId: acme, late: false, overdue: 0 });
      expect(own.deliveries).toEqual([
        {
          outcomeId: jobs,
          outcomeCode: 'JOBS',
          outcomeTitle: 'Into work',
          because: 'recent_delivery',
          dueBy: '2026-07-14',
          arrival: 'complete',
          monthsWithData: ['2026-04', '2026-05', '2026-06'],
          monthsMissing: [],
          records: 3,
          status: 'complete',
        },
      ]);
      expect(own.financialReturn).toMatchObject({
        dueBy: '2026-07-28',
        arrival: 'complete',
        revisions: 1,
        latestReviewStatus: 'submitted',
        status: 'complete',
      });

      const brioView = await obligations(brioUser, { quarter: Q1 });
      expect(
        brioView.body.providers.map((p: { organisationId: string }) => p.organisationId),
      ).toEqual([brio]);
      expect(brioView.body.lateProviders).toEqual([brio]);
    });

    it('shows the board every provider and who is late', async () => {
      const res = await obligations(board, { quarter: Q1 });
      matchesDocument('ObligationsResponse', res.body);
      expect(res.body.allProviders).toBe(true);
      expect(res.body.lateProviders).toEqual([brio]);
      const late = res.body.providers.find(
        (p: { organisationId: string }) => p.organisationId === brio,
      );
      expect(late).toMatchObject({ late: true, overdue: 3 });
      expect(
        late.deliveries.map((d: Record<string, unknown>) => [
          d.outcomeCode,
          d.arrival,
          d.monthsWithData,
          d.records,
          d.status,
        ]),
      ).toEqual([
        // The rejected April record and the reversed June one do not count.
        ['HEALTH', 'none', [], 0, 'overdue'],
        ['JOBS', 'partial', ['2026-05'], 1, 'overdue'],
      ]);
      expect(late.financialReturn).toMatchObject({
        arrival: 'none',
        revisions: 0,
        firstSubmittedAt: null,
        status: 'overdue',
      });
      const platform = await obligations(platformAdmin, { quarter: Q1 });
      expect(platform.body.providers).toHaveLength(2);
    });

    it('judges on the day asked: what was not yet written had not arrived', async () => {
      const res = await obligations(board, { quarter: Q1, asOf: '2026-07-14' });
      expect(res.body.asOf).toBe('2026-07-14');
      // Nothing of this suite's data was written by then; on the deadline day nothing is late yet.
      expect(res.body.lateProviders).toEqual([]);
      for (const p of res.body.providers) {
        expect(
          p.deliveries.every(
            (d: { arrival: string; status: string }) =>
              d.arrival === 'none' && d.status === 'pending',
          ),
        ).toBe(true);
      }
    });

    it('moves a deadline when a holiday falls on it, and back when it is removed', async () => {
      const lateOn15th = async () =>
        (await obligations(board, { quarter: Q1, asOf: '2026-07-15' })).body.lateProviders;
      expect((await lateOn15th()).sort()).toEqual([acme, brio].sort());

      const added = await http
        .post(`${base()}/holidays`)
        .set(admin.headers)
        .send({
          holidays: [
            { date: '2026-07-14', name: 'Town fair' },
            { date: '2026-12-25', name: 'Christmas Day' },
          ],
        })
        .expect(201);
      matchesDocument('HolidayList', added.body);
      expect(added.body.data).toEqual([
        { date: '2026-07-14', name: 'Town fair' },
        { date: '2026-12-25', name: 'Christmas Day' },
      ]);
      const cal = await http
        .get(`${base()}/calendar`)
        .query({ quarter: Q1 })
        .set(acmeUser.headers)
        .expect(200);
      expect(cal.body).toMatchObject({
        deliveryDeadline: '2026-07-15',
        returnDeadline: '2026-07-29',
        boardReview: '2026-08-12',
        holidays: [{ date: '2026-07-14', name: 'Town fair' }],
      });
      // Due on the 15th now: not late that day, late the day after.
      expect(await lateOn15th()).toEqual([]);
      const after = await obligations(board, { quarter: Q1, asOf: '2026-07-16' });
      expect(after.body.deliveryDeadline).toBe('2026-07-15');
      expect(after.body.lateProviders.sort()).toEqual([acme, brio].sort());

      const listed = await http
        .get(`${base()}/holidays`)
        .query({ from: '2026-12-01' })
        .set(brioUser.headers)
        .expect(200);
      expect(listed.body.data).toEqual([{ date: '2026-12-25', name: 'Christmas Day' }]);

      await http.delete(`${base()}/holidays/2026-07-14`).set(admin.headers).expect(204);
      const back = await http
        .get(`${base()}/calendar`)
        .query({ quarter: Q1 })
        .set(acmeUser.headers)
        .expect(200);
      expect(back.body.deliveryDeadline).toBe('2026-07-14');
      expect(
        await prisma.auditEvent.count({
          where: { partnershipId: pid, action: { startsWith: 'calendar.holiday' } },
        }),
      ).toBe(2);
    });
  });

  describe('refusals change nothing', () => {
    /** The fields a problem names, each once (a field may break several constraints). */
    const fields = (res: { body: { errors?: { field: string }[] } }) => [
      ...new Set((res.body.errors ?? []).map((e) => e.field)),
    ];

    it('refuses a bad quarter, one outside the partnership, and a bad asOf', async () => {
      const before = await stored();
      for (const quarter of ['2026 Q1', '2026-27 Q5', 'Q1', '']) {
        const res = await obligations(board, { quarter }, 400);
        expect(fields(res)).toContain('quarter');
      }
      expect(fields(await http.get(`${base()}/calendar`).set(board.headers).expect(400))).toContain(
        'quarter',
      );
      const outside = await obligations(board, { quarter: '2040-41 Q1' }, 422);
      expect(fields(outside)).toEqual(['quarter']);
      await http
        .get(`${base()}/calendar`)
        .query({ quarter: '2024-25 Q4' })
        .set(board.headers)
        .expect(422);
      for (const asOf of ['2026-02-30', 'today', '2026-7-1']) {
        expect(fields(await obligations(board, { quarter: Q1, asOf }, 400))).toEqual(['asOf']);
      }
      expect(await stored()).toEqual(before);
    });

    it('refuses holidays that are not dates or are duplicates, storing none of the list', async () => {
      const before = await stored();
      const post = (holidays: unknown, status: number) =>
        http.post(`${base()}/holidays`).set(admin.headers).send({ holidays }).expect(status);
      const notADate = await post(
        [
          { date: '2027-01-01', name: 'New Year' },
          { date: '2027-02-30', name: 'Nope' },
        ],
        400,
      );
      expect(fields(notADate)).toEqual(['holidays[1].date']);
      expect(fields(await post([{ date: '2027-01-01', name: '  ' }], 400))).toEqual([
        'holidays[0].name',
      ]);
      expect(fields(await post([], 400))).toEqual(['holidays']);
      const twice = await post(
        [
          { date: '2027-01-01', name: 'New Year' },
          { date: '2027-01-01', name: 'New Year again' },
        ],
        422,
      );
      expect(twice.body.errors).toEqual([
        {
          field: 'holidays[1].date',
          value: '2027-01-01',
          reason: 'is given twice (also holidays[0].date)',
        },
      ]);
      const held = await post(
        [
          { date: '2027-01-01', name: 'New Year' },
          { date: '2026-12-25', name: 'Christmas' },
        ],
        422,
      );
      expect(fields(held)).toEqual(['holidays[1].date']);
      expect(await stored()).toEqual(before);
    });

    it('imports holidays from CSV, and refuses a bad file whole', async () => {
      const csv = (text: string, status: number) =>
        http
          .post(`${base()}/holidays/import`)
          .set(admin.headers)
          .set('content-type', 'text/csv')
          .send(text)
          .expect(status);
      const before = await stored();
      expect(fields(await csv('day,name\n2027-05-03,May Day', 400))).toEqual([
        'header.day',
        'header.date',
      ]);
      expect(fields(await csv('date,name\n2027-05-03,May Day\n2027-05-32,Nope', 400))).toEqual([
        'line 3, date',
      ]);
      expect(fields(await csv('date,name\n2027-05-03,', 400))).toEqual(['line 2, name']);
      expect(fields(await csv('date,name\n', 400))).toEqual(['body']);
      const held = await csv('name,date\nMay Day,2027-05-03\nChristmas,2026-12-25', 422);
      expect(held.body.errors).toEqual([
        {
          field: 'line 3, date',
          value: '2026-12-25',
          reason: 'is already a holiday of the partnership',
        },
      ]);
      await http
        .post(`${base()}/holidays/import`)
        .set(brioUser.headers)
        .set('content-type', 'text/csv')
        .send('date,name\n2027-05-03,May Day')
        .expect(403);
      expect(await stored()).toEqual(before);

      const ok = await csv(
        'name,date\nSpring bank holiday,2027-05-31\n"Early May, bank holiday",2027-05-03',
        201,
      );
      matchesDocument('HolidayList', ok.body);
      expect(ok.body.data).toEqual([
        { date: '2027-05-03', name: 'Early May, bank holiday' },
        { date: '2027-05-31', name: 'Spring bank holiday' },
      ]);
      // A re-sent file changes nothing.
      await csv('name,date\nSpring bank holiday,2027-05-31', 422);
      for (const date of ['2027-05-03', '2027-05-31']) {
        await http.delete(`${base()}/holidays/${date}`).set(admin.headers).expect(204);
      }
    });

    it('refuses bad deadline days, and a board review before a deadline', async () => {
      const before = await stored();
      const put = (body: object, status: number) =>
        http.put(`${base()}/calendar/settings`).set(admin.headers).send(body).expect(status);
      const ok = {
        deliveryDeadlineWorkingDays: 10,
        returnDeadlineWorkingDays: 20,
        boardReviewWorkingDays: 30,
      };
      expect(fields(await put({ ...ok, deliveryDeadlineWorkingDays: -1 }, 400))).toEqual([
        'deliveryDeadlineWorkingDays',
      ]);
      expect(fields(await put({ ...ok, returnDeadlineWorkingDays: 2.5 }, 400))).toEqual([
        'returnDeadlineWorkingDays',
      ]);
      expect(fields(await put({ ...ok, boardReviewWorkingDays: '30' }, 400))).toEqual([
        'boardReviewWorkingDays',
      ]);
      expect(fields(await put({ ...ok, boardReviewWorkingDays: 131 }, 400))).toEqual([
        'boardReviewWorkingDays',
      ]);
      const early = await put({ ...ok, boardReviewWorkingDays: 15 }, 422);
      expect(fields(early)).toEqual(['boardReviewWorkingDays']);
      expect(await stored()).toEqual(before);
    });

    it('refuses a bad or unknown holiday date to remove', async () => {
      const before = await stored();
      const bad = await http.delete(`${base()}/holidays/2026-13-01`).set(admin.headers).expect(400);
      expect(fields(bad)).toEqual(['holidayDate']);
      await http.delete(`${base()}/holidays/2026-01-01`).set(admin.headers).expect(404);
      expect(await stored()).toEqual(before);
    });

    it('refuses callers who may not, and unknown partnerships', async () => {
      const before = await stored();
      const settings = {
        deliveryDeadlineWorkingDays: 10,
        returnDeadlineWorkingDays: 20,
        boardReviewWorkingDays: 30,
      };
      await http
        .put(`${base()}/calendar/settings`)
        .set(acmeUser.headers)
        .send(settings)
        .expect(403);
      await http.put(`${base()}/calendar/settings`).set(board.headers).send(settings).expect(403);
      await http
        .post(`${base()}/holidays`)
        .set(brioUser.headers)
        .send({ holidays: [{ date: '2027-05-03', name: 'May Day' }] })
        .expect(403);
      await http.delete(`${base()}/holidays/2026-12-25`).set(acmeUser.headers).expect(403);
      await obligations(outsider, { quarter: Q1 }, 404);
      await http.get(`${base()}/calendar`).query({ quarter: Q1 }).expect(401);
      await http
        .get(`/v1/partnerships/${randomUUID()}/obligations`)
        .query({ quarter: Q1 })
        .set(platformAdmin.headers)
        .expect(404);
      const badId = await http
        .get('/v1/partnerships/not-a-uuid/calendar')
        .query({ quarter: Q1 })
        .set(platformAdmin.headers)
        .expect(400);
      expect(fields(badId)).toEqual(['partnershipId']);
      expect(await stored()).toEqual(before);
    });
  });

  describe('a January financial year', () => {
    it('labels and counts quarters of the calendar year', async () => {
      await prisma.partnership.update({ where: { id: pid }, data: { fyStartMonth: 1 } });
      try {
        const cal = await http
          .get(`${base()}/calendar`)
          .query({ quarter: '2026 Q4' })
          .set(board.headers)
          .expect(200);
        // 2026-12-31 is a Thursday; Christmas Day is a holiday but before the quarter's end.
        expect(cal.body).toMatchObject({
          start: '2026-10-01',
          end: '2026-12-31',
          deliveryDeadline: '2027-01-14',
        });
        expect(cal.body.holidays).toEqual([{ date: '2026-12-25', name: 'Christmas Day' }]);
        const res = await obligations(board, { quarter: '2026 Q2' });
        expect(res.body.lateProviders).toEqual([brio]);
        await obligations(board, { quarter: Q1 }, 400);
      } finally {
        await prisma.partnership.update({ where: { id: pid }, data: { fyStartMonth: 4 } });
      }
    });
  });
});
