import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { bullConnection, JobName, QueueName } from '@ol/jobs';
import { PrismaService } from '@ol/persistence';
import { Queue, QueueEvents, Worker } from 'bullmq';
import request from 'supertest';
import { createPartnership, createUserWithKey, grantRole } from '../factories';
import { createTestApp, truncateAll } from '../setup/test-app';

const PROBLEM = /application\/problem\+json/;

describe('admin: queue state', () => {
  const connection = bullConnection(process.env.REDIS_URL!);
  const prefix = process.env.QUEUE_PREFIX!;
  let app: NestFastifyApplication;
  let prisma: PrismaService;
  let http: ReturnType<typeof request>;
  let platformAdmin: Awaited<ReturnType<typeof createUserWithKey>>;
  let partnershipAdmin: Awaited<ReturnType<typeof createUserWithKey>>;
  let queue: Queue;
  const jobIds: string[] = [];

  beforeAll(async () => {
    app = await createTestApp();
    prisma = app.get(PrismaService);
    await truncateAll(prisma);
    http = request(app.getHttpServer());
    platformAdmin = await createUserWithKey(prisma, { admin: true });
    partnershipAdmin = await createUserWithKey(prisma);
    const partnership = await createPartnership(prisma);
    await grantRole(prisma, partnership.id, partnershipAdmin.userId, 'admin');

    // One delayed job and one failed job on the imports queue (no worker process runs here).
    queue = new Queue(QueueName.Imports, { connection, prefix });
    const delayed = await queue.add(
      JobName.CommitDeliveryImport,
      { partnershipId: partnership.id, importId: '00000000-0000-4000-8000-000000000001' },
      { jobId: 'admin-test-delayed', delay: 3_600_000 },
    );
    jobIds.push(delayed.id!);
    const events = new QueueEvents(QueueName.Imports, { connection, prefix });
    await events.waitUntilReady();
    const failing = await queue.add(
      JobName.CommitDeliveryImport,
      { partnershipId: partnership.id, importId: '00000000-0000-4000-8000-000000000002' },
      { jobId: 'admin-test-failing', attempts: 1 },
    );
    jobIds.push(failing.id!);
    const worker = new Worker(
      QueueName.Imports,
      (job) => Promise.reject(new Error(`import ${String(job.data.importId)} exploded`)),
      { connection, prefix },
    );
    await expect(failing.waitUntilFinished(events, 10_000)).rejects.toThrow('exploded');
    await worker.close();
    await events.close();
  });

  afterAll(async () => {
    for (const id of jobIds) await queue.remove(id);
    await queue.close();
    await app.close();
  });

  it('shows every queue’s job counts to a platform admin', async () => {
    const res = await http.get('/v1/admin/queues').set(platformAdmin.headers).expect(200);
    const names = (res.body.data as { name: string }[]).map((q) => q.name).sort();
    expect(names).toEqual(Object.values(QueueName).sort());
    for (const q of res.body.data as { paused: boolean; counts: Record<string, number> }[]) {
      expect(q.paused).toBe(false);
      expect(Object.keys(q.counts).sort()).toEqual(
        [
          'active',
          'completed',
          'delayed',
          'failed',
          'prioritized',
          'waiting',
          'waitingChildren',
        ].sort(),
      );
      for (const n of Object.values(q.counts)) expect(Number.isInteger(n)).toBe(true);
    }
    const imports = (res.body.data as { name: string; counts: Record<string, number> }[]).find(
      (q) => q.name === QueueName.Imports,
    )!;
    expect(imports.counts.delayed).toBeGreaterThanOrEqual(1);
    expect(imports.counts.failed).toBeGreaterThanOrEqual(1);
  });

  it('lists the most recent failed jobs of a queue', async () => {
    const res = await http
      .get(`/v1/admin/queues/${QueueName.Imports}/failed`)
      .query({ limit: 10 })
      .set(platformAdmin.headers)
      .expect(200);
    expect(res.body.queue).toBe(QueueName.Imports);
    const job = (res.body.data as { id: string }[]).find((j) => j.id === 'admin-test-failing');
    expect(job).toMatchObject({
      name: JobName.CommitDeliveryImport,
      attemptsMade: 1,
      failedReason: 'import 00000000-0000-4000-8000-000000000002 exploded',
      data: { importId: '00000000-0000-4000-8000-000000000002' },
    });
    expect(new Date((job as unknown as { timestamp: string }).timestamp).getTime()).not.toBeNaN();
  });

  it('answers 404 for an unknown queue and 400 for a bad limit', async () => {
    const res = await http
      .get('/v1/admin/queues/nope/failed')
      .set(platformAdmin.headers)
      .expect(404);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    await http
      .get(`/v1/admin/queues/${QueueName.Imports}/failed`)
      .query({ limit: 0 })
      .set(platformAdmin.headers)
      .expect(400);
  });

  it('is for platform admins only: 401 without a key, 403 for anyone else', async () => {
    await http.get('/v1/admin/queues').expect(401);
    const res = await http.get('/v1/admin/queues').set(partnershipAdmin.headers).expect(403);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    await http
      .get(`/v1/admin/queues/${QueueName.Imports}/failed`)
      .set(partnershipAdmin.headers)
      .expect(403);
  });
});
