import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bullConnection, JobName, QueueName } from '@ol/jobs';
import {
  addWorkingDays,
  parseQuarterLabel,
  previousQuarter,
  quarterCalendar,
  quarterOf,
} from '@ol/outcomes';
import { PrismaService } from '@ol/persistence';
import { Queue } from 'bullmq';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { createOrganisation, createUserWithKey, grantRole } from '../factories';
import { addOpenTriggers } from '../fuzz/fixtures/worker-rows';
import {
  buildOnce,
  freePort,
  startWorkerProcess,
  waitFor,
  type RunningProcess,
} from '../setup/child-process';
import { createTestApp, truncateAll } from '../setup/test-app';

const PROBLEM = /application\/problem\+json/;
const PUBLIC_URL = 'https://ledger.example.test';
/** Deadlines far enough after the quarter that every clock below is after today. */
const SETTINGS = {
  deliveryDeadlineWorkingDays: 120,
  returnDeadlineWorkingDays: 120,
  boardReviewWorkingDays: 130,
};
const POLICY = {
  remindBeforeWorkingDays: 3,
  overdueEveryWorkingDays: 2,
  escalateAfterWorkingDays: 5,
  triggerEscalationWorkingDays: 3,
  disputeEscalationWorkingDays: 3,
};
const MARGIN_RULE = {
  name: 'Margin share',
  basis: 'cost',
  reasonableRate: '0.05',
  bands: [
    { upTo: '0.05', provider: '0.5', commissioner: '0.5' },
    { provider: '0', commissioner: '1' },
  ],
};

type User = Awaited<ReturnType<typeof createUserWithKey>>;

interface Mail {
  to: string;
  subject: string;
  body: string;
}

