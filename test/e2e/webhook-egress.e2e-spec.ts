import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaService, type ClaimedNotification } from '@ol/persistence';
import * as dnsPacket from 'dns-packet';
import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { WorkerConfig } from '../../apps/worker/src/config/worker.config';
import { WebhookSender } from '../../apps/worker/src/notifications/webhook-sender';
import { createPartnership, createUserWithKey, grantRole } from '../factories';
import { createTestApp, truncateAll } from '../setup/test-app';

/**
 * Webhooks cannot be aimed inward (SSRF): with no operator allow-list, every spelling of a
 * loopback, private, link-local, unique-local, multicast or unspecified address is refused at
 * registration, as are plain http and credentials in the URL; a name whose DNS answer changes to
 * a private address after registration is refused at delivery, before any connection. Names are
 * resolved with a DNS server this test runs on loopback; nothing leaves the machine.
 */
describe('webhook egress (HTTP, real PostgreSQL, a DNS server on loopback)', () => {
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let dns: Socket;
  let dnsServer: string;
  const answers = new Map<string, string>();
  let admin: Awaited<ReturnType<typeof createUserWithKey>>;
  let pid: string;

  beforeAll(async () => {
    dns = createSocket('udp4');
    dns.on('message', (message, peer) => {
      const query = dnsPacket.decode(message);
      const question = query.questions?.[0];
      const address = question && answers.get(question.name);
      const answer =
        question && address && question.type === 'A'
          ? [{ type: 'A' as const, name: question.name, ttl: 0, data: address }]
          : [];
      const response = dnsPacket.encode({
        type: 'response',
        id: query.id,
        flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
        questions: query.questions,
        answers: answer,
      });
      dns.send(response, peer.port, peer.address);
    });
    await new Promise<void>((resolve) => dns.bind(0, '127.0.0.1', resolve));
    dnsServer = `127.0.0.1:${dns.address().port}`;
    app = await createTestApp({
      WEBHOOK_ALLOW_HTTP: 'false',
      WEBHOOK_ALLOWED_HOSTS: '',
      WEBHOOK_DNS_SERVER: dnsServer,
    });
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    admin = await createUserWithKey(prisma);
    pid = (await createPartnership(prisma)).id;
    await grantRole(prisma, pid, admin.userId, 'admin');
  });
  afterAll(async () => {
    await app.close();
    dns.close();
  });

  const register = (url: string) =>
    http.post(`/v1/partnerships/${pid}/webhooks`).set(admin.headers).send({ url });

  it.each([
    'https://127.0.0.1:5432/',
    'https://127.1:6379/',
    'https://2130706433/',
    'https://0x7f000001:3000/',
    'https://0177.0.0.1/',
    'https://[::1]:5432/',
    'https://[::ffff:127.0.0.1]/',
    'https://[::]/',
    'https://0.0.0.0/',
    'https://10.0.0.1/',
    'https://172.16.5.4/',
    'https://192.168.1.1/',
    'https://169.254.169.254/latest/meta-data/',
    'https://[fe80::1]/',
    'https://[fd00::1]/',
    'https://224.0.0.1/',
    'https://[ff02::1]/',
    'https://inside.test/hooks',
  ])('refuses %s at registration (nothing stored)', async (url) => {
    answers.set('inside.test', '10.1.2.3');
    const res = await register(url);
    // 422 from the address check; a few spellings are not URLs to the validator already (400).
    expect([400, 422]).toContain(res.status);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['url']);
    if (res.status === 422) {
      expect(res.body.errors[0].reason).toMatch(/^must reach a public address/);
    }
    expect(await prisma.webhook.count({ where: { partnershipId: pid } })).toBe(0);
  });

  it('refuses plain http, credentials in the URL and names that do not resolve', async () => {
    answers.set('hooks.test', '93.184.216.34');
    expect((await register('http://hooks.test/x').expect(422)).body.errors[0].reason).toBe(
      'must be an https:// URL',
    );
    const creds = await register('https://user:pass@hooks.test/x').expect(422);
    expect(creds.body.errors[0].reason).toMatch(/credentials/);
    expect(JSON.stringify(creds.body)).not.toContain('pass@');
    expect((await register('https://nowhere.test/x').expect(422)).body.errors[0].reason).toBe(
      'its host name does not resolve',
    );
    expect(await prisma.webhook.count({ where: { partnershipId: pid } })).toBe(0);
  });

  it('refuses at delivery a name that now resolves to a private address, before connecting', async () => {
    // A receiver on loopback stands for "inside": it must never be reached.
    let reached = 0;
    const inside: Server = createServer((_req, res) => {
      reached += 1;
      res.end('inside');
    });
    await new Promise<void>((resolve) => inside.listen(0, '127.0.0.1', resolve));
    const port = (inside.address() as AddressInfo).port;
    try {
      answers.set('rebind.test', '93.184.216.34');
      const created = await register(`https://rebind.test:${port}/hooks`).expect(201);
      expect(created.body.url).toBe(`https://rebind.test:${port}/hooks`);
      // The name now points inside.
      answers.set('rebind.test', '127.0.0.1');
      const config = Object.assign(new WorkerConfig(), {
        WEBHOOK_ALLOW_HTTP: false,
        WEBHOOK_ALLOWED_HOSTS: '',
        WEBHOOK_DNS_SERVER: dnsServer,
        NOTIFY_TIMEOUT_MS: 2_000,
      });
      const sender = new WebhookSender(config);
      const outcome = await sender.send({
        id: '00000000-0000-4000-8000-000000000001',
        partnershipId: pid,
        webhookId: created.body.id,
        eventType: 'report.issued',
        eventKey: 'report:x',
        payload: {},
        url: created.body.url,
        secret: 'rebind-test-secret',
        attempts: 0,
        createdAt: new Date(),
      });
      expect(outcome).toEqual({
        ok: false,
        statusCode: null,
        error:
          'refused: the URL must reach a public address: rebind.test resolves to one that is a loopback address',
      });
      expect(reached).toBe(0);
    } finally {
      inside.closeAllConnections();
      await new Promise<void>((resolve) => inside.close(() => resolve()));
    }
  });

  it('stores a status class or "connection failed", never a socket error', async () => {
    const config = Object.assign(new WorkerConfig(), {
      WEBHOOK_ALLOW_HTTP: true,
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      NOTIFY_TIMEOUT_MS: 2_000,
    });
    const sender = new WebhookSender(config);
    const notification = (url: string) =>
      ({
        id: '00000000-0000-4000-8000-000000000002',
        partnershipId: pid,
        eventType: 'report.issued',
        eventKey: 'report:y',
        payload: {},
        url,
        secret: 'status-class-secret',
        attempts: 0,
        createdAt: new Date(),
      }) as unknown as ClaimedNotification;
    // A closed port: connection refused, stored as "connection failed".
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await sender.send(notification(`http://127.0.0.1:${closedPort}/`))).toEqual({
      ok: false,
      statusCode: null,
      error: 'connection failed',
    });
    // An answer: its class only.
    const answering = createServer((_req, res) => res.writeHead(404).end('no'));
    await new Promise<void>((resolve) => answering.listen(0, '127.0.0.1', resolve));
    try {
      const port = (answering.address() as AddressInfo).port;
      expect(await sender.send(notification(`http://127.0.0.1:${port}/`))).toEqual({
        ok: false,
        statusCode: 404,
        error: 'HTTP 4xx',
      });
    } finally {
      answering.closeAllConnections();
      await new Promise<void>((resolve) => answering.close(() => resolve()));
    }
  });
});
