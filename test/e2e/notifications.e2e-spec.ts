import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bullConnection, JobName, QueueName } from '@ol/jobs';
import { Db, NotificationRepository, PrismaService } from '@ol/persistence';
import { Queue } from 'bullmq';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createPartnership, createUserWithKey, grantRole } from '../factories';
import {
  buildOnce,
  waitFor,
  type RunningProcess,
  startWorkerProcess,
} from '../setup/child-process';
import { createTestApp, truncateAll } from '../setup/test-app';

const PROBLEM = /application\/problem\+json/;

interface Received {
  delivery: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1: answers with whatever `respond` says for each request. */
interface Receiver {
  url: string;
  received: Received[];
  respond: (nth: number) => number;
  /** Requests answered 2xx, per X-OL-Delivery. */
  successes: (delivery: string) => number;
  close: () => Promise<void>;
}

async function startReceiver(respond: (nth: number) => number, delayMs = 0): Promise<Receiver> {
  const received: Received[] = [];
  const receiver = { received, respond } as Receiver;
  let nth = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = receiver.respond(++nth);
      const answer = (): void => {
        received.push({
          delivery: String(req.headers['x-ol-delivery']),
          status,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  receiver.successes = (delivery) =>
    received.filter((r) => r.delivery === delivery && r.status >= 200 && r.status < 300).length;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

describe('webhooks and notifications', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let db: Db;
  let notifications: NotificationRepository;
  let http: ReturnType<typeof request>;
  let partnershipId: string;
  let admin: Awaited<ReturnType<typeof createUserWithKey>>;
  let board: Awaited<ReturnType<typeof createUserWithKey>>;
  let outsider: Awaited<ReturnType<typeof createUserWithKey>>;

  beforeAll(async () => {
    app = await createTestApp();
    prisma = app.get(PrismaService);
    db = app.get(Db);
    notifications = app.get(NotificationRepository);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    partnershipId = (await createPartnership(prisma)).id;
    admin = await createUserWithKey(prisma);
    board = await createUserWithKey(prisma);
    outsider = await createUserWithKey(prisma);
    await grantRole(prisma, partnershipId, admin.userId, 'admin');
    await grantRole(prisma, partnershipId, board.userId, 'board');
  });
  afterAll(async () => {
    await app.close();
  });

  const webhooksPath = (): string => `/v1/partnerships/${partnershipId}/webhooks`;

  /** Records an event the way another service does: inside its own transaction. */
  const recordEvent = (type: 'trigger.raised' | 'report.issued', key: string, data: object) =>
    db.transaction(() =>
      notifications.recordEvent(partnershipId, { type, key, payload: { ...data } }),
    );

  describe('webhooks API', () => {
    it('documents its routes in the OpenAPI description', async () => {
      const res = await http.get('/docs-json').expect(200);
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining([
          '/v1/partnerships/{partnershipId}/webhooks',
          '/v1/partnerships/{partnershipId}/webhooks/{webhookId}',
          '/v1/partnerships/{partnershipId}/notifications',
          '/v1/partnerships/{partnershipId}/notifications/{notificationId}/retry',
          '/v1/admin/queues',
          '/v1/admin/queues/{queue}/failed',
        ]),
      );
      expect(res.body.components.schemas.CreateWebhookDto.properties.url.example).toMatch(
        /^https:/,
      );
    });

    it('creates a webhook and shows its secret once, a hint afterwards', async () => {
      const created = await http
        .post(webhooksPath())
        .set(admin.headers)
        .send({ url: 'https://example.org/hooks', eventTypes: ['trigger.raised'] })
        .expect(201);
      expect(created.body).toMatchObject({
        partnershipId,
        url: 'https://example.org/hooks',
        eventTypes: ['trigger.raised'],
        active: true,
        createdBy: admin.userId,
      });
      const secret = created.body.secret as string;
      expect(secret.length).toBeGreaterThanOrEqual(16);
      expect(created.body.secretHint).toBe(`…${secret.slice(-4)}`);

      const one = await http
        .get(`${webhooksPath()}/${created.body.id}`)
        .set(admin.headers)
        .expect(200);
      expect(one.body.secret).toBeUndefined();
      expect(JSON.stringify(one.body)).not.toContain(secret);
      const list = await http.get(webhooksPath()).set(admin.headers).expect(200);
      expect(list.body.page.total).toBe(1);
      expect(JSON.stringify(list.body)).not.toContain(secret);

      const audit = await prisma.auditEvent.findFirstOrThrow({
        where: { partnershipId, action: 'webhook.created', entityId: created.body.id },
      });
      expect(JSON.stringify(audit.details)).not.toContain(secret);
    });

    it('keeps a secret the admin chooses; an Idempotency-Key replay creates nothing new and does not show the secret again', async () => {
      const body = { url: 'http://127.0.0.1:9/x', secret: 'my-own-secret-0123456789' };
      const first = await http
        .post(webhooksPath())
        .set({ ...admin.headers, 'idempotency-key': 'wh-create-1' })
        .send(body)
        .expect(201);
      expect(first.body.secret).toBe(body.secret);
      expect(first.body.eventTypes).toEqual([]);
      const again = await http
        .post(webhooksPath())
        .set({ ...admin.headers, 'idempotency-key': 'wh-create-1' })
        .send(body)
        .expect(409);
      expect(again.body).toMatchObject({ type: '/problems/secret-shown-once', status: 409 });
      expect(again.body.detail).toContain(first.body.id);
      expect(JSON.stringify(again.body)).not.toContain(body.secret);
      expect(await prisma.webhook.count({ where: { partnershipId, url: body.url } })).toBe(1);
      const stored = await prisma.idempotencyKey.findFirstOrThrow({
        where: { key: 'wh-create-1' },
      });
      expect(stored.withheld).toEqual(['secret']);
      expect(JSON.stringify(stored.responseBody)).not.toContain(body.secret);
    });

    it('updates, pauses and deactivates a webhook, with audit events', async () => {
      const created = await http
        .post(webhooksPath())
        .set(admin.headers)
        .send({ url: 'https://example.org/a' })
        .expect(201);
      const path = `${webhooksPath()}/${created.body.id}`;
      const patched = await http
        .patch(path)
        .set(admin.headers)
        .send({ url: 'https://example.org/b', eventTypes: ['report.issued'], active: false })
        .expect(200);
      expect(patched.body).toMatchObject({
        url: 'https://example.org/b',
        eventTypes: ['report.issued'],
        active: false,
      });
      await http.patch(path).set(admin.headers).send({ active: true }).expect(200);
      await http.delete(path).set(admin.headers).expect(204);
      await http.delete(path).set(admin.headers).expect(204);
      const after = await http.get(path).set(admin.headers).expect(200);
      expect(after.body.active).toBe(false);
      const actions = (
        await prisma.auditEvent.findMany({
          where: { partnershipId, entityId: created.body.id },
          orderBy: { occurredAt: 'asc' },
        })
      ).map((e) => e.action);
      expect(actions).toEqual([
        'webhook.created',
        'webhook.updated',
        'webhook.updated',
        'webhook.deactivated',
      ]);
    });

    it('refuses a bad URL, an unknown event type, a short secret and unknown fields (400)', async () => {
      for (const [body, field] of [
        [{ url: 'ftp://example.org/x' }, 'url'],
        [{ url: 'not a url' }, 'url'],
        [{ url: 'https://example.org/x', eventTypes: ['trigger.rasied'] }, 'eventTypes'],
        [{ url: 'https://example.org/x', secret: 'short' }, 'secret'],
        [{ url: 'https://example.org/x', owner: 'me' }, 'owner'],
      ] as const) {
        const res = await http.post(webhooksPath()).set(admin.headers).send(body).expect(400);
        expect(res.headers['content-type']).toMatch(PROBLEM);
        expect(res.body.errors).toEqual(
          expect.arrayContaining([expect.objectContaining({ field })]),
        );
      }
      const created = await http
        .post(webhooksPath())
        .set(admin.headers)
        .send({ url: 'https://example.org/c' })
        .expect(201);
      await http
        .patch(`${webhooksPath()}/${created.body.id}`)
        .set(admin.headers)
        .send({ secret: 'x'.repeat(20) })
        .expect(400);
      await http.get(`${webhooksPath()}/not-a-uuid`).set(admin.headers).expect(400);
    });

    it('is for partnership admins: 401 without a key, 403 for a board member, 404 for a non-member', async () => {
      await http.get(webhooksPath()).expect(401);
      const forbidden = await http
        .post(webhooksPath())
        .set(board.headers)
        .send({ url: 'https://example.org/x' })
        .expect(403);
      expect(forbidden.headers['content-type']).toMatch(PROBLEM);
      await http.get(webhooksPath()).set(board.headers).expect(403);
      await http
        .get(`/v1/partnerships/${partnershipId}/notifications`)
        .set(board.headers)
        .expect(403);
      await http.get(webhooksPath()).set(outsider.headers).expect(404);
      await http
        .post(webhooksPath())
        .set(outsider.headers)
        .send({ url: 'https://example.org/x' })
        .expect(404);
      await http
        .get(`${webhooksPath()}/00000000-0000-4000-8000-000000000000`)
        .set(admin.headers)
        .expect(404);
    });
  });

  describe('the outbox (NotificationRepository.recordEvent)', () => {
    let subscribed: string;
    let other: string;

    beforeAll(async () => {
      await prisma.webhook.updateMany({ where: { partnershipId }, data: { active: false } });
      subscribed = (
        await http
          .post(webhooksPath())
          .set(admin.headers)
          .send({ url: 'https://example.org/all', active: false })
          .expect(201)
      ).body.id;
      other = (
        await http
          .post(webhooksPath())
          .set(admin.headers)
          .send({
            url: 'https://example.org/reports',
            eventTypes: ['report.issued'],
            active: false,
          })
          .expect(201)
      ).body.id;
    });
    afterAll(async () => {
      await prisma.notification.deleteMany({ where: { partnershipId } });
      await prisma.webhook.updateMany({ where: { partnershipId }, data: { active: false } });
    });

    it('writes one row per active subscribed webhook, once per event key, only if the caller commits', async () => {
      // Inactive webhooks get nothing.
      expect(await recordEvent('trigger.raised', 'trigger:t0', {})).toBe(0);
      await prisma.webhook.updateMany({
        where: { partnershipId, id: { in: [subscribed, other] } },
        data: { active: true },
      });
      expect(await recordEvent('trigger.raised', 'trigger:t1', { triggerId: 't1' })).toBe(1);
      expect(await recordEvent('trigger.raised', 'trigger:t1', { triggerId: 't1' })).toBe(0);
      expect(await recordEvent('report.issued', 'report:r1', { reportId: 'r1' })).toBe(2);
      await expect(
        db.transaction(async () => {
          await notifications.recordEvent(partnershipId, {
            type: 'report.issued',
            key: 'report:rolled-back',
            payload: {},
          });
          throw new Error('the event itself failed');
        }),
      ).rejects.toThrow('the event itself failed');
      const rows = await prisma.notification.findMany({ where: { partnershipId } });
      expect(
        rows.map((r) => `${r.webhookId === subscribed ? 'all' : 'reports'} ${r.eventKey}`).sort(),
      ).toEqual(['all report:r1', 'all trigger:t1', 'reports report:r1']);
      expect(rows.every((r) => r.status === 'pending' && r.attempts === 0)).toBe(true);
    });
  });

  describe('delivery by worker processes', () => {
    const connection = bullConnection(process.env.REDIS_URL!);
    const prefix = process.env.QUEUE_PREFIX!;
    const MAX_ATTEMPTS = 4;
    let queue: Queue;
    const workers: RunningProcess[] = [];
    const receivers: Receiver[] = [];

    const startWorker = async (): Promise<RunningProcess> => {
      const worker = await startWorkerProcess({
        NOTIFY_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
        NOTIFY_BACKOFF_BASE_MS: '100',
        NOTIFY_BACKOFF_MAX_MS: '400',
        NOTIFY_TIMEOUT_MS: '3000',
        NOTIFY_POLL_INTERVAL_MS: '250',
        NOTIFY_BATCH_SIZE: '2',
      });
      workers.push(worker);
      return worker;
    };

    /** Adds the one active webhook of the partnership (earlier ones are paused). */
    const addWebhook = async (
      receiver: Receiver,
      secret?: string,
    ): Promise<{ id: string; secret: string }> => {
      await prisma.webhook.updateMany({ where: { partnershipId }, data: { active: false } });
      const res = await http
        .post(webhooksPath())
        .set(admin.headers)
        .send({ url: receiver.url, ...(secret ? { secret } : {}) })
        .expect(201);
      return { id: res.body.id as string, secret: res.body.secret as string };
    };

    const notificationOf = (webhookId: string, eventKey: string) =>
      prisma.notification.findUniqueOrThrow({
        where: { partnershipId_webhookId_eventKey: { partnershipId, webhookId, eventKey } },
      });

    const waitForStatus = (
      webhookId: string,
      eventKey: string,
      status: string,
      timeoutMs = 20_000,
    ) =>
      waitFor(
        async () => {
          const n = await notificationOf(webhookId, eventKey);
          return n.status === status ? n : undefined;
        },
        timeoutMs,
        `notification ${eventKey} ${status}`,
      );

    beforeAll(async () => {
      buildOnce();
      queue = new Queue(QueueName.Notifications, { connection, prefix });
      // Earlier webhooks point nowhere useful: only this block's receivers take part.
      await prisma.webhook.updateMany({ where: { partnershipId }, data: { active: false } });
      await startWorker();
      await startWorker();
    });

    afterAll(async () => {
      for (const worker of workers)
        if (worker.child.exitCode === null) worker.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exited));
      for (const r of receivers) await r.close();
      await queue.removeJobScheduler('deliver-notifications');
      await queue.obliterate({ force: true });
      await queue.close();
      await prisma.webhook.updateMany({ where: { partnershipId }, data: { active: false } });
    });

    it('delivers an event once, signed, after the receiver recovers from refusing', async () => {
      const receiver = await startReceiver((nth) => (nth <= 3 ? 503 : 200));
      receivers.push(receiver);
      const webhook = await addWebhook(receiver);
      expect(
        await recordEvent('trigger.raised', 'trigger:recovering', {
          triggerId: 'recovering',
          toState: 'above',
        }),
      ).toBe(1);

      const row = await waitForStatus(webhook.id, 'trigger:recovering', 'delivered');
      expect(row.attempts).toBe(4);
      expect(row.deliveredAt).toBeInstanceOf(Date);
      expect(row.lastStatusCode).toBe(200);
      expect(row.lastError).toBeNull();

      const forRow = receiver.received.filter((r) => r.delivery === row.id);
      expect(forRow.map((r) => r.status)).toEqual([503, 503, 503, 200]);
      expect(receiver.successes(row.id)).toBe(1);

      const delivered = forRow[3];
      expect(delivered.headers['content-type']).toBe('application/json');
      expect(delivered.headers['x-ol-event']).toBe('trigger.raised');
      const timestamp = String(delivered.headers['x-ol-timestamp']);
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(300);
      const expected = createHmac('sha256', webhook.secret)
        .update(`${timestamp}.${delivered.body}`)
        .digest('hex');
      expect(delivered.headers['x-ol-signature']).toBe(`sha256=${expected}`);
      expect(JSON.parse(delivered.body)).toEqual({
        id: row.id,
        type: 'trigger.raised',
        key: 'trigger:recovering',
        partnershipId,
        occurredAt: row.createdAt.toISOString(),
        data: { triggerId: 'recovering', toState: 'above' },
      });
      // Every attempt sent the same body.
      expect(new Set(forRow.map((r) => r.body)).size).toBe(1);

      const conflict = await http
        .post(`/v1/partnerships/${partnershipId}/notifications/${row.id}/retry`)
        .set(admin.headers)
        .expect(409);
      expect(conflict.headers['content-type']).toMatch(PROBLEM);
    });

    it('marks a notification failed after the last attempt, shows it to admins, and a retry sends it again', async () => {
      const receiver = await startReceiver(() => 503);
      receivers.push(receiver);
      const webhook = await addWebhook(receiver);
      await recordEvent('report.issued', 'report:down', { reportId: 'down', version: 1 });

      const failed = await waitForStatus(webhook.id, 'report:down', 'failed');
      expect(failed.attempts).toBe(MAX_ATTEMPTS);
      expect(receiver.received.filter((r) => r.delivery === failed.id)).toHaveLength(MAX_ATTEMPTS);

      const list = await http
        .get(`/v1/partnerships/${partnershipId}/notifications`)
        .query({ status: 'failed', webhookId: webhook.id })
        .set(admin.headers)
        .expect(200);
      expect(list.body.page.total).toBe(1);
      expect(list.body.data[0]).toMatchObject({
        id: failed.id,
        webhookId: webhook.id,
        eventType: 'report.issued',
        eventKey: 'report:down',
        status: 'failed',
        attempts: MAX_ATTEMPTS,
        lastStatusCode: 503,
        lastError: 'HTTP 5xx',
        nextAttemptAt: null,
        deliveredAt: null,
        data: { reportId: 'down', version: 1 },
      });
      await http
        .get(`/v1/partnerships/${partnershipId}/notifications`)
        .query({ status: 'lost' })
        .set(admin.headers)
        .expect(400);

      // The receiver is fixed; the admin retries.
      receiver.respond = () => 204;
      const retried = await http
        .post(`/v1/partnerships/${partnershipId}/notifications/${failed.id}/retry`)
        .set(admin.headers)
        .expect(200);
      expect(retried.body).toMatchObject({ id: failed.id, status: 'pending', attempts: 0 });
      expect(
        await prisma.auditEvent.count({
          where: { partnershipId, action: 'notification.retried', entityId: failed.id },
        }),
      ).toBe(1);

      const delivered = await waitForStatus(webhook.id, 'report:down', 'delivered');
      expect(delivered.attempts).toBe(1);
      expect(receiver.successes(failed.id)).toBe(1);
    });

    it('two workers deliver a batch of 20 notifications, each exactly once', async () => {
      const receiver = await startReceiver(() => 200, 30);
      receivers.push(receiver);
      const webhook = await addWebhook(receiver);
      await db.transaction(async () => {
        for (let i = 0; i < 20; i++) {
          await notifications.recordEvent(partnershipId, {
            type: 'report.issued',
            key: `report:batch-${i}`,
            payload: { reportId: `batch-${i}` },
          });
        }
      });
      // Many delivery jobs at once, as a burst of kicks would make, spread over both workers.
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          queue.add(JobName.DeliverNotifications, { partnershipId }, { jobId: `test-burst-${i}` }),
        ),
      );
      await waitFor(
        async () => {
          const pending = await prisma.notification.count({
            where: { partnershipId, webhookId: webhook.id, status: { not: 'delivered' } },
          });
          return pending === 0 ? true : undefined;
        },
        20_000,
        'all 20 delivered',
      );
      const rows = await prisma.notification.findMany({
        where: { partnershipId, webhookId: webhook.id },
      });
      expect(rows).toHaveLength(20);
      expect(rows.every((r) => r.attempts === 1)).toBe(true);
      expect(receiver.received).toHaveLength(20);
      expect(new Set(receiver.received.map((r) => r.delivery))).toEqual(
        new Set(rows.map((r) => r.id)),
      );
      for (const worker of workers) expect(worker.output()).not.toMatch(/"level":50/);
    });
  });
});