/** Quoted-printable as nodemailer writes it: soft breaks and =XX bytes (UTF-8). */
function decodeQuotedPrintable(text: string): string {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=' && /^[0-9A-F]{2}$/.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i], 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The subject, recipient and plain-text body of a raw single-part message. */
function parseMail(raw: string, to: string): Mail {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const subject = /^Subject: (.*)$/m.exec(unfolded)?.[1] ?? '';
  const qp = /Content-Transfer-Encoding: quoted-printable/i.test(unfolded);
  const body = rest.join('\n\n').replace(/\r\n/g, '\n');
  return { to, subject, body: qp ? decodeQuotedPrintable(body) : body };
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
async function startSmtp(): Promise<{ url: string; mails: Mail[]; close: () => Promise<void> }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    // No reverse DNS lookup of the client: nothing leaves the machine.
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address).join(',');
        mails.push(parseMail(Buffer.concat(chunks).toString('utf8'), to));
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A webhook receiver on 127.0.0.1: the event key of each delivery id it answered 200. */
async function startReceiver(): Promise<{
  url: string;
  keys: Map<string, string>;
  close: () => Promise<void>;
}> {
  const keys = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { key: string };
      keys.set(String(req.headers['x-ol-delivery']), body.key);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    keys,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Issue 19, item 2: reminders before a deadline and while overdue, the escalation to admins, an
 * unacknowledged trigger escalated to finance and an unanswered dispute to verifiers and admins;
 * each step sent once with two worker processes at each of three days (the workers' clock,
 * CLOCK_FIXED_AT) and across their restarts; in-app, webhook and email channels, by each user's
 * choice; emails stored as not sent without SMTP, received by a real SMTP server with it.
 */
describe('reminders and escalations', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let pg: Client;
  let queue: Queue;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let workers: RunningProcess[] = [];
  let pid: string;
  let partnershipName: string;
  let lateOrg: string;
  let completeOrg: string;
  let admin: User, provA: User, provB: User, fin: User, ver: User, outsider: User;
  let quarter: ReturnType<typeof parseQuarterLabel>;
  let deadline: string;
  let triggerId: string;
  let recordId: string;

  const base = (): string => `/v1/partnerships/${pid}`;

  beforeAll(async () => {
    buildOnce();
    app = await createTestApp();
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    queue = new Queue(QueueName.Notifications, {
      connection: bullConnection(process.env.REDIS_URL!),
      prefix: process.env.QUEUE_PREFIX!,
    });
    smtp = await startSmtp();
    receiver = await startReceiver();

    const today = new Date().toISOString().slice(0, 10);
    quarter = previousQuarter(quarterOf(today, 4));
    deadline = quarterCalendar(quarter, SETTINGS).deliveryDeadline;
    const p = await prisma.partnership.create({
      data: {
        name: 'Riverside Alliance',
        model: 'alliance',
        status: 'active',
        // From the quarter chased: no earlier quarter is owed.
        startDate: new Date(`${quarter.start}T00:00:00Z`),
        endDate: new Date('2034-03-31T00:00:00Z'),
      },
    });
    pid = p.id;
    partnershipName = p.name;
    lateOrg = (await createOrganisation(prisma)).id;
    completeOrg = (await createOrganisation(prisma)).id;
    for (const org of [lateOrg, completeOrg]) {
      await prisma.member.create({
        data: { partnershipId: pid, organisationId: org, role: 'provider' },
      });
    }
    const outcome = await prisma.outcome.create({
      data: { partnershipId: pid, code: 'JOBS', theme: 'Jobs', title: 'Into work', unit: 'people' },
    });
    [admin, provA, provB, fin, ver, outsider] = await Promise.all(
      ['admin', 'a', 'b', 'fin', 'ver', 'out'].map(async (n) => {
        const email = `${n}-${pid.slice(0, 8)}@example.test`;
        const user = await createUserWithKey(prisma, { email });
        emails.set(user.userId, email);
        return user;
      }),
    );
    await grantRole(prisma, pid, admin.userId, 'admin');
    await grantRole(prisma, pid, provA.userId, 'provider', lateOrg);
    await grantRole(prisma, pid, provB.userId, 'provider', completeOrg);
    await grantRole(prisma, pid, fin.userId, 'finance');
    await grantRole(prisma, pid, ver.userId, 'verifier');

    // The complete provider logged every month of the quarter; one record is disputed, unanswered.
    const months = [0, 1, 2].map((k) => {
      const [y, m] = quarter.start.split('-').map(Number);
      const month = m + k;
      return `${y + Math.floor((month - 1) / 12)}-${String(((month - 1) % 12) + 1).padStart(2, '0')}-15`;
    });
    const records = [];
    for (const [i, day] of months.entries()) {
      records.push(
        await prisma.deliveryRecord.create({
          data: {
            partnershipId: pid,
            outcomeId: outcome.id,
            providerOrgId: completeOrg,
            activityDate: new Date(`${day}T00:00:00Z`),
            quantity: '5',
            externalRef: `b-${i}`,
            status: i === 0 ? 'disputed' : 'claimed',
          },
        }),
      );
    }
    recordId = String(records[0].id);
    await prisma.deliveryRecordReview.create({
      data: {
        partnershipId: pid,
        recordId: records[0].id,
        event: 'disputed',
        actorId: ver.userId,
        note: 'No evidence attached',
      },
    });

    // An open trigger (rows only the worker makes, written with SQL).
    const ruleId = (
      await http.post(`${base()}/share-rules`).set(admin.headers).send(MARGIN_RULE).expect(201)
    ).body.id as string;
    const evaluation = await pg.query<{ id: string }>(
      `INSERT INTO share_evaluations (partnership_id, rule_id, provider_org_id, window_start,
         window_end, window_label, fingerprint, state, kind, revenue, allowable_cost, surplus,
         reasonable_surplus, variation, gain, positions, result)
       VALUES ($1, $2, $3, '2026-04-01', '2026-06-30', '2026-27 to 2026-06-30', repeat('f', 64),
         'above', 'reasonable_surplus', 250000, 182500, 67500, 9125, 58375, 58375, '[]', '{"steps":[]}')
       RETURNING id`,
      [pid, ruleId, lateOrg],
    );
    [triggerId] = await addOpenTriggers(
      pg,
      {
        partnershipId: pid,
        ruleId,
        providerOrgId: lateOrg,
        webhookId: '',
        evaluationId: evaluation.rows[0].id,
        triggerIds: [],
        notificationId: '',
      },
      1,
    );

    await http.put(`${base()}/calendar/settings`).set(admin.headers).send(SETTINGS).expect(200);
    await http
      .post(`${base()}/webhooks`)
      .set(admin.headers)
      .send({ url: receiver.url })
      .expect(201);
  }, 60_000);

  afterAll(async () => {
    await stopWorkers();
    await queue?.close();
    await pg?.end();
    await smtp?.close();
    await receiver?.close();
    await app?.close();
  });

  async function startWorkers(clock: string, withSmtp: boolean): Promise<void> {
    const env = {
      CLOCK_FIXED_AT: `${clock}T09:00:00Z`,
      REMINDER_INTERVAL_SECONDS: '1',
      NOTIFY_POLL_INTERVAL_MS: '200',
      PUBLIC_URL,
      SMTP_URL: withSmtp ? smtp.url : '',
      LOG_LEVEL: 'warn',
    };
    workers = await Promise.all([startWorkerProcess(env), startWorkerProcess(env)]);
    // Besides the scans, evaluations of the same partnership at once in both workers.
    await queue.addBulk(
      [1, 2, 3, 4, 5, 6].map((n) => ({
        name: JobName.EvaluateReminders,
        data: { partnershipId: pid },
        opts: { jobId: `extra-${clock}-${n}`, removeOnComplete: true },
      })),
    );
  }

  async function stopWorkers(): Promise<void> {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    if (process.env.TEST_LOGS) for (const w of workers) console.log(w.output().slice(-3000));
    workers = [];
  }

  const steps = async (): Promise<string[]> =>
    (
      await pg.query<{ k: string }>(
        `SELECT subject_key || ' ' || step AS k FROM reminder_steps WHERE partnership_id = $1 ORDER BY 1`,
        [pid],
      )
    ).rows.map((r) => r.k);

  const counts = async (sql: string): Promise<Record<string, number>> =>
    Object.fromEntries(
      (await pg.query<{ k: string; n: number }>(sql, [pid])).rows.map((r) => [r.k, r.n]),
    );

  /** Waits for `n` steps, then lets several more scans and the extra evaluations run. */
  async function settle(n: number): Promise<void> {
    await waitFor(
      async () => ((await steps()).length >= n ? true : undefined),
      30_000,
      `${n} steps`,
    );
    await new Promise((r) => setTimeout(r, 3_000));
  }

  const ob = (org: string, kind: string, step: string): string =>
    `obligation:${quarter.label}:${org}:${kind} ${step}`;

  describe('the policy', () => {
    it('is off until set, readable by members', async () => {
      const res = await http.get(`${base()}/reminder-policy`).set(provA.headers).expect(200);
      expect(res.body).toMatchObject({ isSet: false, remindBeforeWorkingDays: null });
    });

    it('refuses a reminder after the escalation with a field-level 422, changing nothing', async () => {
      const res = await http
        .put(`${base()}/reminder-policy`)
        .set(admin.headers)
        .send({ ...POLICY, overdueEveryWorkingDays: 5 })
        .expect(422);
      expect(res.headers['content-type']).toMatch(PROBLEM);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'overdueEveryWorkingDays', value: 5 }),
      ]);
      const after = await http.get(`${base()}/reminder-policy`).set(admin.headers).expect(200);
      expect(after.body.isSet).toBe(false);
    });

    it.each([
      [{ ...POLICY, remindBeforeWorkingDays: -1 }],
      [{ ...POLICY, triggerEscalationWorkingDays: '3' }],
      [{ ...POLICY, disputeEscalationWorkingDays: undefined }],
    ])('refuses a malformed policy %j with 400', async (body) => {
      const res = await http
        .put(`${base()}/reminder-policy`)
        .set(admin.headers)
        .send(body)
        .expect(400);
      expect(res.headers['content-type']).toMatch(PROBLEM);
    });

    it('is set by admins only (403 for a provider, 404 for an outsider, 401 without a key)', async () => {
      await http.put(`${base()}/reminder-policy`).set(provA.headers).send(POLICY).expect(403);
      await http.put(`${base()}/reminder-policy`).set(outsider.headers).send(POLICY).expect(404);
      await http.put(`${base()}/reminder-policy`).send(POLICY).expect(401);
      const res = await http
        .put(`${base()}/reminder-policy`)
        .set(admin.headers)
        .send(POLICY)
        .expect(200);
      expect(res.body).toEqual({ ...POLICY, isSet: true });
    });
  });

  describe('channels', () => {
    it('are both on until a user chooses', async () => {
      const res = await http.get('/v1/me/notification-preferences').set(provB.headers).expect(200);
      expect(res.body).toEqual({ inApp: true, email: true });
    });

    it('are chosen by each user, validated', async () => {
      await http
        .put('/v1/me/notification-preferences')
        .set(provB.headers)
        .send({ inApp: true })
        .expect(400);
      await http
        .put('/v1/me/notification-preferences')
        .set(provB.headers)
        .send({ inApp: true, email: false })
        .expect(200, { inApp: true, email: false });
      await http.get('/v1/me/notification-preferences').expect(401);
    });
  });

  describe('sent once per step, by two workers, across restarts', () => {
    it('on the deadline day: reminders before it, and the trigger and dispute escalations (no SMTP: emails not sent)', async () => {
      await startWorkers(deadline, false);
      await settle(5);
      const sent = await steps();
      expect(sent).toHaveLength(5);
      expect(sent).toEqual(
        expect.arrayContaining([
          ob(lateOrg, 'delivery', 'before'),
          ob(lateOrg, 'return', 'before'),
          ob(completeOrg, 'return', 'before'),
          `trigger:${triggerId} escalation`,
          expect.stringMatching(new RegExp(`^dispute:${recordId}:\\d+ escalation$`)),
        ]),
      );
      // In-app by choice: provider B chose in-app only.
      expect(
        await counts(
          `SELECT u.email AS k, count(*)::int AS n FROM user_notifications n JOIN users u ON u.id = n.user_id
            WHERE n.partnership_id = $1 GROUP BY 1`,
        ),
      ).toEqual({
        [emailOf(provA)]: 2,
        [emailOf(provB)]: 1,
        [emailOf(fin)]: 1,
        [emailOf(ver)]: 1,
        [emailOf(admin)]: 1,
      });
      const emails = await http
        .get(`${base()}/emails?status=not_sent`)
        .set(admin.headers)
        .expect(200);
      expect(emails.body.page.total).toBe(5);
      expect(emails.body.data.map((e: { to: string }) => e.to).sort()).toEqual(
        [emailOf(provA), emailOf(provA), emailOf(fin), emailOf(ver), emailOf(admin)].sort(),
      );
      expect(smtp.mails).toHaveLength(0);
      await stopWorkers();
    }, 90_000);

    it('two working days late: the overdue reminders, nothing sent again (emails over SMTP)', async () => {
      const day = addWorkingDays(deadline, 2);
      await startWorkers(day, true);
      await settle(8);
      const all = await steps();
      expect(all).toHaveLength(8);
      expect(all).toEqual(
        expect.arrayContaining([
          ob(lateOrg, 'delivery', 'overdue-2'),
          ob(lateOrg, 'return', 'overdue-2'),
          ob(completeOrg, 'return', 'overdue-2'),
        ]),
      );
      await waitFor(
        () => Promise.resolve(smtp.mails.length >= 2 ? true : undefined),
        15_000,
        'two emails',
      );
      await new Promise((r) => setTimeout(r, 1_000));
      expect(smtp.mails.map((m) => m.to)).toEqual([emailOf(provA), emailOf(provA)]);
      const mail = smtp.mails.find((m) => m.subject.includes('Delivery data'))!;
      expect(mail.subject).toBe(
        `${partnershipName}: Delivery data for ${quarter.label} is overdue (due ${deadline})`,
      );
      expect(mail.body).toContain(`was due by`);
      expect(mail.body).toContain(`(${deadline}) and is 2 working days overdue.`);
      expect(mail.body).toContain('- Into work (JOBS)');
      expect(mail.body).toContain(
        `Open it: ${PUBLIC_URL}/v1/partnerships/${pid}/obligations?quarter=${encodeURIComponent(quarter.label)}`,
      );
      const sent = await http.get(`${base()}/emails?status=sent`).set(admin.headers).expect(200);
      expect(sent.body.page.total).toBe(2);
      await stopWorkers();
    }, 90_000);

    it('restarted a day later, at the same step: nothing is sent again', async () => {
      const before = { steps: await steps(), mails: smtp.mails.length };
      const inApp = await pg.query(
        `SELECT count(*)::int AS n FROM user_notifications WHERE partnership_id = $1`,
        [pid],
      );
      await startWorkers(addWorkingDays(deadline, 3), true);
      // Several scans and the extra evaluations in both workers.
      await waitFor(
        async () =>
          (await queue.getJobCounts('waiting', 'active')).waiting === 0 ? true : undefined,
        20_000,
        'the extra evaluations',
      );
      await new Promise((r) => setTimeout(r, 3_000));
      expect(await steps()).toEqual(before.steps);
      expect(smtp.mails).toHaveLength(before.mails);
      const after = await pg.query(
        `SELECT count(*)::int AS n FROM user_notifications WHERE partnership_id = $1`,
        [pid],
      );
      expect(after.rows).toEqual(inApp.rows);
      await stopWorkers();
    }, 90_000);

    it('five working days late: escalated to the admins once; no reminder after it', async () => {
      const day = addWorkingDays(deadline, 5);
      await startWorkers(day, true);
      await settle(11);
      const all = await steps();
      expect(all).toHaveLength(11);
      expect(
        all.filter((s) => s.startsWith('obligation:') && s.endsWith(' escalation')),
      ).toHaveLength(3);
      await waitFor(
        () => Promise.resolve(smtp.mails.length >= 5 ? true : undefined),
        15_000,
        'five emails',
      );
      await new Promise((r) => setTimeout(r, 1_000));
      expect(smtp.mails.slice(2).map((m) => m.to)).toEqual([
        emailOf(admin),
        emailOf(admin),
        emailOf(admin),
      ]);
      expect(smtp.mails.slice(2).map((m) => m.subject)).toEqual(
        expect.arrayContaining([expect.stringContaining(`Escalation: `)]),
      );
      await stopWorkers();
    }, 90_000);

    it('each step went to the webhook once, with the new event types', async () => {
      const rows = await counts(
        `SELECT event_type AS k, count(*)::int AS n FROM notifications WHERE partnership_id = $1 GROUP BY 1`,
      );
      expect(rows).toEqual({
        'obligation.reminder': 6,
        'obligation.escalated': 3,
        'trigger.unacknowledged': 1,
        'dispute.unanswered': 1,
      });
      const keys = [...receiver.keys.values()];
      expect(new Set(keys).size).toBe(keys.length);
    });

    it('each step is audited', async () => {
      const audited = await counts(
        `SELECT action AS k, count(*)::int AS n FROM audit_events WHERE partnership_id = $1 AND action = 'reminder.sent' GROUP BY 1`,
      );
      expect(audited).toEqual({ 'reminder.sent': 11 });
    });
  });

  describe('the in-app list', () => {
    it('lists a user’s notifications, newest first, with what is due and the link', async () => {
      const res = await http.get('/v1/me/notifications').set(provA.headers).expect(200);
      expect(res.body.page.total).toBe(4);
      expect(res.body.unread).toBe(4);
      expect(res.body.data[0]).toMatchObject({
        partnershipId: pid,
        eventType: 'obligation.reminder',
        status: 'unread',
        readAt: null,
        link: expect.stringContaining(`${PUBLIC_URL}/v1/partnerships/${pid}/obligations?quarter=`),
      });
    });

    it('marks one read, and filters read and unread', async () => {
      const list = await http.get('/v1/me/notifications?limit=1').set(provA.headers).expect(200);
      const id = list.body.data[0].id as string;
      const read = await http
        .post(`/v1/me/notifications/${id}/read`)
        .set(provA.headers)
        .expect(200);
      expect(read.body).toMatchObject({ id, status: 'read', readAt: expect.any(String) });
      const again = await http
        .post(`/v1/me/notifications/${id}/read`)
        .set(provA.headers)
        .expect(200);
      expect(again.body.readAt).toBe(read.body.readAt);
      const unread = await http
        .get('/v1/me/notifications?status=unread')
        .set(provA.headers)
        .expect(200);
      expect(unread.body.page.total).toBe(3);
      expect(unread.body.unread).toBe(3);
      const onlyRead = await http
        .get('/v1/me/notifications?status=read')
        .set(provA.headers)
        .expect(200);
      expect(onlyRead.body.data.map((n: { id: string }) => n.id)).toEqual([id]);
    });

    it('never shows or marks another user’s notification', async () => {
      const list = await http.get('/v1/me/notifications').set(provA.headers).expect(200);
      const id = list.body.data[0].id as string;
      await http.post(`/v1/me/notifications/${id}/read`).set(provB.headers).expect(404);
      await http.post('/v1/me/notifications/not-a-uuid/read').set(provB.headers).expect(400);
      await http.get('/v1/me/notifications?status=maybe').set(provB.headers).expect(400);
      const others = await http.get('/v1/me/notifications').set(outsider.headers).expect(200);
      expect(others.body.page.total).toBe(0);
    });

    it('keeps emails for admins only', async () => {
      await http.get(`${base()}/emails`).set(provA.headers).expect(403);
      await http.get(`${base()}/emails?status=lost`).set(admin.headers).expect(400);
    });
  });
});

const emails = new Map<string, string>();
function emailOf(user: User): string {
  return emails.get(user.userId)!;
}
